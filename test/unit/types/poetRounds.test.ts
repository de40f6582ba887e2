/**
 * PoET round schedule against the standalone timeline of spec §10 (genesis T: round 0 = [T+30 s, T+60 s)).
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { executingPoetRound, openPoetRound, poetRoundEndMs, poetRoundStartMs, publishEpochOfRound } from '../../../core/types/poetRounds.js';

const T = 1_700_000_000_000;
const standalone = { genesisTimeMs: T, epochMs: 60_000, phaseShiftMs: 30_000, cycleGapMs: 30_000 };

describe('PoET rounds', () => {
  it('follow the standalone timeline', () => {
    assert.equal(poetRoundStartMs(standalone, 0), T + 30_000);
    assert.equal(poetRoundEndMs(standalone, 0), T + 60_000);
    assert.equal(poetRoundStartMs(standalone, 1), T + 90_000);
    assert.equal(openPoetRound(standalone, T + 18_000), 0);
    assert.equal(openPoetRound(standalone, T + 30_000), 1);
    assert.equal(executingPoetRound(standalone, T + 45_000), 0);
    assert.equal(executingPoetRound(standalone, T + 70_000), null, 'cycle gap');
    assert.equal(executingPoetRound(standalone, T + 10_000), null, 'before the first round');
    assert.equal(publishEpochOfRound(0), 1);
  });

  it('always has the open round start after now and the previous one at or before', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 9 }), (offset) => {
        const now = T + offset;
        const open = openPoetRound(standalone, now);
        return poetRoundStartMs(standalone, open) > now && (open === 0 || poetRoundStartMs(standalone, open - 1) <= now);
      }),
    );
  });
});
