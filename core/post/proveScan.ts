/**
 * The proving inner loop (post-rs `Prover8_56`, docs/protocol/post.md §2.3): encrypt a run of labels with each nonce
 * group's AES key and collect, per nonce, the indices of good labels in index order. Output byte k of a label's
 * encryption belongs to nonce 16·g + k: below the difficulty's top byte is good, equal to it is decided by the
 * per-nonce ("lazy") cipher on the low 56 bits. AES with the filter fused in native AES-NI code where it is built
 * (core/post/nativeAes.ts), else node:crypto AES with the filter in WebAssembly; the per-hit work in WebAssembly.
 * I/O only in {@link NonceScanner.scanFile}, which reads data straight into the scanner's memory.
 * @module
 */
import type { Cipher } from 'node:crypto';
import { readSync } from 'node:fs';
import { createAes, groupKey, NONCES_PER_AES, nonceKey } from './cipher.js';
import { splitDifficulty } from './difficulty.js';
import { PostError } from './errors.js';
import { LABEL_SIZE } from './labelInput.js';
import { nativeAes, type NativeAes } from './nativeAes.js';
import { AES_PIECE_BYTES, DEFAULT_CAPACITIES, type ScanCapacities, ScanMemory, SUB_RUN_BYTES } from './scanMemory.js';

export interface NonceGroupPow {
  readonly group: number;
  readonly pow: bigint;
}

export interface ScanParams {
  readonly challenge: Uint8Array;
  readonly groups: readonly NonceGroupPow[];
  readonly difficulty: bigint;
  /** Stop collecting for a nonce at this many indices. */
  readonly k2: number;
}

/** Good indices per nonce, each list ascending and at most K2 long. */
export type GoodIndices = Map<number, bigint[]>;

/** One AES key, in the form the scan's AES path needs: node:crypto's cipher, or the native path's round keys. */
type ScanKey = { readonly cipher: Cipher } | { readonly roundKeys: Uint8Array };

interface GroupCipher {
  readonly group: number;
  readonly pow: bigint;
  readonly key: ScanKey;
}

export class NonceScanner {
  readonly #params: ScanParams;
  readonly #msb: number;
  readonly #lsb: bigint;
  readonly #ciphers: GroupCipher[];
  readonly #lazy = new Map<number, ScanKey>();
  readonly #mem: ScanMemory;
  readonly #native: NativeAes | undefined;

  /** `native` null forces the node:crypto path (the default is the native one wherever it runs). */
  constructor(params: ScanParams, capacities: ScanCapacities = DEFAULT_CAPACITIES, native: NativeAes | null | undefined = nativeAes()) {
    this.#params = params;
    this.#mem = new ScanMemory(capacities);
    this.#native = native ?? undefined;
    const { msb, lsb } = splitDifficulty(params.difficulty);
    this.#msb = msb;
    this.#lsb = lsb;
    this.#ciphers = params.groups.map(({ group, pow }) => ({ group, pow, key: this.#key(groupKey(params.challenge, group, pow)) }));
  }

  /** Which AES the scan uses, for benchmarks and logs. */
  get aes(): 'native AES-NI' | 'node:crypto' {
    return this.#native === undefined ? 'node:crypto' : 'native AES-NI';
  }

  #key(key: Uint8Array): ScanKey {
    return this.#native === undefined ? { cipher: createAes(key) } : { roundKeys: this.#native.expandKey(key) };
  }

  /** Scans `labels` (a whole number of 16-byte labels) whose first label has index `startIndex`, adding to `into`. */
  scan(labels: Uint8Array, startIndex: bigint, into: GoodIndices): void {
    const length = labels.length - (labels.length % LABEL_SIZE);
    this.#scanSubRuns(length, startIndex, into, (sub, size, target) => target.set(labels.subarray(sub, sub + size)));
  }

  /**
   * Scans `length` bytes of an open data file from `position`, reading straight into the scanner's WebAssembly
   * memory (no intermediate buffer).
   * @throws {PostError} DATA_CORRUPT when the file ends early
   */
  scanFile(fd: number, position: number, length: number, startIndex: bigint, into: GoodIndices): void {
    const whole = length - (length % LABEL_SIZE);
    this.#scanSubRuns(whole, startIndex, into, (sub, size, target) => {
      let read = 0;
      while (read < size) {
        const n = readSync(fd, target, read, size - read, position + sub + read);
        if (n === 0) throw new PostError('DATA_CORRUPT', `data file ends before byte ${position + sub + size}`);
        read += n;
      }
    });
  }

  #scanSubRuns(length: number, startIndex: bigint, into: GoodIndices, load: (sub: number, size: number, target: Uint8Array) => void): void {
    const m = this.#mem;
    for (let sub = 0; sub < length; sub += SUB_RUN_BYTES) {
      const size = Math.min(SUB_RUN_BYTES, length - sub);
      const run = m.u8.subarray(m.dataAt, m.dataAt + size);
      load(sub, size, run);
      for (const c of this.#ciphers) this.#scanGroup(c, run, size, startIndex + BigInt(sub / LABEL_SIZE), into);
    }
  }

  /**
   * One group over one sub-run in L2-sized pieces, each encrypted and filtered while still in cache (natively in
   * one pass, or node:crypto AES then the WebAssembly filter); the hits are settled whenever the next piece might
   * not fit, and once at the end.
   */
  #scanGroup(c: GroupCipher, run: Uint8Array, length: number, startIndex: bigint, into: GoodIndices): void {
    const m = this.#mem;
    let count = 0;
    for (let at = 0; at < length; at += AES_PIECE_BYTES) {
      if (count > m.hitsCap - AES_PIECE_BYTES) count = this.#settle(c, count, length, startIndex, into);
      const size = Math.min(AES_PIECE_BYTES, length - at);
      if ('roundKeys' in c.key) {
        count = this.#native!.scanPiece(c.key.roundKeys, m.u8, m.dataAt + at, size, at, this.#msb, m.hitsAt, m.tagsAt, count);
        continue;
      }
      m.u8.set(c.key.cipher.update(run.subarray(at, at + size)), m.pieceAt);
      const padded = Math.ceil(size / 64) * 64;
      // 0xFF padding can only "hit" when the limit is 0xFF; such offsets lie past the data and are dropped below.
      if (padded > size) m.u8.fill(0xff, m.pieceAt + size, m.pieceAt + padded);
      count = m.wasm.filterPiece(m.pieceAt, padded, at, this.#msb, m.hitsAt, m.tagsAt, count);
    }
    this.#settle(c, count, length, startIndex, into);
  }

  /**
   * Decides the `count` pending hits: the ties go to the per-nonce cipher one bucket (one AES call) per nonce, in
   * as many passes as the buckets' capacity needs; then the good offsets are added in order. Returns 0, the new
   * number of pending hits.
   */
  #settle(c: GroupCipher, count: number, length: number, startIndex: bigint, into: GoodIndices): number {
    if (count === 0) return 0;
    const m = this.#mem;
    for (let from = 0; from < count; ) {
      from = m.wasm.bucketTies(m.dataAt, m.hitsAt, m.tagsAt, from, count, m.labelsAt, m.bucketHitsAt, m.countsAt, m.cap);
      for (let k = 0; k < NONCES_PER_AES; k++) {
        const n = m.u32[m.countsAt / 4 + k]!;
        if (n === 0) continue;
        const bucket = m.labelsAt + k * m.cap * LABEL_SIZE;
        const lazy = this.#lazyKey(c, c.group * NONCES_PER_AES + k);
        if ('roundKeys' in lazy) this.#native!.encrypt(lazy.roundKeys, m.u8, bucket, m.encAt, n * LABEL_SIZE);
        else m.u8.set(lazy.cipher.update(m.u8.subarray(bucket, bucket + n * LABEL_SIZE)), m.encAt);
        m.wasm.settleBucket(m.encAt, m.bucketHitsAt + k * m.cap * 4, n, this.#lsb, m.tagsAt);
      }
    }
    const good = m.wasm.collectGood(m.hitsAt, m.tagsAt, count, m.hitsAt);
    for (let i = 0; i < good; i++) {
      const at = m.u32[m.hitsAt / 4 + i]!;
      if (at < length) this.#add(c.group, at, startIndex, into);
    }
    return 0;
  }

  #lazyKey(c: { readonly group: number; readonly pow: bigint }, nonce: number): ScanKey {
    let lazy = this.#lazy.get(nonce);
    if (lazy === undefined) {
      lazy = this.#key(nonceKey(this.#params.challenge, c.group, c.pow, nonce));
      this.#lazy.set(nonce, lazy);
    }
    return lazy;
  }

  #add(group: number, at: number, startIndex: bigint, into: GoodIndices): void {
    const nonce = group * NONCES_PER_AES + (at % NONCES_PER_AES);
    let list = into.get(nonce);
    if (list === undefined) {
      list = [];
      into.set(nonce, list);
    }
    if (list.length < this.#params.k2) list.push(startIndex + BigInt(Math.floor(at / LABEL_SIZE)));
  }
}

/**
 * Merges a later run's good indices into the running totals (order preserved) and returns the winner, if any: the
 * nonce whose K2-th good index is smallest, ties to the smaller nonce. Processing runs in index order makes the
 * result the same for any thread count, unlike post-rs's first-to-finish race.
 */
export function mergeGoodIndices(total: GoodIndices, run: GoodIndices, k2: number): { nonce: number; indices: bigint[] } | undefined {
  let winner: { nonce: number; indices: bigint[] } | undefined;
  for (const [nonce, list] of run) {
    let acc = total.get(nonce);
    if (acc === undefined) {
      acc = [];
      total.set(nonce, acc);
    }
    for (const index of list) {
      if (acc.length >= k2) break;
      acc.push(index);
    }
    if (acc.length >= k2) {
      const last = acc[k2 - 1]!;
      const best = winner?.indices[k2 - 1];
      if (winner === undefined || last < best! || (last === best && nonce < winner.nonce)) winner = { nonce, indices: acc.slice(0, k2) };
    }
  }
  return winner;
}
