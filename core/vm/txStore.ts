/**
 * SQL for transactions and their results (migration state/0002_mesh_state.sql; go-spacemesh `sql/transactions`).
 * A transaction without a result row is pending: known (mempool or a block) but not executed, or reverted. I/O.
 * @module
 */
import { blob, type Executor, prepared, u64FromSql, u64ToSql } from '../db/index.js';
import type { Address } from '../types/address.js';

export interface StoredTx {
  readonly id: Uint8Array;
  readonly raw: Uint8Array;
  readonly principal: Address;
  readonly nonce: bigint;
  readonly receivedMs: number;
}

export interface TxResult {
  readonly id: Uint8Array;
  readonly layer: number;
  readonly position: number;
  readonly status: 'success' | 'failure';
  readonly message: string;
  readonly gas: bigint;
  readonly fee: bigint;
}

/**
 * Stores a transaction (and the addresses it involves) unless it is already known.
 * @returns true when it was new
 */
export function insertTransaction(db: Executor, tx: StoredTx, addresses: readonly Address[]): boolean {
  const info = prepared(db, 'INSERT OR IGNORE INTO transactions (id, raw, principal, nonce, received_ms) VALUES (?, ?, ?, ?, ?)').run(
    tx.id,
    tx.raw,
    tx.principal,
    u64ToSql(tx.nonce),
    tx.receivedMs,
  );
  if (info.changes === 0) return false;
  const link = prepared(db, 'INSERT OR IGNORE INTO transaction_addresses (address, id) VALUES (?, ?)');
  for (const address of addresses) link.run(address, tx.id);
  return true;
}

/** True when the transaction is stored. */
export function hasTransaction(db: Executor, id: Uint8Array): boolean {
  return prepared(db, 'SELECT 1 FROM transactions WHERE id = ?').get(id) !== undefined;
}

interface TxRow {
  id: Buffer;
  raw: Buffer;
  principal: Buffer;
  nonce: bigint;
  received_ms: bigint;
}

function toTx(row: TxRow): StoredTx {
  return { id: blob(row.id), raw: blob(row.raw), principal: blob(row.principal), nonce: u64FromSql(row.nonce), receivedMs: Number(row.received_ms) };
}

/** A stored transaction, or null. */
export function getTransaction(db: Executor, id: Uint8Array): StoredTx | null {
  const row = prepared(db, 'SELECT * FROM transactions WHERE id = ?').get(id) as TxRow | undefined;
  return row === undefined ? null : toTx(row);
}

/** Transactions without a result, by principal and nonce: what a restarted mempool reconsiders. */
export function listPendingTransactions(db: Executor): StoredTx[] {
  const rows = prepared(
    db,
    `SELECT t.* FROM transactions t LEFT JOIN transaction_results r ON r.id = t.id
     WHERE r.id IS NULL ORDER BY t.principal, t.nonce, t.received_ms`,
  ).all() as TxRow[];
  return rows.map(toTx);
}

/** Records an executed transaction's outcome. */
export function insertTxResult(db: Executor, r: TxResult): void {
  prepared(db, 'INSERT INTO transaction_results (id, layer, position, status, message, gas, fee) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    r.id,
    r.layer,
    r.position,
    r.status === 'success' ? 0 : 1,
    r.message,
    u64ToSql(r.gas),
    u64ToSql(r.fee),
  );
}

interface ResultRow {
  id: Buffer;
  layer: bigint;
  position: bigint;
  status: bigint;
  message: string;
  gas: bigint;
  fee: bigint;
}

function toResult(row: ResultRow): TxResult {
  return {
    id: blob(row.id),
    layer: Number(row.layer),
    position: Number(row.position),
    status: row.status === 0n ? 'success' : 'failure',
    message: row.message,
    gas: u64FromSql(row.gas),
    fee: u64FromSql(row.fee),
  };
}

/** The result of an executed transaction, or null while it is pending. */
export function getTxResult(db: Executor, id: Uint8Array): TxResult | null {
  const row = prepared(db, 'SELECT * FROM transaction_results WHERE id = ?').get(id) as ResultRow | undefined;
  return row === undefined ? null : toResult(row);
}

/** The results of one layer, in block order. */
export function listLayerResults(db: Executor, layer: number): TxResult[] {
  return (prepared(db, 'SELECT * FROM transaction_results WHERE layer = ? ORDER BY position').all(layer) as ResultRow[]).map(toResult);
}

/** Deletes results of layers after `layer`: their transactions become pending again. */
export function deleteTxResultsAfter(db: Executor, layer: number): void {
  prepared(db, 'DELETE FROM transaction_results WHERE layer > ?').run(layer);
}

export interface AccountTxRecord {
  readonly raw: Uint8Array;
  readonly status: 'pending' | 'applied' | 'failed';
  readonly layer: number | null;
}

/** Every stored transaction involving `address` (as principal or destination), newest layer first, pending first. */
export function listTransactionsByAddress(db: Executor, address: Address): AccountTxRecord[] {
  const rows = prepared(
    db,
    `SELECT t.raw, r.status, r.layer FROM transaction_addresses a
     JOIN transactions t ON t.id = a.id LEFT JOIN transaction_results r ON r.id = a.id
     WHERE a.address = ? ORDER BY (r.layer IS NULL) DESC, r.layer DESC, r.position DESC`,
  ).all(address) as Array<{ raw: Buffer; status: bigint | null; layer: bigint | null }>;
  return rows.map((row) => ({
    raw: blob(row.raw),
    status: row.status === null ? 'pending' : row.status === 0n ? 'applied' : 'failed',
    layer: row.layer === null ? null : Number(row.layer),
  }));
}
