/**
 * The VRF nonce of an identity (docs/protocol/post.md §1.5): the label whose full 32-byte scrypt output is the smallest
 * below `(2^256 / numLabels) << 3`, compared big-endian. Pure.
 * @module
 */
import { compareBytes } from '../util/bytes.js';
import { ENTIRE_LABEL_SIZE } from './labelInput.js';

/**
 * The VRF difficulty for `numLabels` labels, as 32 big-endian bytes (post `shared.PowDifficulty`).
 * @throws {RangeError} when numLabels is not positive
 */
export function vrfTarget(numLabels: bigint): Uint8Array {
  if (numLabels <= 0n) throw new RangeError('numLabels must be positive');
  let target = ((1n << 256n) / numLabels) << 3n;
  if (target >= 1n << 256n) target = (1n << 256n) - 1n;
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--, target >>= 8n) out[i] = Number(target & 0xffn);
  return out;
}

export interface NonceCandidate {
  readonly index: bigint;
  /** The full 32-byte output. */
  readonly value: Uint8Array;
}

/** Keeps the smallest output strictly below the target; the target drops to each new best, as in Go. */
export class NonceTracker {
  #best: NonceCandidate | undefined;
  #bound: Uint8Array;

  constructor(target: Uint8Array, initial?: NonceCandidate) {
    this.#bound = target;
    if (initial !== undefined) this.offer(initial.index, initial.value);
  }

  get best(): NonceCandidate | undefined {
    return this.#best;
  }

  /** The current bound: the target, or the best output so far. */
  get bound(): Uint8Array {
    return this.#bound;
  }

  offer(index: bigint, value: Uint8Array): void {
    if (compareBytes(value, this.#bound) < 0) {
      this.#best = { index, value: value.slice() };
      this.#bound = this.#best.value;
    }
  }

  /** Offers every output of a batch `outputs` (count·32 bytes) whose first label index is `start`. */
  offerBatch(start: bigint, outputs: Uint8Array, count: number): void {
    for (let i = 0; i < count; i++) {
      const value = outputs.subarray(i * ENTIRE_LABEL_SIZE, (i + 1) * ENTIRE_LABEL_SIZE);
      // First byte check first: nearly every output fails it, and this runs once per label.
      if (value[0]! > this.#bound[0]!) continue;
      this.offer(start + BigInt(i), value);
    }
  }
}
