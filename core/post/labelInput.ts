/**
 * What goes into one label: the 72-byte scrypt password and the commitment it is built from (docs/protocol/post.md §1.1,
 * docs/protocol/post.md §1.2). Pure.
 * @module
 */
import { blake3 } from '../crypto/hash.js';
import { abytes } from '../util/assert.js';

/** Bytes of a label as stored on disk; the full scrypt output is {@link ENTIRE_LABEL_SIZE}. */
export const LABEL_SIZE = 16;
export const ENTIRE_LABEL_SIZE = 32;
export const PASSWORD_SIZE = 72;

/**
 * commitment = blake3(nodeId || commitmentAtxId) (post-rs `calc_commitment`).
 * @throws {RangeError} when either id is not 32 bytes
 */
export function computeCommitment(nodeId: Uint8Array, commitmentAtxId: Uint8Array): Uint8Array {
  abytes(nodeId, 32, 'nodeId');
  abytes(commitmentAtxId, 32, 'commitmentAtxId');
  return blake3(nodeId, commitmentAtxId);
}

/** Writes the password for `index` into `out` (72 bytes): commitment || u64 LE index || 32 zero bytes. */
export function writePassword(out: Uint8Array, commitment: Uint8Array, index: bigint): void {
  out.set(commitment, 0);
  new DataView(out.buffer, out.byteOffset + 32, 8).setBigUint64(0, index, true);
  out.fill(0, 40, PASSWORD_SIZE);
}

/**
 * The password for `index` as a fresh array.
 * @throws {RangeError} when the commitment is not 32 bytes
 */
export function labelPassword(commitment: Uint8Array, index: bigint): Uint8Array {
  abytes(commitment, 32, 'commitment');
  const out = new Uint8Array(PASSWORD_SIZE);
  writePassword(out, commitment, index);
  return out;
}
