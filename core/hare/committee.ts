/**
 * Hare committee membership (docs/protocol/hare.md §3; go-spacemesh `hare3/eligibility/oracle.go`): an identity's
 * eligibility count in a round is the smallest x with `BinCDF(n, p, x) > frac`, where `frac` comes from its VRF
 * proof, `n` is its weight, `p = committee / totalWeight`, and both n and the total are multiplied by the committee
 * when the committee exceeds the total weight. A count of 0 means "not in the committee".
 *
 * go-spacemesh evaluates the CDF in the 56-bit fixed point of `spacemeshos/fixed`; docs/protocol/hare.md §3 allows a
 * self-contained network any deterministic CDF, and this one sums the binomial pmf in log space with IEEE-754
 * doubles (`Math.log`/`log1p`/`exp` are V8's fdlibm ports, identical on every platform Node runs on). Summing in
 * log space keeps `(1 − p)^n` from underflowing to 0 when the mean is in the hundreds. Pure.
 * @module
 */

/** Eligibility counts travel as compact16. */
export const MAX_ELIGIBILITY_COUNT = 0xffff;

/**
 * The eligibility count for a VRF fraction.
 * @param weight - the identity's ATX weight (n)
 * @param totalWeight - the active set's total weight
 * @param committee - expected committee size for the round (committee, or leaders in propose rounds)
 * @param fracNumerator - `LE_u64(proof[0:8]) & (2^56 − 1)` (core/hare/vrfFraction.ts); the fraction is it / 2^56
 * @throws {RangeError} for a non-positive weight, a weight above the total, or a non-positive committee
 */
export function eligibilityCount(weight: bigint, totalWeight: bigint, committee: number, fracNumerator: bigint): number {
  if (weight <= 0n || totalWeight < weight || !Number.isSafeInteger(committee) || committee <= 0) {
    throw new RangeError(`weight ${weight} of ${totalWeight} with committee ${committee} is not a committee draw`);
  }
  let n = Number(weight);
  let total = Number(totalWeight);
  if (committee > total) {
    n *= committee;
    total *= committee;
  }
  const p = committee / total;
  const frac = Number(fracNumerator) / 2 ** 56;
  if (p >= 1) return Math.min(n, MAX_ELIGIBILITY_COUNT);
  const logQ = Math.log1p(-p);
  const logRatio = Math.log(p) - logQ;
  // Stop far in the tail: a fraction within rounding of 1 must not walk all n terms.
  const limit = Math.min(n, Math.ceil(n * p + 40 * Math.sqrt(n * p * (1 - p)) + 40), MAX_ELIGIBILITY_COUNT);
  let logPmf = n * logQ;
  let cdf = 0;
  for (let x = 0; x < limit; x++) {
    cdf += Math.exp(logPmf);
    if (cdf > frac) return x;
    logPmf += Math.log((n - x) / (x + 1)) + logRatio;
  }
  return limit;
}
