/**
 * The accrual chart's data: cumulative actual and expected steps on one time axis, the actual line cut at now,
 * forecasts from epoch accounts and from layers ahead without double counting, per-identity series only with
 * several identities, and the range buttons' bounds and rows.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EligibilityInfo, EligibleLayerOutcome, EpochRewardInfo, RewardInfo } from '../../../core/api/contract/contract.js';
import { buildAccrual, pointsInRange, rangeBounds } from '../../../renderer/src/logic/accrualSeries.js';

const G = 1_700_000_000_000;
const timing = { genesisTimeMs: G, layerDurationMs: 6_000, layersPerEpoch: 10 };
const at = (layer: number) => G + layer * 6_000;
const A = 'aa'.repeat(32);
const B = 'bb'.repeat(32);
const reward = (smesherId: string, layer: number, total: string): RewardInfo => ({ layer, layerTimeMs: at(layer), coinbase: 'sm1qq', smesherId, total, layerReward: total });
const epoch = (smesherId: string, n: number, layers: [number, string, EligibleLayerOutcome][]): EpochRewardInfo => ({
  epoch: n,
  smesherId,
  expected: String(layers.reduce((s, [, e]) => s + BigInt(e), 0n)),
  actual: '0',
  eligibleLayers: layers.length,
  paidLayers: 0,
  gaps: [],
  layers: layers.map(([layer, expected, outcome]) => ({ layer, count: 1, expected, outcome })),
});

describe('accrual series', () => {
  it('one identity: total actual and expected as running sums; actual stops at now, expected runs on', () => {
    const rewards = [reward(A, 21, '90'), reward(A, 20, '100')];
    const epochs = [epoch(A, 2, [[20, '100', 'paid'], [21, '100', 'paid'], [22, '100', 'pending']])];
    const upcoming: EligibilityInfo[] = [
      { smesherId: A, layer: 22, layerTimeMs: at(22), count: 1, expected: '100' },
      { smesherId: A, layer: 31, layerTimeMs: at(31), count: 1, expected: '50' },
    ];
    const data = buildAccrual(rewards, epochs, upcoming, timing, at(21) + 1);
    assert.deepEqual(data.layers, [20, 21, 22, 31]);
    assert.deepEqual(data.times, [at(20), at(21), at(22), at(31)]);
    assert.deepEqual(data.series.map((s) => s.label), ['Actual, total', 'Expected, total']);
    assert.deepEqual(data.series[0]!.values, [100n, 190n, null, null]);
    assert.deepEqual(data.series[1]!.values, [100n, 200n, 300n, 350n], 'layer 22 counted once: from the epoch, not again from upcoming');
  });

  it('several identities: a total pair plus a pair per identity, and the totals are their sums', () => {
    const rewards = [reward(A, 20, '10'), reward(B, 20, '5'), reward(B, 23, '7')];
    const epochs = [epoch(A, 2, [[20, '10', 'paid']]), epoch(B, 2, [[20, '6', 'paid'], [23, '6', 'paid']])];
    const data = buildAccrual(rewards, epochs, [], timing, at(30));
    assert.deepEqual(data.series.map((s) => [s.kind, s.smesherId]), [['actual', null], ['expected', null], ['actual', A], ['expected', A], ['actual', B], ['expected', B]]);
    const values = (kind: string, id: string | null) => data.series.find((s) => s.kind === kind && s.smesherId === id)!.values;
    assert.deepEqual(values('actual', null), [15n, 22n]);
    assert.deepEqual(values('actual', A), [10n, 10n]);
    assert.deepEqual(values('actual', B), [5n, 12n]);
    assert.deepEqual(values('expected', null), [16n, 22n]);
  });

  it('nothing yet: no points, no range', () => {
    const data = buildAccrual([], [], [], timing, at(5));
    assert.deepEqual(data.times, []);
    assert.equal(rangeBounds(data, 'all', at(5)), null);
  });

  it('ranges: all time from the first point; the last day, week and month end at the last point or now', () => {
    const day = 86_400_000;
    const rewards = [reward(A, 0, '1'), reward(A, 30_000, '1')];
    const data = buildAccrual(rewards, [], [], timing, at(30_000) + 1);
    const now = at(30_000) + 1;
    assert.deepEqual(rangeBounds(data, 'all', now), { minMs: at(0), maxMs: now });
    assert.deepEqual(rangeBounds(data, 'day', now), { minMs: now - day, maxMs: now });
    assert.deepEqual(pointsInRange(data, rangeBounds(data, 'day', now)!), [1], 'the first reward is two days old');
    assert.deepEqual(pointsInRange(data, rangeBounds(data, 'week', now)!), [0, 1]);
  });
});
