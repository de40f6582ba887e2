/**
 * Byte helpers used across the protocol code: strict hex, concatenation, comparison, fixed-width integers. Pure.
 * @module
 */
import { bytesToHex, concatBytes, hexToBytes as nobleHexToBytes } from '@noble/hashes/utils.js';

export { bytesToHex, concatBytes };

const HEX_RE = /^(?:[0-9a-fA-F]{2})*$/;

/**
 * Parses lowercase or uppercase hex without a `0x` prefix.
 * @throws {TypeError | RangeError} on a non-string, odd length, a foreign character, or a length other than `length`
 */
export function hexToBytes(hex: unknown, length?: number, title = 'hex'): Uint8Array {
  if (typeof hex !== 'string') throw new TypeError(`${title}: expected a hex string`);
  if (!HEX_RE.test(hex)) throw new RangeError(`${title}: not an even-length hex string`);
  const bytes = nobleHexToBytes(hex);
  if (length !== undefined && bytes.length !== length) {
    throw new RangeError(`${title}: expected ${length} bytes of hex, got ${bytes.length}`);
  }
  return bytes;
}

/** Constant-time-ish equality for byte strings of public data. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/** Lexicographic comparison (shorter prefix first); the order Go's `bytes.Compare` gives. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return a.length - b.length;
}

/** `value` as 8 bytes, little-endian. */
export function u64le(value: bigint | number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(value), true);
  return out;
}

/** `value` as 8 bytes, big-endian. */
export function u64be(value: bigint | number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(value), false);
  return out;
}

/** Reads 8 little-endian bytes at `offset`. */
export function readU64le(bytes: Uint8Array, offset = 0): bigint {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(offset, true);
}

/** Little-endian bytes to an unsigned bigint (any length). */
export function bytesToBigintLE(bytes: Uint8Array): bigint {
  let n = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(bytes[i]!);
  return n;
}

/** An unsigned bigint as exactly `length` little-endian bytes. */
export function bigintToBytesLE(n: bigint, length: number): Uint8Array {
  if (n < 0n || n >= 1n << BigInt(8 * length)) throw new RangeError(`value does not fit in ${length} bytes`);
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++, n >>= 8n) out[i] = Number(n & 0xffn);
  return out;
}

/** UTF-8 bytes of a string. */
export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
