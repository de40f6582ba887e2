/**
 * A layer's working copy of account state (go-spacemesh `genvm/core/staged_cache.go`): reads fall through to a
 * loader once per address, writes stay in memory, and the order in which accounts were first changed is kept,
 * because the state hash is taken in that order. Pure given a pure loader.
 * @module
 */
import type { Address } from '../types/address.js';
import { bytesToHex } from '../util/bytes.js';
import type { Account } from './account.js';

/** Reads an account's latest committed state (an empty account when it does not exist). */
export type AccountLoader = (address: Address) => Account;

export class StagedAccounts {
  readonly #load: AccountLoader;
  readonly #cache = new Map<string, { account: Account; changed: boolean }>();
  readonly #order: string[] = [];

  constructor(load: AccountLoader) {
    this.#load = load;
  }

  /** The current state of `address` in this layer. Accounts are immutable values, so no copy is needed. */
  get(address: Address): Account {
    const key = bytesToHex(address);
    const hit = this.#cache.get(key);
    if (hit !== undefined) return hit.account;
    const account = this.#load(address);
    this.#cache.set(key, { account, changed: false });
    return account;
  }

  /** Records a new state; the first change of an address fixes its place in the hash order. */
  update(account: Account): void {
    const key = bytesToHex(account.address);
    if (this.#cache.get(key)?.changed !== true) this.#order.push(key);
    this.#cache.set(key, { account, changed: true });
  }

  /** The changed accounts in first-change order. */
  changed(): Account[] {
    return this.#order.map((key) => this.#cache.get(key)!.account);
  }
}
