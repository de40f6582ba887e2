/**
 * The layer reward split: go-spacemesh's executor example (1/3, 2/3), floors with the dust burnt, empty layers,
 * reduced proposal weights, block entries sorted by ATX id, bad weights; and fast-check properties (never pays out
 * more than the total, dust below one smidge per entry, each share the exact floor).
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { blockRewardEntries, proposalRewardWeight, splitLayerReward } from '../../../core/rewards/split.js';
import { hasErrorCode } from '../../../core/util/errors.js';

const w = (num: bigint, denom = 1n) => ({ weight: { num, denom } });

describe('splitLayerReward', () => {
  it('splits subsidy + fees by weight with floors and burns the remainder', () => {
    const split = splitLayerReward(1000n, 1n, [w(1n, 3n), w(2n, 3n)]);
    assert.deepEqual(split.shares, [
      { totalReward: 333n, layerReward: 333n },
      { totalReward: 667n, layerReward: 666n },
    ]);
    assert.equal(split.burnt, 1n);
  });

  it('is independent of how weights are scaled (exact rationals)', () => {
    const a = splitLayerReward(477618397593n, 12345n, [w(10n, 3n), w(7n, 2n), w(1n)]);
    const b = splitLayerReward(477618397593n, 12345n, [w(20n, 6n), w(21n, 6n), w(6n, 6n)]);
    assert.deepEqual(a, b);
  });

  it('burns everything in a layer without entries', () => {
    assert.deepEqual(splitLayerReward(5n, 3n, []), { shares: [], subsidy: 5n, fees: 3n, burnt: 8n });
  });

  it('refuses zero, negative or over-u64 weights and a total beyond u64', () => {
    for (const bad of [w(0n), w(1n, 0n), w(-1n), w(1n << 64n)]) {
      assert.throws(() => splitLayerReward(1n, 0n, [bad]), (e) => hasErrorCode(e, 'INVALID_WEIGHT'));
    }
    assert.throws(() => splitLayerReward((1n << 64n) - 1n, 1n, []), (e) => hasErrorCode(e, 'OVERFLOW'));
  });

  it('pays each entry the exact floor and never more than the total', () => {
    const entry = fc.record({ num: fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }), denom: fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }) });
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 9n }), fc.array(entry, { minLength: 1, maxLength: 8 }), (subsidy, fees, weights) => {
        const split = splitLayerReward(subsidy, fees, weights.map((x) => ({ weight: x })));
        const paid = split.shares.reduce((s, x) => s + x.totalReward, 0n);
        assert.equal(paid + split.burnt, subsidy + fees);
        assert.ok(split.burnt >= 0n && split.burnt < BigInt(weights.length));
        // Cross-check against one common denominator: w_i/Σw = num_i·Π_{j≠i}denom_j / Σ_k num_k·Π_{j≠k}denom_j.
        const prodOthers = (i: number) => weights.reduce((p, x, j) => (j === i ? p : p * x.denom), 1n);
        const sum = weights.reduce((s, x, k) => s + x.num * prodOthers(k), 0n);
        weights.forEach((x, i) => {
          assert.equal(split.shares[i]!.totalReward, ((subsidy + fees) * x.num * prodOthers(i)) / sum);
          assert.equal(split.shares[i]!.layerReward, (subsidy * x.num * prodOthers(i)) / sum);
        });
      }),
      { numRuns: 200, seed: 5 },
    );
  });
});

describe('proposal weights and block entries', () => {
  it('weight = atx weight / eligibilities * proofs, reduced', () => {
    assert.deepEqual(proposalRewardWeight(1000n, 40, 2), { num: 50n, denom: 1n });
    assert.deepEqual(proposalRewardWeight(7n, 3, 1), { num: 7n, denom: 3n });
    assert.throws(() => proposalRewardWeight(0n, 3, 1), (e) => hasErrorCode(e, 'INVALID_WEIGHT'));
    assert.throws(() => proposalRewardWeight(5n, 0, 1), (e) => hasErrorCode(e, 'INVALID_WEIGHT'));
  });

  it('sorts entries by ATX id and refuses two proposals of one ATX', () => {
    const id = (b: number) => new Uint8Array(32).fill(b);
    const entries = blockRewardEntries([
      { atxId: id(9), atxWeight: 10n, eligibilityCount: 5, proofs: 1 },
      { atxId: id(1), atxWeight: 30n, eligibilityCount: 5, proofs: 2 },
    ]);
    assert.deepEqual(entries.map((e) => [e.atxId[0], e.weight]), [
      [1, { num: 12n, denom: 1n }],
      [9, { num: 2n, denom: 1n }],
    ]);
    assert.throws(
      () => blockRewardEntries([
        { atxId: id(2), atxWeight: 1n, eligibilityCount: 1, proofs: 1 },
        { atxId: id(2), atxWeight: 1n, eligibilityCount: 1, proofs: 1 },
      ]),
      (e) => hasErrorCode(e, 'DUPLICATE_ATX'),
    );
  });
});
