/**
 * The proving inner loop (post-rs `Prover8_56`, spec post-poet §2.3): encrypt a run of labels with each nonce
 * group's AES key and collect, per nonce, the indices of good labels in index order. Output byte k of a label's
 * encryption belongs to nonce 16·g + k: below the difficulty's top byte is good, equal to it is decided by the
 * per-nonce ("lazy") cipher on the low 56 bits. No I/O; AES via node:crypto.
 * @module
 */
import type { Cipher } from 'node:crypto';
import { createAes, groupKey, lazyValue, NONCES_PER_AES, nonceKey } from './cipher.js';
import { splitDifficulty } from './difficulty.js';
import { LABEL_SIZE } from './labelInput.js';

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
  readonly #lsb: bigint;
  readonly #ciphers: { readonly group: number; readonly pow: bigint; readonly aes: Cipher }[];
  readonly #lazy = new Map<number, Cipher>();

  constructor(params: ScanParams) {
    this.#params = params;
    const { msb, lsb } = splitDifficulty(params.difficulty);
    this.#msb = msb;
    this.#lsb = lsb;
    this.#ciphers = params.groups.map(({ group, pow }) => ({ group, pow, aes: createAes(groupKey(params.challenge, group, pow)) }));
  }

  /** Scans `labels` (a whole number of 16-byte labels) whose first label has index `startIndex`, adding to `into`. */
  scan(labels: Uint8Array, startIndex: bigint, into: GoodIndices): void {
    const usable = labels.length - (labels.length % LABEL_SIZE);
    const data = labels.subarray(0, usable);
    for (const c of this.#ciphers) {
      const out = c.aes.update(data);
      if (this.#msb === 0) {
        // Mainnet-like difficulty: only a zero byte can be good, and memchr finds those far faster than a JS loop.
        for (let at = out.indexOf(0); at !== -1; at = out.indexOf(0, at + 1)) this.#lazyCheck(c, data, at, startIndex, into);
      } else {
        for (let at = 0; at < out.length; at++) {
          const byte = out[at]!;
          if (byte < this.#msb) this.#add(c.group, at, startIndex, into);
          else if (byte === this.#msb) this.#lazyCheck(c, data, at, startIndex, into);
        }
      }
    }
  }

  #lazyCheck(c: { readonly group: number; readonly pow: bigint }, data: Uint8Array, at: number, startIndex: bigint, into: GoodIndices): void {
    const nonce = c.group * NONCES_PER_AES + (at % NONCES_PER_AES);
    let lazy = this.#lazy.get(nonce);
    if (lazy === undefined) {
      lazy = createAes(nonceKey(this.#params.challenge, c.group, c.pow, nonce));
      this.#lazy.set(nonce, lazy);
    }
    const labelAt = at - (at % LABEL_SIZE);
    if (lazyValue(lazy, data.subarray(labelAt, labelAt + LABEL_SIZE)) < this.#lsb) this.#add(c.group, at, startIndex, into);
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
