/**
 * Runner for hare-eligibility.json: go-spacemesh's hare committee eligibility (counts from CalcEligibility, Validate
 * on the count and its neighbours, the maxSupportedN bound) against core/hare/committee.ts.
 * @module
 */
import assert from 'node:assert/strict';
import { MAX_SUPPORTED_N, eligibilityCount, isValidEligibility } from '../../core/hare/committee.js';
import { FixedOverflowError, divUint64, fracFromBytes } from '../../core/util/fixed.js';
import { binCDF } from '../../core/hare/fixedCdf.js';
import { hexToBytes } from '../../core/util/bytes.js';
import { defineRunner } from './harness.js';

type EligibilityVector =
  | { origin: string; kind?: undefined; weight: string; totalWeight: string; committee: number; vrfSignature: string; count: number; valid?: [boolean, boolean, boolean] }
  | { origin: string; kind: 'maxSupportedN'; n: number; committee: number; xs: number };

export default defineRunner<EligibilityVector>({
  name: (v) =>
    v.kind === 'maxSupportedN'
      ? `${v.origin}: n = ${v.n}`
      : `${v.origin}: weight ${v.weight}/${v.totalWeight}, committee ${v.committee}, vrf ${v.vrfSignature.slice(0, 16)} → ${v.count}`,
  check(v) {
    if (v.kind === 'maxSupportedN') {
      assert.equal(MAX_SUPPORTED_N, v.n);
      const p = divUint64(BigInt(v.committee), BigInt(v.n) * 100n);
      assert.throws(() => binCDF(v.n + 1, p, 0), FixedOverflowError);
      for (let x = 0; x < v.xs; x++) binCDF(v.n, p, x);
      return;
    }
    const weight = BigInt(v.weight);
    const total = BigInt(v.totalWeight);
    const frac = fracFromBytes(hexToBytes(v.vrfSignature).subarray(0, 8));
    assert.equal(eligibilityCount(weight, total, v.committee, frac), v.count);
    if (v.valid !== undefined) {
      const got = [v.count - 1, v.count, v.count + 1].map((x) => isValidEligibility(weight, total, v.committee, frac, x));
      assert.deepEqual(got, v.valid, 'Validate(count − 1, count, count + 1)');
    }
  },
});
