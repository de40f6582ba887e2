/**
 * Pure activation rules: the round and publish epoch a challenge targets on the standalone timeline (docs/protocol/standalone.md §3),
 * positioning ATX choice, challenge forms, ticks and weight.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { atxWeight, buildChallenge, challengeTarget, selectPositioningAtx, tickCount } from '../../../core/activation/logic.js';
import type { AtxRow } from '../../../core/activation/store.js';
import { EMPTY_ID } from '../../../core/activation/wire.js';

const T = 1_800_000_000_000;
const schedule = { genesisMs: T, phaseShiftMs: 30_000, epochMs: 60_000, cycleGapMs: 30_000 };
const GOLDEN = new Uint8Array(32).fill(0x60);
const atx = (id: number, base: number, ticks: number, sequence = 0): AtxRow => ({ id: new Uint8Array(32).fill(id), baseTickHeight: base, tickCount: ticks, sequence }) as AtxRow;

describe('challengeTarget', () => {
  it('follows the standalone timeline: build at T+18 s for round 0 (publish epoch 1), round 1 after T+30 s', () => {
    assert.deepEqual(challengeTarget(schedule, 12_000, T), { round: 0, publishEpoch: 1, buildAtMs: T + 18_000, registerByMs: T + 30_000 });
    assert.equal(challengeTarget(schedule, 12_000, T + 29_999).round, 0);
    assert.deepEqual(challengeTarget(schedule, 12_000, T + 30_000), { round: 1, publishEpoch: 2, buildAtMs: T + 78_000, registerByMs: T + 90_000 });
    assert.equal(challengeTarget(schedule, 12_000, T + 61_000).publishEpoch, 2, 'in the cycle gap after round 0, the next round is 1');
  });
});

describe('selectPositioningAtx', () => {
  it('picks the higher of the best candidate and own previous ATX, own on a tie, golden when none', () => {
    assert.deepEqual(selectPositioningAtx(undefined, undefined, GOLDEN), GOLDEN);
    assert.deepEqual(selectPositioningAtx(atx(1, 0, 5), undefined, GOLDEN), atx(1, 0, 5).id);
    assert.deepEqual(selectPositioningAtx(atx(1, 0, 5), atx(2, 2, 3), GOLDEN), atx(2, 2, 3).id);
    assert.deepEqual(selectPositioningAtx(atx(1, 0, 6), atx(2, 2, 3), GOLDEN), atx(1, 0, 6).id);
    assert.deepEqual(selectPositioningAtx(undefined, atx(2, 0, 1), GOLDEN), atx(2, 0, 1).id);
  });
});

describe('buildChallenge', () => {
  const initialPost = { nonce: 1, indices: new Uint8Array(4), pow: 0n };
  it('initial: sequence 0, empty prev, commitment and initial PoST', () => {
    const c = buildChallenge({ publishEpoch: 1, prev: undefined, positioningAtxId: GOLDEN, commitmentAtxId: GOLDEN, initialPost });
    assert.deepEqual(c, { publishEpoch: 1, sequence: 0n, prevAtxId: EMPTY_ID, positioningAtxId: GOLDEN, commitmentAtxId: GOLDEN, initialPost });
  });
  it('follow-up: sequence prev + 1, prev id, no commitment or initial PoST', () => {
    const prev = atx(9, 0, 2, 4);
    const c = buildChallenge({ publishEpoch: 6, prev, positioningAtxId: prev.id, commitmentAtxId: GOLDEN, initialPost });
    assert.deepEqual(c, { publishEpoch: 6, sequence: 5n, prevAtxId: prev.id, positioningAtxId: prev.id, commitmentAtxId: null, initialPost: null });
  });
});

describe('ticks and weight', () => {
  it('ticks = floor(leaves / tick size); weight = units × ticks, overflow refused', () => {
    assert.equal(tickCount(150, 100), 1);
    assert.equal(tickCount(99, 100), 0);
    assert.equal(tickCount(9_331_200 * 3 + 5, 9_331_200), 3);
    assert.throws(() => tickCount(1, 0), RangeError);
    assert.equal(atxWeight(4, 494), 1976);
    assert.throws(() => atxWeight(0xffff_ffff, 2 ** 40), /overflows/);
  });
});
