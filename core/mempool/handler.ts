/**
 * Network input for transactions (gossip `tx1`, API submissions): decode, cheap checks, signature, nonce, then the
 * projected-balance check of the mempool, and the transaction stored, all or nothing (docs/protocol/vm-and-transactions.md §7;
 * go-spacemesh `txs/handler.go`, `txs/conservative_state.go`).
 *
 * Verdicts follow go-spacemesh's pubsub convention: `reject` (the peer sent something no honest node sends: bytes
 * that do not decode, an unknown template, GasPrice 0, a bad signature, arithmetic that overflows), `ignore` (valid
 * in itself but not for us now: a duplicate, a used nonce, an unspawned principal, a balance that cannot pay, a full
 * queue; our state may lag the sender's), `accept`. State changes only on `accept`. A transaction no better than the
 * candidate of its nonce is accepted and stored but not pooled, as go-spacemesh does: a peer's proposal may list it.
 * I/O (the state database).
 * @module
 */
import { EdVerifier } from '../crypto/ed25519.js';
import type { Executor } from '../db/index.js';
import { bytesToHex } from '../util/bytes.js';
import { CodedError } from '../util/errors.js';
import { type Verdict, accept, ignore, reject } from '../util/verdict.js';
import { VmError, type VmErrorCode } from '../vm/errors.js';
import { type ParsedTx, parseTx, summarizeTx } from '../vm/parse.js';
import { decodeWalletTx } from '../vm/txCodec.js';
import { hasTransaction, insertTransaction, listPendingTransactions } from '../vm/txStore.js';
import { getAccount } from '../vm/vm.js';
import { MempoolError } from './errors.js';
import type { AccountProjection, AddOutcome, Mempool, PendingTx } from './pool.js';

/**
 * What an accepted transaction became: a new candidate ('added'), the better one of its nonce ('replaced'), or stored
 * only, no better than the candidate its nonce has ('stored').
 */
export type TxOutcome = AddOutcome | 'stored';

/**
 * accept carries the id (hex) and what the pool did with it; ignore and reject carry the refusal: a {@link VmError}
 * (the transaction itself) or a {@link MempoolError} (the pool's state).
 */
export type TxVerdict = Verdict<{ readonly id: string; readonly outcome: TxOutcome }, VmError | MempoolError>;

export interface TxHandlerDeps {
  readonly db: Executor;
  readonly genesisId: Uint8Array;
  readonly mempool: Mempool;
  /** Wall-clock milliseconds (injected so tests control received times). */
  readonly now: () => number;
}

/** Parse failures that say the sender is broken or hostile rather than behind or ahead of us. */
const REJECT_CODES: ReadonlySet<VmErrorCode> = new Set(['MALFORMED', 'UNKNOWN_TEMPLATE', 'OVERFLOW']);

/** The handler: validates a raw transaction and, when it is acceptable, stores it and adds it to the mempool. */
export type TxHandler = (raw: Uint8Array) => Promise<TxVerdict>;

/**
 * Builds the transaction handler.
 * @throws never for bad input (that is a verdict); rethrows database failures and corrupted state
 */
export function createTxHandler(deps: TxHandlerDeps): TxHandler {
  const verifier = new EdVerifier(deps.genesisId);
  return (raw) => Promise.resolve(handle(deps, verifier, raw));
}

function handle(deps: TxHandlerDeps, verifier: EdVerifier, raw: Uint8Array): TxVerdict {
  try {
    decodeWalletTx(raw);
  } catch (err) {
    return reject(new VmError('MALFORMED', (err as Error).message));
  }
  const summary = summarizeTx(raw)!;
  const { db, mempool } = deps;
  let tx: ParsedTx;
  const account = getAccount(db, summary.principal);
  try {
    tx = parseTx(raw, account);
  } catch (err) {
    if (err instanceof VmError && err.code !== 'CORRUPT_STATE') {
      return REJECT_CODES.has(err.code) ? reject(err) : ignore(err);
    }
    throw err;
  }
  const id = bytesToHex(tx.id);
  if (mempool.has(tx.id) || hasTransaction(db, tx.id)) return ignore(new MempoolError('DUPLICATE', 'transaction already known'));
  if (tx.gasPrice === 0n) return reject(new VmError('ZERO_GAS_PRICE', 'gas price is 0'));
  if (!verifier.verifyTransaction(tx.signer, tx.body, tx.signature)) {
    return reject(new VmError('BAD_SIGNATURE', 'signature does not verify over GenesisID || tx'));
  }
  if (tx.nonce < account.nextNonce) {
    return ignore(new VmError('NONCE_TOO_LOW', `nonce ${tx.nonce} is below the next nonce ${account.nextNonce}`));
  }
  const receivedMs = deps.now();
  try {
    // Store and add as one step: if the pool turns it away, the insert rolls back.
    const outcome = db.transaction((): TxOutcome => {
      insertTransaction(db, { id: tx.id, raw, principal: tx.principal, nonce: tx.nonce, receivedMs }, summary.addresses);
      try {
        return mempool.add(toPending(tx, receivedMs), projectionOf(account));
      } catch (err) {
        // go-spacemesh `txs/cache.go accept`: a transaction no better than its nonce's candidate is stored (a
        // proposal or block may list it) but not a candidate, and the handler accepts it.
        if (err instanceof MempoolError && err.code === 'NOT_BETTER') return 'stored';
        throw err;
      }
    })();
    return accept({ id, outcome });
  } catch (err) {
    if (err instanceof MempoolError) return ignore(err);
    throw err;
  }
}

function toPending(tx: ParsedTx, receivedMs: number): PendingTx {
  return { id: tx.id, principal: tx.principal, nonce: tx.nonce, fee: tx.fee, spending: tx.spending, maxGas: tx.maxGas, receivedMs };
}

function projectionOf(account: { readonly nextNonce: bigint; readonly balance: bigint }): AccountProjection {
  return { nextNonce: account.nextNonce, balance: account.balance };
}

/**
 * Evicts what a newly applied layer made stale (used nonces) and re-bases every account on its new balance. Call
 * after each `applyLayer` (and after a revert).
 * @returns the evicted ids
 */
export function syncMempoolWithState(db: Executor, mempool: Mempool): Uint8Array[] {
  return mempool.onLayerApplied((principal) => projectionOf(getAccount(db, principal)));
}

/**
 * Refills an empty mempool from the stored pending transactions after a restart (or into a fresh pool after a
 * revert, which makes the reverted layers' transactions pending again). Signatures are checked again because
 * ineffective block transactions are stored too; transactions that no longer fit (used nonce, balance, bad
 * signature) are skipped, not deleted.
 * @returns how many were added
 * @throws rethrows database failures and corrupted state
 */
export function restoreMempool(db: Executor, genesisId: Uint8Array, mempool: Mempool): number {
  const verifier = new EdVerifier(genesisId);
  let added = 0;
  for (const stored of listPendingTransactions(db)) {
    const account = getAccount(db, stored.principal);
    try {
      const tx = parseTx(stored.raw, account);
      if (tx.gasPrice === 0n || !verifier.verifyTransaction(tx.signer, tx.body, tx.signature)) continue;
      mempool.add(toPending(tx, stored.receivedMs), projectionOf(account));
      added++;
    } catch (err) {
      if (err instanceof CodedError && !(err instanceof VmError && err.code === 'CORRUPT_STATE')) continue;
      throw err;
    }
  }
  return added;
}
