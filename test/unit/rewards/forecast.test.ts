/**
 * The epoch forecast: a lone smesher expects the subsidy of exactly the layers it is eligible in; without
 * per-layer eligibilities the expectation is the weight share of the epoch's subsidy; shares follow weight.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { expectedEpochReward } from '../../../core/rewards/forecast.js';
import { layerSubsidy } from '../../../core/rewards/issuance.js';
import { hasErrorCode } from '../../../core/util/errors.js';
import type { RatNum } from '../../../core/rewards/split.js';

function absDiff(a: bigint, b: number): number {
  return Math.abs(Number(a) - b);
}

function reduced(num: bigint, denom: bigint): RatNum {
  let [a, b] = [num, denom];
  while (b !== 0n) [a, b] = [b, a % b];
  return { num: num / a, denom: denom / a };
}

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

  it('with eligibilities of two smeshers, expects E[c/(c+K)] over the other slots K ~ Binomial(n, 1/LPE)', () => {
    // w = 3 in 6 slots (0.5 each); the other smesher's weight 1 is n = 2 slots of 0.5: K = 0, 1, 2 w.p. .81, .18, .01.
    const f = expectedEpochReward({ epoch: 2, layersPerEpoch: LPE, weight: 3n, totalWeight: 4n, eligibilities: 6, eligibleLayers: [{ layer: 20, count: 1 }] });
    const s = layerSubsidy(20, LPE);
    const exact = 0.81 * 1 + 0.18 * (1 / 2) + 0.01 * (1 / 3);
    assert.ok(absDiff(f.expected, Number(s) * exact) <= 1, `${f.expected} vs ${Number(s) * exact}`);
    // The ratio of averages c/(c + E[K]) = 1/1.2 that the forecast used to take is lower: Jensen, k ↦ c/(c+k) is convex.
    assert.ok(f.expected > (s * 5n) / 6n);
  });

  it('equals the exact split where the other ballots of a layer are known (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 12 }),
        fc.bigInt({ min: 1n, max: 10n ** 9n }),
        fc.integer({ min: 1, max: 50 }),
        fc.array(fc.record({ weight: fc.bigInt({ min: 1n, max: 10n ** 9n }), slots: fc.integer({ min: 1, max: 50 }) }), { maxLength: 8 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (lpe, w, e, others, seed) => {
          const epoch = 2;
          const first = epoch * lpe;
          const t = others.reduce((sum, o) => sum + o.weight, w);
          // A deterministic "VRF": slot j of identity i lands in layer first + hash(i, j) mod LPE.
          const place = (i: number, j: number): number => first + ((((seed ^ (i * 7919)) + j * 104729) >>> 0) % lpe);
          const count = (i: number, n: number): Map<number, number> => {
            const m = new Map<number, number>();
            for (let j = 0; j < n; j++) m.set(place(i, j), (m.get(place(i, j)) ?? 0) + 1);
            return m;
          };
          const mine = count(0, e);
          const theirs = others.map((o, i) => count(i + 1, o.slots));
          const eligibleLayers = [...mine].map(([layer, c]) => ({ layer, count: c }));
          const knownLayers = eligibleLayers.map(({ layer }) => ({
            layer,
            others: others.flatMap((o, i) => {
              const c = theirs[i]!.get(layer) ?? 0;
              return c === 0 ? [] : [reduced(o.weight * BigInt(c), BigInt(o.slots))];
            }),
          }));
          const f = expectedEpochReward({ epoch, layersPerEpoch: lpe, weight: w, totalWeight: t, eligibilities: e, eligibleLayers, knownLayers });
          // The exact reference, written independently of split.ts: floor(subsidy · (w·c/E) / Σ_i w_i·c_i/E_i)
          // over one common denominator.
          let sum = 0n;
          for (const { layer, count: c } of eligibleLayers) {
            if (layer < 2 * lpe - 1) continue;
            const den = others.reduce((d, o) => d * BigInt(o.slots), BigInt(e));
            const own = (w * BigInt(c) * den) / BigInt(e);
            const all = others.reduce((a, o, i) => a + (o.weight * BigInt(theirs[i]!.get(layer) ?? 0) * den) / BigInt(o.slots), own);
            sum += (layerSubsidy(layer, lpe) * own) / all;
          }
          assert.equal(f.expected, sum);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is unbiased where the other slots are not known: the mean of the exact split over every placement (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 8 }), (lpe, n, c, e) => {
        // Our E slots weigh 3 each; n other slots of weight 3 too (one-slot identities), each in the layer w.p. 1/LPE.
        const epoch = 2;
        const layer = epoch * lpe + 1;
        const w = 3n * BigInt(e);
        const f = expectedEpochReward({ epoch, layersPerEpoch: lpe, weight: w, totalWeight: w + 3n * BigInt(n), eligibilities: e, eligibleLayers: [{ layer, count: c }] });
        const subsidy = layerSubsidy(layer, lpe);
        const p = 1 / lpe;
        let mean = 0;
        let pmf = (1 - p) ** n;
        for (let k = 0; k <= n; k++) {
          mean += pmf * Number((subsidy * BigInt(c)) / BigInt(c + k));
          pmf *= ((n - k) / (k + 1)) * (p / (1 - p));
        }
        // The mean of floors is at most one smidge below the floor of the mean; float rounding adds a little.
        assert.ok(absDiff(f.expected, mean) <= 2, `forecast ${f.expected}, mean of the exact split ${mean}`);
      }),
      { numRuns: 200 },
    );
  });

  it('refuses arguments that describe no epoch', () => {
    const base = { epoch: 2, layersPerEpoch: LPE, weight: 1n, totalWeight: 2n, eligibilities: 1 };
    for (const bad of [
      { weight: 0n },
      { totalWeight: 0n },
      { eligibilities: 0 },
      { layersPerEpoch: 0 },
      { eligibleLayers: [{ layer: 30, count: 1 }] },
      { knownLayers: [{ layer: 30, others: [] }] },
    ]) {
      assert.throws(() => expectedEpochReward({ ...base, ...bad }), (e) => hasErrorCode(e, 'INVALID_ARGUMENT'));
    }
  });
});
