/**
 * The PoST label kernel (spec post-poet §1.2) in AssemblyScript, compiled to WebAssembly SIMD by
 * build/buildKernel.js: scrypt-jane's ROMix (N any power of two, r = p = 1, ChaCha20/8 core) and the
 * PBKDF2-HMAC-Keccak-512 around it, plus the proving scan's work after AES (byte filter, tie buckets, verdicts). Four labels travel together through ROMix:
 * each v128 holds the same word of four different labels ("vertical" SIMD), so the ChaCha code is the scalar
 * algorithm with v128 words and every lane does useful work. Pure: computes over linear memory, no imports.
 *
 * Memory layout chosen by the caller (core/post/kernel.ts); static data (Keccak constants) lives below 1 KiB:
 *   io      4 lanes x 128 bytes, label-major: the PBKDF2 output B of each label in, ROMix(B) out
 *   scratch X: 32 words x 4 lanes (512 bytes), then V: N rows of 512 bytes (row = 32 interleaved words)
 *   work    {@link workBytes} bytes for the Keccak/HMAC state of {@link labels4}
 * @module
 */

// Rotations by 16 and 8 are byte permutations, one shuffle each; 12 and 7 need shift/shift/or.
@inline function rotl16(x: v128): v128 {
  return i8x16.shuffle(x, x, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13);
}
@inline function rotl8(x: v128): v128 {
  return i8x16.shuffle(x, x, 3, 0, 1, 2, 7, 4, 5, 6, 11, 8, 9, 10, 15, 12, 13, 14);
}
@inline function rotl12(x: v128): v128 {
  return v128.or(i32x4.shl(x, 12), i32x4.shr_u(x, 20));
}
@inline function rotl7(x: v128): v128 {
  return v128.or(i32x4.shl(x, 7), i32x4.shr_u(x, 25));
}

/** ChaCha20/8 core in place on 16 interleaved words at `p` (256 bytes); adds the input back at the end. */
function core(p: usize): void {
  let x0 = v128.load(p, 0), x1 = v128.load(p, 16), x2 = v128.load(p, 32), x3 = v128.load(p, 48);
  let x4 = v128.load(p, 64), x5 = v128.load(p, 80), x6 = v128.load(p, 96), x7 = v128.load(p, 112);
  let x8 = v128.load(p, 128), x9 = v128.load(p, 144), x10 = v128.load(p, 160), x11 = v128.load(p, 176);
  let x12 = v128.load(p, 192), x13 = v128.load(p, 208), x14 = v128.load(p, 224), x15 = v128.load(p, 240);
  for (let round = 0; round < 4; round++) {
    // columns
    x0 = i32x4.add(x0, x4); x12 = rotl16(v128.xor(x12, x0)); x8 = i32x4.add(x8, x12); x4 = rotl12(v128.xor(x4, x8));
    x0 = i32x4.add(x0, x4); x12 = rotl8(v128.xor(x12, x0)); x8 = i32x4.add(x8, x12); x4 = rotl7(v128.xor(x4, x8));
    x1 = i32x4.add(x1, x5); x13 = rotl16(v128.xor(x13, x1)); x9 = i32x4.add(x9, x13); x5 = rotl12(v128.xor(x5, x9));
    x1 = i32x4.add(x1, x5); x13 = rotl8(v128.xor(x13, x1)); x9 = i32x4.add(x9, x13); x5 = rotl7(v128.xor(x5, x9));
    x2 = i32x4.add(x2, x6); x14 = rotl16(v128.xor(x14, x2)); x10 = i32x4.add(x10, x14); x6 = rotl12(v128.xor(x6, x10));
    x2 = i32x4.add(x2, x6); x14 = rotl8(v128.xor(x14, x2)); x10 = i32x4.add(x10, x14); x6 = rotl7(v128.xor(x6, x10));
    x3 = i32x4.add(x3, x7); x15 = rotl16(v128.xor(x15, x3)); x11 = i32x4.add(x11, x15); x7 = rotl12(v128.xor(x7, x11));
    x3 = i32x4.add(x3, x7); x15 = rotl8(v128.xor(x15, x3)); x11 = i32x4.add(x11, x15); x7 = rotl7(v128.xor(x7, x11));
    // diagonals
    x0 = i32x4.add(x0, x5); x15 = rotl16(v128.xor(x15, x0)); x10 = i32x4.add(x10, x15); x5 = rotl12(v128.xor(x5, x10));
    x0 = i32x4.add(x0, x5); x15 = rotl8(v128.xor(x15, x0)); x10 = i32x4.add(x10, x15); x5 = rotl7(v128.xor(x5, x10));
    x1 = i32x4.add(x1, x6); x12 = rotl16(v128.xor(x12, x1)); x11 = i32x4.add(x11, x12); x6 = rotl12(v128.xor(x6, x11));
    x1 = i32x4.add(x1, x6); x12 = rotl8(v128.xor(x12, x1)); x11 = i32x4.add(x11, x12); x6 = rotl7(v128.xor(x6, x11));
    x2 = i32x4.add(x2, x7); x13 = rotl16(v128.xor(x13, x2)); x8 = i32x4.add(x8, x13); x7 = rotl12(v128.xor(x7, x8));
    x2 = i32x4.add(x2, x7); x13 = rotl8(v128.xor(x13, x2)); x8 = i32x4.add(x8, x13); x7 = rotl7(v128.xor(x7, x8));
    x3 = i32x4.add(x3, x4); x14 = rotl16(v128.xor(x14, x3)); x9 = i32x4.add(x9, x14); x4 = rotl12(v128.xor(x4, x9));
    x3 = i32x4.add(x3, x4); x14 = rotl8(v128.xor(x14, x3)); x9 = i32x4.add(x9, x14); x4 = rotl7(v128.xor(x4, x9));
  }
  v128.store(p, i32x4.add(x0, v128.load(p, 0)), 0); v128.store(p, i32x4.add(x1, v128.load(p, 16)), 16);
  v128.store(p, i32x4.add(x2, v128.load(p, 32)), 32); v128.store(p, i32x4.add(x3, v128.load(p, 48)), 48);
  v128.store(p, i32x4.add(x4, v128.load(p, 64)), 64); v128.store(p, i32x4.add(x5, v128.load(p, 80)), 80);
  v128.store(p, i32x4.add(x6, v128.load(p, 96)), 96); v128.store(p, i32x4.add(x7, v128.load(p, 112)), 112);
  v128.store(p, i32x4.add(x8, v128.load(p, 128)), 128); v128.store(p, i32x4.add(x9, v128.load(p, 144)), 144);
  v128.store(p, i32x4.add(x10, v128.load(p, 160)), 160); v128.store(p, i32x4.add(x11, v128.load(p, 176)), 176);
  v128.store(p, i32x4.add(x12, v128.load(p, 192)), 192); v128.store(p, i32x4.add(x13, v128.load(p, 208)), 208);
  v128.store(p, i32x4.add(x14, v128.load(p, 224)), 224); v128.store(p, i32x4.add(x15, v128.load(p, 240)), 240);
}

/**
 * BlockMix for r = 1, in place on X = (B0, B1): B0' = core(B1 ^ B0), B1' = core(B0' ^ B1). With r = 1 the
 * even/odd reordering is the identity, and writing each result over the block it replaces is safe because B0 is
 * dead once B1 ^ B0 is formed.
 */
function blockMix(x: usize): void {
  for (let w: usize = 0; w < 256; w += 16) v128.store(x + w, v128.xor(v128.load(x + w), v128.load(x + w, 256)));
  core(x);
  for (let w: usize = 0; w < 256; w += 16) v128.store(x + w, v128.xor(v128.load(x + w, 256), v128.load(x + w)), 256);
  core(x + 256);
}

/** ROMix over four labels at once: `io` holds 4 x 32 words (label-major) in and out; scratch is 512 + 512·n bytes. */
export function romix4(io: usize, scratch: usize, n: u32): void {
  const x = scratch;
  const v = scratch + 512;
  const mask = n - 1;
  for (let lane: usize = 0; lane < 4; lane++) {
    for (let w: usize = 0; w < 32; w++) store<u32>(x + w * 16 + lane * 4, load<u32>(io + lane * 128 + w * 4));
  }
  for (let i: u32 = 0; i < n; i++) {
    const row = v + (<usize>i << 9);
    for (let w: usize = 0; w < 512; w += 16) v128.store(row + w, v128.load(x + w));
    blockMix(x);
  }
  for (let i: u32 = 0; i < n; i++) {
    // j = first word of the last 64-byte block, per lane; each lane gathers its own row of V.
    const r0 = v + (<usize>(load<u32>(x + 256) & mask) << 9);
    const r1 = v + (<usize>(load<u32>(x + 260) & mask) << 9) + 4;
    const r2 = v + (<usize>(load<u32>(x + 264) & mask) << 9) + 8;
    const r3 = v + (<usize>(load<u32>(x + 268) & mask) << 9) + 12;
    for (let w: usize = 0; w < 512; w += 16) {
      let g = v128.load32_lane(r0 + w, i32x4.splat(0), 0);
      g = v128.load32_lane(r1 + w, g, 1);
      g = v128.load32_lane(r2 + w, g, 2);
      g = v128.load32_lane(r3 + w, g, 3);
      v128.store(x + w, v128.xor(v128.load(x + w), g));
    }
    blockMix(x);
  }
  for (let lane: usize = 0; lane < 4; lane++) {
    for (let w: usize = 0; w < 32; w++) store<u32>(io + lane * 128 + w * 4, load<u32>(x + w * 16 + lane * 4));
  }
}

// ---- Keccak-512 (original padding 0x01 ... 0x80, rate 72 bytes), HMAC and PBKDF2 with one iteration ----

const RATE: u32 = 72;
const KECCAK_RC = memory.data<u64>([
  0x0000000000000001, 0x0000000000008082, 0x800000000000808a, 0x8000000080008000, 0x000000000000808b, 0x0000000080000001,
  0x8000000080008081, 0x8000000000008009, 0x000000000000008a, 0x0000000000000088, 0x0000000080008009, 0x000000008000000a,
  0x000000008000808b, 0x800000000000008b, 0x8000000000008089, 0x8000000000008003, 0x8000000000008002, 0x8000000000000080,
  0x000000000000800a, 0x800000008000000a, 0x8000000080008081, 0x8000000000008080, 0x0000000080000001, 0x8000000080008008,
]);
// Rotation of lane x + 5y (rho).
const KECCAK_ROT = memory.data<u8>([0, 1, 62, 28, 27, 36, 44, 6, 55, 20, 3, 10, 43, 25, 39, 41, 45, 15, 21, 8, 18, 2, 61, 56, 14]);

/** Keccak-f[1600] in place on 25 little-endian u64 lanes at `a`; `t` is 240 bytes of scratch (B[25], C[5]). */
function keccakF(a: usize, t: usize): void {
  const c = t + 200;
  for (let round: usize = 0; round < 24; round++) {
    for (let x: usize = 0; x < 5; x++) {
      store<u64>(c + (x << 3), load<u64>(a + (x << 3)) ^ load<u64>(a + ((x + 5) << 3)) ^ load<u64>(a + ((x + 10) << 3)) ^ load<u64>(a + ((x + 15) << 3)) ^ load<u64>(a + ((x + 20) << 3)));
    }
    for (let x: usize = 0; x < 5; x++) {
      const d = load<u64>(c + (((x + 4) % 5) << 3)) ^ rotl<u64>(load<u64>(c + (((x + 1) % 5) << 3)), 1);
      for (let y: usize = 0; y < 25; y += 5) store<u64>(a + ((x + y) << 3), load<u64>(a + ((x + y) << 3)) ^ d);
    }
    // rho and pi: B[y, 2x + 3y] = rotl(A[x, y], r[x, y])
    for (let x: usize = 0; x < 5; x++) {
      for (let y: usize = 0; y < 5; y++) {
        const lane = x + 5 * y;
        const target = y + 5 * ((2 * x + 3 * y) % 5);
        store<u64>(t + (target << 3), rotl<u64>(load<u64>(a + (lane << 3)), <u64>load<u8>(KECCAK_ROT + lane)));
      }
    }
    // chi
    for (let y: usize = 0; y < 25; y += 5) {
      for (let x: usize = 0; x < 5; x++) {
        store<u64>(a + ((x + y) << 3), load<u64>(t + ((x + y) << 3)) ^ (~load<u64>(t + (((x + 1) % 5 + y) << 3)) & load<u64>(t + (((x + 2) % 5 + y) << 3))));
      }
    }
    store<u64>(a, load<u64>(a) ^ load<u64>(KECCAK_RC + (round << 3)));
  }
}

/** Absorbs `len` bytes at `msg` into the state at `st` (which already absorbed whole blocks), pads, permutes. */
function absorbFinal(st: usize, msg: usize, len: u32, t: usize): void {
  let at: u32 = 0;
  while (len - at >= RATE) {
    for (let i: u32 = 0; i < RATE; i += 8) store<u64>(st + i, load<u64>(st + i) ^ load<u64>(msg + at + i));
    keccakF(st, t);
    at += RATE;
  }
  const rest = len - at;
  for (let i: u32 = 0; i < rest; i++) store<u8>(st + i, load<u8>(st + i) ^ load<u8>(msg + at + i));
  store<u8>(st + rest, load<u8>(st + rest) ^ 0x01);
  store<u8>(st + RATE - 1, load<u8>(st + RATE - 1) ^ 0x80);
  keccakF(st, t);
}

/** The keyed inner and outer states of HMAC for a 72-byte key (= the block size, so the key is used as is). */
function hmacKey(key: usize, inner: usize, outer: usize, t: usize): void {
  memory.fill(inner, 0, 200);
  memory.fill(outer, 0, 200);
  for (let i: u32 = 0; i < RATE; i++) {
    store<u8>(inner + i, load<u8>(key + i) ^ 0x36);
    store<u8>(outer + i, load<u8>(key + i) ^ 0x5c);
  }
  keccakF(inner, t);
  keccakF(outer, t);
}

/** HMAC-Keccak-512(key, msg[0..len)) from the keyed states; writes 64 bytes to `out`. `st` is 200 bytes. */
function hmac(inner: usize, outer: usize, msg: usize, len: u32, out: usize, st: usize, t: usize): void {
  memory.copy(st, inner, 200);
  absorbFinal(st, msg, len, t);
  memory.copy(out, st, 64);
  memory.copy(st, outer, 200);
  absorbFinal(st, out, 64, t);
  memory.copy(out, st, 64);
}

/** Bytes of work memory {@link labels4} needs: passwords, keyed HMAC states, a state, Keccak scratch, a message. */
export function workBytes(): u32 {
  return 4 * 72 + 4 * 400 + 200 + 240 + 256;
}

/**
 * Four labels (indices start .. start+3) of `commitment` (32 bytes): the full 32-byte scrypt-jane outputs to
 * `out` (128 bytes). `io` and `scratch` as for {@link romix4}; `work` is {@link workBytes} bytes.
 */
export function labels4(commitment: usize, start: u64, out: usize, io: usize, scratch: usize, work: usize, n: u32): void {
  const passwords = work;
  const keyed = passwords + 4 * 72;
  const st = keyed + 4 * 400;
  const t = st + 200;
  const msg = t + 240;
  for (let lane: usize = 0; lane < 4; lane++) {
    // password = commitment || index u64 LE || 32 zero bytes
    const pw = passwords + lane * 72;
    memory.copy(pw, commitment, 32);
    store<u64>(pw + 32, start + <u64>lane);
    memory.fill(pw + 40, 0, 32);
    const inner = keyed + lane * 400;
    hmacKey(pw, inner, inner + 200, t);
    // B = PBKDF2(pw, empty salt, 128 bytes) = T1 || T2, Ti = HMAC(pw, INT_BE(i))
    for (let i: u32 = 1; i <= 2; i++) {
      store<u32>(msg, bswap<u32>(i));
      hmac(inner, inner + 200, msg, 4, io + lane * 128 + (i - 1) * 64, st, t);
    }
  }
  romix4(io, scratch, n);
  for (let lane: usize = 0; lane < 4; lane++) {
    // out = PBKDF2(pw, B', 32 bytes) = first 32 bytes of HMAC(pw, B' || INT_BE(1))
    memory.copy(msg, io + lane * 128, 128);
    store<u32>(msg + 128, bswap<u32>(1));
    const inner = keyed + lane * 400;
    hmac(inner, inner + 200, msg, 132, msg + 136, st, t);
    memory.copy(out + lane * 32, msg + 136, 32);
  }
}

/** First byte of linear memory after the module's static data: callers lay out their buffers from here. */
export function heapBase(): usize {
  return __heap_base;
}

// ---- The proving scan, after AES: byte filter, tie buckets per nonce, verdicts, good offsets ----

/**
 * Filters one AES output piece: for every byte <= `limit` appends its offset (plus `pieceStart`) to `hits` and a
 * tag to `tags` (0: below the limit, a good label; 1: equal, a tie the per-nonce cipher decides). Returns the new
 * hit count. 64 bytes per step; `len` must be a multiple of 64.
 */
export function filterPiece(piece: usize, len: u32, pieceStart: u32, limit: u8, hits: usize, tags: usize, count: u32): u32 {
  const bound = i8x16.splat(<i8>limit);
  for (let at: u32 = 0; at < len; at += 64) {
    const p = piece + at;
    const m0 = i8x16.le_u(v128.load(p, 0), bound);
    const m1 = i8x16.le_u(v128.load(p, 16), bound);
    const m2 = i8x16.le_u(v128.load(p, 32), bound);
    const m3 = i8x16.le_u(v128.load(p, 48), bound);
    if (!v128.any_true(v128.or(v128.or(m0, m1), v128.or(m2, m3)))) continue;
    let mask: u64 =
      <u64>i8x16.bitmask(m0) | (<u64>i8x16.bitmask(m1) << 16) | (<u64>i8x16.bitmask(m2) << 32) | (<u64>i8x16.bitmask(m3) << 48);
    while (mask != 0) {
      const off = at + <u32>ctz(mask);
      store<u32>(hits + (<usize>count << 2), pieceStart + off);
      store<u8>(tags + count, load<u8>(piece + off) == limit ? 1 : 0);
      count++;
      mask &= mask - 1;
    }
  }
  return count;
}

/**
 * Sorts the ties among hits `from..count` into 16 buckets by nonce (offset mod 16): bucket k gets the 16-byte
 * labels (copied from `data`) at `labels + k·cap·16` and the hit numbers at `bucketHits + k·cap·4`; `counts`
 * (16 u32) receives the sizes. Stops before the tie that would overflow a full bucket and returns its hit number
 * (`count` when all were sorted), so the caller settles the buckets and calls again from there.
 */
export function bucketTies(data: usize, hits: usize, tags: usize, from: u32, count: u32, labels: usize, bucketHits: usize, counts: usize, cap: u32): u32 {
  memory.fill(counts, 0, 64);
  for (let i: u32 = from; i < count; i++) {
    if (load<u8>(tags + i) != 1) continue;
    const off = load<u32>(hits + (<usize>i << 2));
    const k = off & 15;
    const n = load<u32>(counts + (<usize>k << 2));
    if (n == cap) return i;
    const slot = <usize>k * cap + n;
    v128.store(labels + (slot << 4), v128.load(data + <usize>(off & ~15)));
    store<u32>(bucketHits + (slot << 2), i);
    store<u32>(counts + (<usize>k << 2), n + 1);
  }
  return count;
}

/**
 * Decides one bucket from its per-nonce encryptions `enc` (16 bytes per tie): the u64 LE of bytes 0..8, masked to
 * 56 bits, must be below `lsb`; sets the tie's tag to 0 (good) or 2 (not good).
 */
export function settleBucket(enc: usize, bucketHits: usize, n: u32, lsb: u64, tags: usize): void {
  for (let j: u32 = 0; j < n; j++) {
    const value = load<u64>(enc + (<usize>j << 4)) & 0x00ff_ffff_ffff_ffff;
    store<u8>(tags + load<u32>(bucketHits + (<usize>j << 2)), value < lsb ? 0 : 2);
  }
}

/** Writes the offsets of the hits tagged good (0) to `out`, in order; returns how many. */
export function collectGood(hits: usize, tags: usize, count: u32, out: usize): u32 {
  let n: u32 = 0;
  for (let i: u32 = 0; i < count; i++) {
    if (load<u8>(tags + i) == 0) {
      store<u32>(out + (<usize>n << 2), load<u32>(hits + (<usize>i << 2)));
      n++;
    }
  }
  return n;
}
