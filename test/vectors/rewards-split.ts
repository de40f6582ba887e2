/**
 * Runner for rewards-split.json: go-spacemesh's own expectations for a layer's coinbase credits (subsidy + fees
 * split by weight, floored), through the issuance curve and splitLayerReward.
 * @module
 */
import assert from 'node:assert/strict';
import { subsidyAt } from '../../core/rewards/issuance.js';
import { type RatNum, splitLayerReward } from '../../core/rewards/split.js';
import { defineRunner } from './harness.js';

interface SplitVector {
  case: string;
  k: number;
  subsidy: string;
  fees: string;
  shares: number[];
  totalRewards: string[];
}

/** The exact value of a float64, as go's `big.Rat.SetFloat64` gives it: mantissa / 2^-exponent, reduced. */
function exactRational(x: number): RatNum {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  let mantissa = bits & ((1n << 52n) - 1n);
  let shift = exponent - 1075; // value = mantissa * 2^shift for normal numbers once the hidden bit is added
  if (exponent !== 0) mantissa |= 1n << 52n;
  else shift = -1074;
  if (shift >= 0) return { num: mantissa << BigInt(shift), denom: 1n };
  let denom = 1n << BigInt(-shift);
  while (mantissa % 2n === 0n && denom > 1n) {
    mantissa /= 2n;
    denom /= 2n;
  }
  return { num: mantissa, denom };
}

export default defineRunner<SplitVector>({
  name: (v) => `${v.case}: k=${v.k} shares ${v.shares.join('/') || 'none'}`,
  check(v) {
    assert.equal(subsidyAt(v.k).toString(), v.subsidy);
    const split = splitLayerReward(BigInt(v.subsidy), BigInt(v.fees), v.shares.map((s) => ({ weight: exactRational(s) })));
    assert.deepEqual(split.shares.map((s) => s.totalReward.toString()), v.totalRewards);
    const paid = split.shares.reduce((sum, s) => sum + s.totalReward, 0n);
    assert.equal(split.burnt, BigInt(v.subsidy) + BigInt(v.fees) - paid);
  },
});
