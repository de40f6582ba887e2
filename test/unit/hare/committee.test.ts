/**
 * Hare committee counts (docs/protocol/hare.md §3, §9): go-spacemesh's CalcEligibility over spacemeshos/fixed's
 * BinCDF (byte compatibility itself is checked by test/vectors/hare-eligibility.json): monotone in the VRF fraction,
 * centred on the expected committee share, the whole (scaled) weight when p = 1, 0 past go's maxSupportedN; Validate
 * accepts exactly the count CalcEligibility gives and costs two CDF values whatever count is claimed.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_SUPPORTED_N, eligibilityCount, isValidEligibility } from '../../../core/hare/committee.js';

const ONE = 1n << 56n;

describe('hare committee count', () => {
  it('is monotone in the fraction and centred on the expected share', () => {
    let prev = 0;
    for (let i = 0n; i <= 100n; i++) {
      const c = eligibilityCount(300n, 1000n, 800, (ONE * i) / 101n);
      assert.ok(c >= prev);
      prev = c;
    }
    const median = eligibilityCount(300n, 1000n, 800, ONE / 2n);
    assert.ok(Math.abs(median - 240) <= 1, `median ${median} ≈ 800·0.3`);
    assert.equal(eligibilityCount(300n, 1000n, 800, ONE / 3n), eligibilityCount(300n, 1000n, 800, ONE / 3n));
  });

  it('counts 0 for a small fraction when membership is unlikely, the whole weight when p = 1', () => {
    assert.equal(eligibilityCount(1n, 1_000_000n, 5, 0n), 0);
    assert.equal(eligibilityCount(40n, 40n, 40, ONE / 2n), 40);
    // Committee above the total weight: both scaled by the committee (go-spacemesh oracle rule).
    assert.ok(Math.abs(eligibilityCount(40n, 40n, 800, ONE / 2n) - 800) <= 1);
  });

  it('follows go past its limits: 0 above maxSupportedN, zero weight counts 0, bad configurations throw', () => {
    assert.equal(eligibilityCount(BigInt(MAX_SUPPORTED_N) + 1n, 1n << 40n, 50, ONE - 1n), 0);
    assert.equal(isValidEligibility(BigInt(MAX_SUPPORTED_N) + 1n, 1n << 40n, 50, ONE - 1n, 1), false);
    assert.equal(eligibilityCount(0n, 100n, 50, ONE - 1n), 0);
    assert.throws(() => eligibilityCount(1n, 100n, 0, 0n), RangeError);
    assert.throws(() => eligibilityCount(1n, 0n, 50, 0n), RangeError);
  });

  it('validates the count it gives and nothing else, cheaply for absurd claims', () => {
    for (let i = 0n; i < 20n; i++) {
      const frac = (ONE * (2n * i + 1n)) / 40n;
      const count = eligibilityCount(30n, 100n, 50, frac);
      assert.equal(isValidEligibility(30n, 100n, 50, frac, count), true);
      assert.equal(isValidEligibility(30n, 100n, 50, frac, count + 1), false);
      if (count > 0) assert.equal(isValidEligibility(30n, 100n, 50, frac, count - 1), false);
    }
    const started = performance.now();
    assert.equal(isValidEligibility(1_000_000n, 2_000_000n, 800, ONE / 2n, 0xffff), false);
    assert.equal(isValidEligibility(1_000_000n, 2_000_000n, 800, ONE / 2n, 0x10000), false);
    assert.ok(performance.now() - started < 2000, 'two CDF values, not a walk to the claimed count');
  });
});
