/**
 * The proving inner loop (post-rs `Prover8_56`, spec post-poet §2.3): encrypt a run of labels with each nonce
 * group's AES key and collect, per nonce, the indices of good labels in index order. Output byte k of a label's
 * encryption belongs to nonce 16·g + k: below the difficulty's top byte is good, equal to it is decided by the
 * per-nonce ("lazy") cipher on the low 56 bits. No I/O; AES via node:crypto, the byte filter in WebAssembly.
 * @module
 */
import type { Cipher } from 'node:crypto';
import { ByteScanner } from './byteScan.js';
import { createAes, groupKey, NONCES_PER_AES, nonceKey } from './cipher.js';
import { splitDifficulty } from './difficulty.js';
import { LABEL_SIZE } from './labelInput.js';

/** Bytes per AES call: L2-sized, and a multiple of 64 for the SIMD byte filter. */
const AES_PIECE = 64 * 1024;

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

export class NonceScanner {
  readonly #params: ScanParams;
  readonly #msb: number;
  readonly #lsbHi: number;
  readonly #lsbLo: number;
  readonly #bytes = new ByteScanner();
  /** Offsets of a run's candidate bytes and their state (0 good, 1 tie to decide, 2 tie failed); reused. */
  #hits = new Uint32Array(4096);
  #tie = new Uint8Array(4096);
  readonly #ciphers: { readonly group: number; readonly pow: bigint; readonly aes: Cipher }[];
  readonly #lazy = new Map<number, Cipher>();

  constructor(params: ScanParams) {
    this.#params = params;
    const { msb, lsb } = splitDifficulty(params.difficulty);
    this.#msb = msb;
    this.#lsbHi = Number(lsb >> 32n);
    this.#lsbLo = Number(lsb & 0xffff_ffffn);
    this.#ciphers = params.groups.map(({ group, pow }) => ({ group, pow, aes: createAes(groupKey(params.challenge, group, pow)) }));
  }

  /** Scans `labels` (a whole number of 16-byte labels) whose first label has index `startIndex`, adding to `into`. */
  scan(labels: Uint8Array, startIndex: bigint, into: GoodIndices): void {
    const data = labels.subarray(0, labels.length - (labels.length % LABEL_SIZE));
    for (const c of this.#ciphers) {
      // AES in cache-sized pieces: each output is filtered while still in L2, and small buffers are recycled by the
      // allocator instead of being page-faulted in afresh (a 1 MiB update output costs more in faults than in AES).
      let count = 0;
      for (let start = 0; start < data.length; start += AES_PIECE) {
        const out = c.aes.update(data.subarray(start, start + AES_PIECE));
        const found = this.#bytes.scan(out, this.#msb);
        if (count + found.length > this.#hits.length) this.#growHits(count + found.length);
        for (let i = 0; i < found.length; i++) {
          const at = found[i]!;
          this.#hits[count] = start + at;
          this.#tie[count] = out[at] === this.#msb ? 1 : 0;
          count++;
        }
      }
      this.#settleTies(c, data, count);
      for (let i = 0; i < count; i++) if (this.#tie[i] === 0) this.#add(c.group, this.#hits[i]!, startIndex, into);
    }
  }

  /**
   * Decides the tied hits with the per-nonce cipher, batched per nonce so each nonce costs one AES call per run
   * instead of one per hit. Marks good ties with 0 (like direct hits) and failed ones with 2.
   */
  #settleTies(c: { readonly group: number; readonly pow: bigint }, data: Uint8Array, count: number): void {
    // Bucket the ties by nonce (counting sort, two passes), gather their labels into one batch with word copies,
    // then one AES call per nonce over its bucket: per tie this is a few word moves, well below the AES per byte.
    const starts = new Uint32Array(NONCES_PER_AES + 1);
    let ties = 0;
    for (let i = 0; i < count; i++) {
      if (this.#tie[i] === 1) {
        starts[(this.#hits[i]! % NONCES_PER_AES) + 1]!++;
        ties++;
      }
    }
    if (ties === 0) return;
    for (let k = 0; k < NONCES_PER_AES; k++) starts[k + 1]! += starts[k]!;
    const fill = starts.slice(0, NONCES_PER_AES);
    const order = new Uint32Array(ties);
    const batch = new Uint32Array(ties * 4);
    const words = data.byteOffset % 4 === 0 ? new Uint32Array(data.buffer, data.byteOffset, data.length >> 2) : new Uint32Array(data.slice().buffer);
    for (let i = 0; i < count; i++) {
      if (this.#tie[i] !== 1) continue;
      const slot = fill[this.#hits[i]! % NONCES_PER_AES]!++;
      order[slot] = i;
      const word = (this.#hits[i]! >>> 4) << 2;
      batch[slot * 4] = words[word]!;
      batch[slot * 4 + 1] = words[word + 1]!;
      batch[slot * 4 + 2] = words[word + 2]!;
      batch[slot * 4 + 3] = words[word + 3]!;
    }
    const bytes = new Uint8Array(batch.buffer);
    for (let k = 0; k < NONCES_PER_AES; k++) {
      const from = starts[k]!;
      const to = starts[k + 1]!;
      if (from === to) continue;
      const enc = this.#lazyCipher(c, c.group * NONCES_PER_AES + k).update(bytes.subarray(from * LABEL_SIZE, to * LABEL_SIZE));
      const encWords = enc.byteOffset % 4 === 0 ? new Uint32Array(enc.buffer, enc.byteOffset, enc.length >> 2) : new Uint32Array(new Uint8Array(enc).buffer);
      for (let q = 0; q < to - from; q++) {
        // value = u64 LE of bytes 0..8 masked to 56 bits, compared as (high 24 bits, low 32 bits); word views read
        // little-endian, which every platform Node supports is.
        const lo = encWords[q * 4]!;
        const hi = encWords[q * 4 + 1]! & 0xff_ffff;
        this.#tie[order[from + q]!] = hi < this.#lsbHi || (hi === this.#lsbHi && lo < this.#lsbLo) ? 0 : 2;
      }
    }
  }

  #growHits(size: number): void {
    const hits = new Uint32Array(Math.max(size, this.#hits.length * 2));
    hits.set(this.#hits);
    this.#hits = hits;
    const tie = new Uint8Array(hits.length);
    tie.set(this.#tie);
    this.#tie = tie;
  }

  #lazyCipher(c: { readonly group: number; readonly pow: bigint }, nonce: number): Cipher {
    let lazy = this.#lazy.get(nonce);
    if (lazy === undefined) {
      lazy = createAes(nonceKey(this.#params.challenge, c.group, c.pow, nonce));
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
