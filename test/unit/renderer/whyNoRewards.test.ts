/**
 * The "why no rewards?" checklist while smeshing is paused: the smeshing step stays open and says to resume, so
 * the first open step is never a later one the node cannot reach while paused.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NodeStatus } from '../../../core/api/contract/contract.js';
import { whyNoRewards } from '../../../renderer/src/logic/whyNoRewards.js';

const statusWith = (state: string) => ({ identities: [{ smesherId: 'aa', state, error: null }] }) as unknown as NodeStatus;
const facts = { progress: [], events: [], atxCount: 0, upcoming: [], rewards: [] };

describe('why no rewards while paused', () => {
  it('keeps the smeshing step open with a resume hint; running smeshing passes it', () => {
    const paused = whyNoRewards({ status: statusWith('paused'), ...facts });
    const step = paused.find((c) => c.id === 'smeshing')!;
    assert.equal(step.done, false);
    assert.match(step.detail, /paused: resume/);
    assert.equal(paused.find((c) => !c.done), step, 'the first open step');
    for (const state of ['working', 'sleeping']) assert.equal(whyNoRewards({ status: statusWith(state), ...facts }).find((c) => c.id === 'smeshing')!.done, true, state);
  });
});
