/**
 * The reward account (issue #6 item 9): each unpaid eligible layer gets its cause (node offline, missed or late
 * proposal, empty layer), paid layers their share variance and fees, and the gaps always sum to actual − expected.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type EligibleLayerFacts, accountEpoch } from '../../../core/rewards/account.js';
import { expectedEpochReward } from '../../../core/rewards/forecast.js';

describe('reward account', () => {
  it('names the cause of every difference', () => {
    const layers = [20, 21, 22, 23, 24, 25].map((layer) => ({ layer, count: 2 }));
    const forecast = expectedEpochReward({ epoch: 2, layersPerEpoch: 10, weight: 100n, totalWeight: 400n, eligibilities: 12, eligibleLayers: layers });
    const exp = new Map(forecast.layers.map((l) => [l.layer, l.expected]));
    const base = { count: 2, proposalSigned: true, hareDecided: true, inHareOutput: true, layerHasBlock: true, paid: null };
    const facts: EligibleLayerFacts[] = [
      { ...base, layer: 20, paid: { totalReward: exp.get(20)! + 7n, layerReward: exp.get(20)! } },
      { ...base, layer: 21, paid: { totalReward: exp.get(21)! - 5n, layerReward: exp.get(21)! - 5n } },
      { ...base, layer: 22, proposalSigned: false, hareDecided: false, inHareOutput: false },
      { ...base, layer: 23, proposalSigned: false, inHareOutput: false },
      { ...base, layer: 24, inHareOutput: false },
      { ...base, layer: 25, hareDecided: false, layerHasBlock: false },
    ];
    const account = accountEpoch(forecast, facts);
    assert.deepEqual(
      account.gaps.map((g) => [g.layer, g.cause]),
      [
        [20, 'fees'],
        [21, 'share_variance'],
        [22, 'node_offline'],
        [23, 'missed_proposal'],
        [24, 'late_proposal'],
        [25, 'empty_layer'],
      ],
    );
    assert.equal(account.gaps.reduce((s, g) => s + g.amount, 0n), account.actual - account.expected);
    assert.equal(account.paidLayers, 2);
  });
});
