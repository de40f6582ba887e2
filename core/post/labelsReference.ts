/**
 * Labels computed with the readable reference scrypt-jane: the yardstick the fast kernel is tested against and the
 * path a verifier may use for a handful of labels. Pure.
 * @module
 */
import { ENTIRE_LABEL_SIZE, labelPassword } from './labelInput.js';
import { scryptJane } from './scryptJane.js';

/**
 * The full 32-byte scrypt-jane output for label `index` (r = p = 1, empty salt).
 * @throws {RangeError} for an N that is not a power of two >= 2, or a commitment that is not 32 bytes
 */
export function referenceLabel(commitment: Uint8Array, index: bigint, n: number): Uint8Array {
  return scryptJane(labelPassword(commitment, index), new Uint8Array(0), n, 1, 1, ENTIRE_LABEL_SIZE);
}
