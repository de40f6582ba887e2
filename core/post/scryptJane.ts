/**
 * A plain, readable reference of the scrypt-jane variant Spacemesh labels use (docs/protocol/post.md §1.2): scrypt with the
 * ChaCha20/8 core in BlockMix and PBKDF2-HMAC-Keccak-512 (original Keccak padding) around ROMix. Slow on purpose:
 * it exists so the fast WebAssembly kernel can be checked against something obviously right. Pure.
 * @module
 */
import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { keccak_512 } from '@noble/hashes/sha3.js';
import { aint, abytes } from '../util/assert.js';

const BLOCK_WORDS = 16;

/** PBKDF2-HMAC-Keccak-512 with one iteration: both of scrypt's outer steps (scrypt-jane `scrypt_pbkdf2`). */
export function pbkdf2Keccak512(password: Uint8Array, salt: Uint8Array, dkLen: number): Uint8Array {
  return pbkdf2(keccak_512, password, salt, { c: 1, dkLen });
}

const rotl = (x: number, n: number): number => ((x << n) | (x >>> (32 - n))) >>> 0;

/**
 * The ChaCha20/8 core applied in place to one 16-word block: 4 double rounds (columns, then diagonals), then the
 * input words added back. No constants or counter are injected: scrypt-jane runs it on the raw block.
 */
export function chachaCore8(block: Uint32Array): void {
  const x = Uint32Array.from(block);
  const quarter = (a: number, b: number, c: number, d: number): void => {
    // Uint32Array stores wrap modulo 2^32, which is exactly the u32 addition ChaCha wants.
    const at = (i: number): number => x[i] ?? 0;
    x[a] = at(a) + at(b); x[d] = rotl(at(d) ^ at(a), 16);
    x[c] = at(c) + at(d); x[b] = rotl(at(b) ^ at(c), 12);
    x[a] = at(a) + at(b); x[d] = rotl(at(d) ^ at(a), 8);
    x[c] = at(c) + at(d); x[b] = rotl(at(b) ^ at(c), 7);
  };
  for (let round = 0; round < 8; round += 2) {
    quarter(0, 4, 8, 12); quarter(1, 5, 9, 13); quarter(2, 6, 10, 14); quarter(3, 7, 11, 15);
    quarter(0, 5, 10, 15); quarter(1, 6, 11, 12); quarter(2, 7, 8, 13); quarter(3, 4, 9, 14);
  }
  for (let i = 0; i < BLOCK_WORDS; i++) block[i] = (block[i]! + x[i]!) >>> 0;
}

/** scrypt BlockMix over `2r` blocks of `input`: even outputs to the first half, odd to the second. */
export function blockMix(input: Uint32Array, r: number): Uint32Array<ArrayBuffer> {
  const blocks = 2 * r;
  const out = new Uint32Array(input.length);
  const x = input.slice((blocks - 1) * BLOCK_WORDS, blocks * BLOCK_WORDS);
  for (let i = 0; i < blocks; i++) {
    for (let w = 0; w < BLOCK_WORDS; w++) x[w]! ^= input[i * BLOCK_WORDS + w]!;
    chachaCore8(x);
    const target = (i >> 1) + (i % 2 === 0 ? 0 : r);
    out.set(x, target * BLOCK_WORDS);
  }
  return out;
}

/** scrypt ROMix: fill V with N successive BlockMix states, then N data-dependent mixes (j from the last block). */
export function roMix(chunk: Uint32Array, n: number, r: number): Uint32Array<ArrayBuffer> {
  const v: Uint32Array<ArrayBuffer>[] = [];
  let x: Uint32Array<ArrayBuffer> = Uint32Array.from(chunk);
  for (let i = 0; i < n; i++) {
    v.push(x);
    x = blockMix(x, r);
  }
  const lastBlock = (2 * r - 1) * BLOCK_WORDS;
  for (let i = 0; i < n; i++) {
    const vj = v[x[lastBlock]! & (n - 1)]!;
    const mixed = x.map((word, w) => word ^ vj[w]!);
    x = blockMix(mixed, r);
  }
  return x;
}

/**
 * scrypt-jane(password, salt, N, r, p, dkLen) in its ChaCha20/8 + Keccak-512 build.
 * @throws {RangeError} when N is not a power of two >= 2, or r, p, dkLen are out of range
 */
export function scryptJane(password: Uint8Array, salt: Uint8Array, n: number, r: number, p: number, dkLen: number): Uint8Array {
  abytes(password, undefined, 'password');
  abytes(salt, undefined, 'salt');
  aint(n, 2, 2 ** 24, 'N');
  if ((n & (n - 1)) !== 0) throw new RangeError(`N: ${n} is not a power of two`);
  aint(r, 1, 64, 'r');
  aint(p, 1, 256, 'p');
  aint(dkLen, 1, 1 << 20, 'dkLen');
  const chunkBytes = 128 * r;
  const b = pbkdf2Keccak512(password, salt, chunkBytes * p);
  for (let i = 0; i < p; i++) {
    // Words are little-endian u32 (scrypt-jane on a little-endian host); read them explicitly, not by aliasing.
    const view = new DataView(b.buffer, b.byteOffset + i * chunkBytes, chunkBytes);
    const chunk = new Uint32Array(chunkBytes / 4);
    for (let w = 0; w < chunk.length; w++) chunk[w] = view.getUint32(w * 4, true);
    const mixed = roMix(chunk, n, r);
    for (let w = 0; w < mixed.length; w++) view.setUint32(w * 4, mixed[w]!, true);
  }
  return pbkdf2Keccak512(password, b, dkLen);
}
