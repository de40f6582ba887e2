/**
 * Bit-packed proof indices (post-rs `src/compression.rs`, docs/protocol/post.md §2.4): each index contributes its low
 * `bits` bits to an LSB-first bit stream; the last byte is zero-padded. Pure.
 * @module
 */

/** Bits needed to write `value` (0 for 0): floor(log2(value)) + 1. */
export function requiredBits(value: bigint): number {
  return value === 0n ? 0 : value.toString(2).length;
}

/** Bytes of `k2` packed indices of `bits` bits each. */
export function expectedIndicesBytes(bits: number, k2: number): number {
  return Math.ceil((bits * k2) / 8);
}

/** Packs the low `bits` bits of each index, least significant bit first (higher bits are dropped, as in post-rs). */
export function compressIndices(indices: readonly bigint[], bits: number): Uint8Array {
  const out = new Uint8Array(Math.ceil((indices.length * bits) / 8));
  let pos = 0;
  for (const index of indices) {
    for (let b = 0; b < bits; b++, pos++) {
      if ((index >> BigInt(b)) & 1n) out[pos >> 3]! |= 1 << (pos & 7);
    }
  }
  return out;
}

/** Unpacks every whole `bits`-bit index in `bytes` (trailing padding bits are ignored). */
export function decompressIndices(bytes: Uint8Array, bits: number): bigint[] {
  if (bits <= 0) return [];
  const count = Math.floor((bytes.length * 8) / bits);
  const out: bigint[] = [];
  let pos = 0;
  for (let i = 0; i < count; i++) {
    let value = 0n;
    for (let b = 0; b < bits; b++, pos++) {
      if ((bytes[pos >> 3]! >> (pos & 7)) & 1) value |= 1n << BigInt(b);
    }
    out.push(value);
  }
  return out;
}
