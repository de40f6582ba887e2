/**
 * Hare committee counts (docs/protocol/hare.md §3): deterministic, 0 for a fraction below the chance of no success, monotone in
 * the VRF fraction, centred on the expected committee share, the whole weight counted when p = 1.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eligibilityCount } from '../../../core/hare/committee.js';

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
});
