/**
 * The uniform fraction a hare committee VRF proof stands for (docs/protocol/hare.md §3; go-spacemesh
 * `hare3/eligibility/oracle.go` `calcVrfFrac`): the low 56 bits of `LE_u64(proof[0:8])` over 2^56, which is
 * spacemeshos/fixed's `FracFromBytes` (core/util/fixed.ts); core/hare/committee.ts compares it with the fixed-point
 * binomial CDF. Pure.
 * @module
 */
import { abytes } from '../util/assert.js';
import { readU64le } from '../util/bytes.js';

const MASK_56 = (1n << 56n) - 1n;

/** The numerator of the fraction, exact: `LE_u64(proof[0:8]) & (2^56 − 1)`; the denominator is 2^56. */
export function vrfFractionNumerator(vrfProof: Uint8Array): bigint {
  abytes(vrfProof, 80, 'vrfProof');
  return readU64le(vrfProof) & MASK_56;
}

/** The fraction as a float, for display and tests (consensus compares the exact numerator). */
export function vrfFraction(vrfProof: Uint8Array): number {
  return Number(vrfFractionNumerator(vrfProof)) / 2 ** 56;
}
