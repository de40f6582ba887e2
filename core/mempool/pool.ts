/**
 * The mempool's conservative state (docs/protocol/vm-and-transactions.md §7; go-spacemesh `txs/cache.go`): per account, the pending
 * transactions by nonce and the chain of best candidates the account's projected balance can pay for.
 *
 * For each nonce at or above the account's next nonce (in order, gaps allowed as the VM allows them) the chain
 * takes the best transaction whose `fee + amount` fits what the previous candidates leave: highest fee, then
 * earliest received, then lowest id. A transaction is accepted only when it lands in the chain; one that a better
 * transaction later pushes out stays parked and is reconsidered when a layer applies, since incoming funds may make
 * it payable again. Nothing changes when a transaction is turned away. Pure: time comes in as an argument.
 * @module
 */
import type { Address } from '../types/address.js';
import { bytesToHex, compareBytes } from '../util/bytes.js';
import { MempoolError } from './errors.js';

/** go-spacemesh `maxTXsPerAcct`. */
export const MAX_PENDING_PER_ACCOUNT = 100;

export interface PendingTx {
  readonly id: Uint8Array;
  readonly principal: Address;
  readonly nonce: bigint;
  /** `maxGas * gasPrice`. */
  readonly fee: bigint;
  /** `fee + amount`: the most the transaction takes from the principal. */
  readonly spending: bigint;
  /** Gas units the block must have left for it. */
  readonly maxGas: bigint;
  readonly receivedMs: number;
}

/** What the committed state says about an account. */
export interface AccountProjection {
  readonly nextNonce: bigint;
  readonly balance: bigint;
}

export type AddOutcome = 'added' | 'replaced';

interface AccountQueue {
  start: AccountProjection;
  /** Every known pending transaction by nonce (candidates and parked ones). */
  byNonce: Map<bigint, PendingTx[]>;
  count: number;
  /** The payable chain, ascending nonce. */
  chain: PendingTx[];
}

/** True when `a` should be preferred over `b` for the same account and nonce. */
function better(a: PendingTx, b: PendingTx): boolean {
  if (a.fee !== b.fee) return a.fee > b.fee;
  if (a.receivedMs !== b.receivedMs) return a.receivedMs < b.receivedMs;
  return compareBytes(a.id, b.id) < 0;
}

function buildChain(start: AccountProjection, byNonce: Map<bigint, PendingTx[]>, limit: number): PendingTx[] {
  const chain: PendingTx[] = [];
  let balance = start.balance;
  const nonces = [...byNonce.keys()].filter((n) => n >= start.nextNonce).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const nonce of nonces) {
    let best: PendingTx | null = null;
    for (const tx of byNonce.get(nonce)!) {
      if (tx.spending <= balance && (best === null || better(tx, best))) best = tx;
    }
    if (best === null) continue;
    chain.push(best);
    balance -= best.spending;
    if (chain.length >= limit) break;
  }
  return chain;
}

export class Mempool {
  readonly #accounts = new Map<string, AccountQueue>();
  readonly #ids = new Set<string>();
  readonly #maxPerAccount: number;

  constructor(options: { readonly maxPerAccount?: number } = {}) {
    this.#maxPerAccount = options.maxPerAccount ?? MAX_PENDING_PER_ACCOUNT;
  }

  /** Pending transactions held (candidates and parked). */
  get size(): number {
    return this.#ids.size;
  }

  has(id: Uint8Array): boolean {
    return this.#ids.has(bytesToHex(id));
  }

  /**
   * Adds a transaction the handler has already parsed and verified.
   * @param tx - the transaction
   * @param state - the principal's committed next nonce and balance (used when the account is not yet tracked)
   * @returns 'added' for a new nonce, 'replaced' when it displaced a worse transaction of the same nonce
   * @throws {MempoolError} DUPLICATE, NONCE_TOO_LOW, TOO_MANY_PENDING, INSUFFICIENT_BALANCE or NOT_BETTER; the
   *   pool is unchanged
   */
  add(tx: PendingTx, state: AccountProjection): AddOutcome {
    const key = bytesToHex(tx.id);
    if (this.#ids.has(key)) throw new MempoolError('DUPLICATE', 'transaction is already pending');
    const queue: AccountQueue = this.#accounts.get(bytesToHex(tx.principal)) ?? { start: state, byNonce: new Map(), count: 0, chain: [] };
    if (tx.nonce < queue.start.nextNonce) {
      throw new MempoolError('NONCE_TOO_LOW', `nonce ${tx.nonce} is below the next nonce ${queue.start.nextNonce}`);
    }
    if (queue.count >= this.#maxPerAccount) {
      throw new MempoolError('TOO_MANY_PENDING', `account already has ${queue.count} pending transactions`);
    }
    const byNonce = new Map<bigint, PendingTx[]>(queue.byNonce);
    byNonce.set(tx.nonce, [...(byNonce.get(tx.nonce) ?? []), tx]);
    const chain = buildChain(queue.start, byNonce, this.#maxPerAccount);
    if (!chain.includes(tx)) {
      const previous = queue.chain.find((c) => c.nonce === tx.nonce);
      // go-spacemesh `accountCache.precheck` first: what the nonce can spend (the balance before its candidate).
      const before = queue.chain.filter((c) => c.nonce < tx.nonce).reduce((left, c) => left - c.spending, queue.start.balance);
      if (previous !== undefined && tx.spending <= before && !better(tx, previous)) {
        throw new MempoolError('NOT_BETTER', `nonce ${tx.nonce} already has a transaction with a fee of ${previous.fee}`);
      }
      throw new MempoolError('INSUFFICIENT_BALANCE', `projected balance cannot cover ${tx.spending} at nonce ${tx.nonce}`);
    }
    const replaced = queue.chain.some((c) => c.nonce === tx.nonce);
    this.#accounts.set(bytesToHex(tx.principal), { start: queue.start, byNonce, count: queue.count + 1, chain });
    this.#ids.add(key);
    return replaced ? 'replaced' : 'added';
  }

  /**
   * The account's projection: the next nonce after its payable pending transactions and the balance they leave
   * (the committed state when nothing is pending). What a wallet should build its next transaction on.
   */
  projection(principal: Address, state: AccountProjection): AccountProjection {
    const queue = this.#accounts.get(bytesToHex(principal));
    if (queue === undefined || queue.chain.length === 0) return queue?.start ?? state;
    const spent = queue.chain.reduce((sum, tx) => sum + tx.spending, 0n);
    return { nextNonce: queue.chain[queue.chain.length - 1]!.nonce + 1n, balance: queue.start.balance - spent };
  }

  /** The account's payable chain, ascending nonce. */
  candidates(principal: Address): readonly PendingTx[] {
    return this.#accounts.get(bytesToHex(principal))?.chain ?? [];
  }

  /**
   * Up to `n` transaction ids for a proposal: repeatedly the highest-fee head among the accounts' chains (ties: the
   * earlier received, then the lower id), so each account's transactions keep their nonce order.
   */
  selectForProposal(n: number): Uint8Array[] {
    const cursors = [...this.#accounts.values()].filter((q) => q.chain.length > 0).map((q) => ({ chain: q.chain, next: 0 }));
    const out: Uint8Array[] = [];
    while (out.length < n) {
      let pick: (typeof cursors)[number] | null = null;
      for (const c of cursors) {
        if (c.next >= c.chain.length) continue;
        if (pick === null || better(c.chain[c.next]!, pick.chain[pick.next]!)) pick = c;
      }
      if (pick === null) break;
      out.push(pick.chain[pick.next]!.id);
      pick.next++;
    }
    return out;
  }

  /**
   * Re-bases every account on the state after a layer applied: transactions whose nonce is now used are evicted,
   * and each chain is rebuilt from the new balance (parked transactions may re-enter, others may be parked).
   * @param stateOf - the committed next nonce and balance of an address
   * @returns the ids evicted
   */
  onLayerApplied(stateOf: (principal: Address) => AccountProjection): Uint8Array[] {
    const evicted: Uint8Array[] = [];
    for (const [key, queue] of this.#accounts) {
      const principal = queue.chain[0]?.principal ?? [...queue.byNonce.values()][0]![0]!.principal;
      const start = stateOf(principal);
      for (const [nonce, txs] of queue.byNonce) {
        if (nonce >= start.nextNonce) continue;
        for (const tx of txs) {
          evicted.push(tx.id);
          this.#ids.delete(bytesToHex(tx.id));
        }
        queue.byNonce.delete(nonce);
        queue.count -= txs.length;
      }
      if (queue.count === 0) {
        this.#accounts.delete(key);
        continue;
      }
      queue.start = start;
      queue.chain = buildChain(start, queue.byNonce, this.#maxPerAccount);
    }
    return evicted;
  }
}
