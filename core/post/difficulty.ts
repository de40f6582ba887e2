/**
 * Proving difficulty from K1 (post-rs `src/difficulty.rs`, docs/protocol/post.md §2.2) and the k2pow target scaled by the
 * number of units (post-rs `ProvingParams::new`). Pure.
 * @module
 */
import { PostError } from './errors.js';

const U64 = 1n << 64n;

/**
 * floor(2^64 · K1 / numLabels): a label is good for a nonce with probability K1 / numLabels.
 * @throws {PostError} BAD_PARAMS when numLabels <= K1 (every label would be good; the u64 overflows)
 */
export function provingDifficulty(k1: number, numLabels: bigint): bigint {
  if (numLabels <= BigInt(k1)) throw new PostError('BAD_PARAMS', `K1 (${k1}) must be smaller than the number of labels (${numLabels})`);
  return (U64 * BigInt(k1)) / numLabels;
}

/** The top byte (compared with one AES output byte) and the low 56 bits (checked with the per-nonce cipher). */
export function splitDifficulty(difficulty: bigint): { readonly msb: number; readonly lsb: bigint } {
  return { msb: Number(difficulty >> 56n), lsb: difficulty & ((1n << 56n) - 1n) };
}

/** The per-identity k2pow target: the 32-byte big-endian difficulty divided by the number of units. */
export function scalePowDifficulty(difficulty: Uint8Array, numUnits: number): Uint8Array {
  let value = 0n;
  for (const byte of difficulty) value = (value << 8n) | BigInt(byte);
  value /= BigInt(numUnits);
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--, value >>= 8n) out[i] = Number(value & 0xffn);
  return out;
}
