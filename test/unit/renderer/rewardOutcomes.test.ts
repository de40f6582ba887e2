/**
 * Reward outcomes in words and an epoch's layers counted as paid, pending and missed: pending layers are never
 * misses, older nodes without per-layer outcomes still count from their totals.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EpochRewardInfo } from '../../../core/api/contract/contract.js';
import { countLayers, outcomeWords } from '../../../renderer/src/logic/rewardOutcomes.js';

const base: EpochRewardInfo = { epoch: 3, smesherId: 'aa', expected: '300', actual: '100', eligibleLayers: 3, paidLayers: 1, gaps: [] };

describe('reward outcomes', () => {
  it('says each outcome and cause in words; pending is not a miss; unknown codes pass through readable', () => {
    assert.equal(outcomeWords('paid'), 'paid');
    assert.match(outcomeWords('pending'), /can still pay/);
    assert.doesNotMatch(outcomeWords('pending'), /missed/);
    assert.match(outcomeWords('node_offline'), /not running/);
    assert.match(outcomeWords('missed_proposal'), /no proposal/);
    assert.match(outcomeWords('late_proposal'), /too late/);
    assert.match(outcomeWords('empty_layer'), /empty layer/);
    assert.match(outcomeWords('share_variance'), /forecast/);
    assert.match(outcomeWords('fees'), /fees/);
    assert.equal(outcomeWords('new_cause'), 'new cause');
  });

  it('counts per-layer outcomes: paid, pending, and every other outcome as missed', () => {
    const e: EpochRewardInfo = {
      ...base,
      eligibleLayers: 4,
      layers: [
        { layer: 10, count: 1, expected: '100', outcome: 'paid' },
        { layer: 11, count: 1, expected: '100', outcome: 'node_offline' },
        { layer: 12, count: 2, expected: '200', outcome: 'pending' },
        { layer: 13, count: 1, expected: '100', outcome: 'empty_layer' },
      ],
    };
    assert.deepEqual(countLayers(e), { paid: 1, pending: 1, missed: 2 });
  });

  it('falls back to the totals: pending layers are taken out of the misses', () => {
    assert.deepEqual(countLayers(base), { paid: 1, pending: 0, missed: 2 });
    assert.deepEqual(countLayers({ ...base, pendingLayers: 2, pending: '200' }), { paid: 1, pending: 2, missed: 0 });
  });
});
