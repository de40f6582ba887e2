/**
 * The epoch forecast: a lone smesher expects the subsidy of exactly the layers it is eligible in; without
 * per-layer eligibilities the expectation is the weight share of the epoch's subsidy; shares follow weight.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expectedEpochReward } from '../../../core/rewards/forecast.js';
import { layerSubsidy } from '../../../core/rewards/issuance.js';
import { hasErrorCode } from '../../../core/util/errors.js';

const LPE = 10;

describe('expectedEpochReward', () => {
  it('a lone smesher gets the whole subsidy of its eligible layers and nothing in the others', () => {
    const f = expectedEpochReward({ epoch: 2, layersPerEpoch: LPE, weight: 64n, totalWeight: 64n, eligibilities: 3, eligibleLayers: [{ layer: 21, count: 2 }, { layer: 27, count: 1 }] });
    assert.equal(f.layers.length, LPE);
    assert.equal(f.expected, layerSubsidy(21, LPE) + layerSubsidy(27, LPE));
    assert.equal(f.layers.find((l) => l.layer === 22)?.expected, 0n);
  });

  it('without per-layer eligibilities expects the weight share of every layer', () => {
    const f = expectedEpochReward({ epoch: 3, layersPerEpoch: LPE, weight: 1n, totalWeight: 4n, eligibilities: 5 });
    let sum = 0n;
    for (let l = 30; l < 40; l++) sum += layerSubsidy(l, LPE) / 4n;
    assert.equal(f.expected, sum);
  });

  it('starts at the first effective genesis layer in the genesis epoch', () => {
    const f = expectedEpochReward({ epoch: 1, layersPerEpoch: LPE, weight: 1n, totalWeight: 1n, eligibilities: 1 });
    assert.deepEqual(f.layers.map((l) => l.layer), [19]);
  });

  it('with eligibilities of two smeshers, each expects its layer share c·w·LPE / (c·w·LPE + (T−w)·E)', () => {
    const f = expectedEpochReward({ epoch: 2, layersPerEpoch: LPE, weight: 3n, totalWeight: 4n, eligibilities: 6, eligibleLayers: [{ layer: 20, count: 1 }] });
    const s = layerSubsidy(20, LPE);
    assert.equal(f.expected, (s * 30n) / (30n + 6n));
  });

  it('refuses arguments that describe no epoch', () => {
    const base = { epoch: 2, layersPerEpoch: LPE, weight: 1n, totalWeight: 2n, eligibilities: 1 };
    for (const bad of [{ weight: 0n }, { totalWeight: 0n }, { eligibilities: 0 }, { layersPerEpoch: 0 }, { eligibleLayers: [{ layer: 30, count: 1 }] }]) {
      assert.throws(() => expectedEpochReward({ ...base, ...bad }), (e) => hasErrorCode(e, 'INVALID_ARGUMENT'));
    }
  });
});
