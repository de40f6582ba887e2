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
    const base = { count: 2, applied: true, proposalSigned: true, hareDecided: true, inHareOutput: true, layerHasBlock: true, paid: null };
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
    assert.deepEqual(account.layers.map((l) => l.outcome), ['paid', 'paid', 'node_offline', 'missed_proposal', 'late_proposal', 'empty_layer']);
    assert.equal(account.pending, 0n);
  });

  it('counts eligible layers not applied yet as pending, never as a gap, and keeps the sum exact', () => {
    const layers = [20, 24, 27, 29].map((layer) => ({ layer, count: 1 }));
    const forecast = expectedEpochReward({ epoch: 2, layersPerEpoch: 10, weight: 100n, totalWeight: 400n, eligibilities: 4, eligibleLayers: layers });
    const exp = new Map(forecast.layers.map((l) => [l.layer, l.expected]));
    const base = { count: 1, applied: true, proposalSigned: true, hareDecided: true, inHareOutput: true, layerHasBlock: true, paid: null };
    // An epoch in progress: 20 paid, 24 missed (applied empty, nothing signed), 27 and 29 not reached.
    const facts: EligibleLayerFacts[] = [
      { ...base, layer: 20, paid: { totalReward: exp.get(20)!, layerReward: exp.get(20)! } },
      { ...base, layer: 24, proposalSigned: false, hareDecided: false, inHareOutput: false, layerHasBlock: false },
      { ...base, layer: 27, applied: false, proposalSigned: false, hareDecided: false, inHareOutput: false, layerHasBlock: false },
      { ...base, layer: 29, applied: false, proposalSigned: false, hareDecided: false, inHareOutput: false, layerHasBlock: false },
    ];
    const account = accountEpoch(forecast, facts);
    assert.deepEqual(account.gaps.map((g) => [g.layer, g.cause]), [[24, 'node_offline']]);
    assert.deepEqual(account.layers.map((l) => [l.layer, l.outcome]), [[20, 'paid'], [24, 'node_offline'], [27, 'pending'], [29, 'pending']]);
    assert.equal(account.pendingLayers, 2);
    assert.equal(account.pending, exp.get(27)! + exp.get(29)!);
    assert.equal(account.gaps.reduce((s, g) => s + g.amount, 0n), account.actual - (account.expected - account.pending));
  });

  it('names a signed proposal whose hare ended without a result by what the layer got, not as late', () => {
    const forecast = { epoch: 2, expected: 0n, layers: [21, 22].map((layer) => ({ layer, subsidy: 0n, expected: 0n })) };
    const base = { count: 1, applied: true, proposalSigned: true, hareDecided: false, inHareOutput: false, paid: null };
    const account = accountEpoch(forecast, [
      // No hare result and no block: the hare did not terminate.
      { ...base, layer: 21, layerHasBlock: false },
      // No hare result here, but the network's block (certificate or tortoise) does not pay us.
      { ...base, layer: 22, layerHasBlock: true },
    ]);
    assert.deepEqual(account.layers.map((l) => [l.layer, l.outcome]), [[21, 'empty_layer'], [22, 'late_proposal']]);
  });

  it('keeps an eligible layer with a zero forecast out of the gaps but still names its outcome', () => {
    const forecast = { epoch: 2, expected: 0n, layers: [{ layer: 21, subsidy: 0n, expected: 0n }] };
    const facts: EligibleLayerFacts[] = [{ layer: 21, count: 1, applied: true, proposalSigned: true, hareDecided: true, inHareOutput: false, layerHasBlock: true, paid: null }];
    const account = accountEpoch(forecast, facts);
    assert.deepEqual(account.gaps, []);
    assert.deepEqual(account.layers, [{ layer: 21, count: 1, expected: 0n, outcome: 'late_proposal' }]);
  });
});
