/**
 * SQL for versioned accounts and applied layers (migration state/0002_mesh_state.sql; go-spacemesh
 * `sql/accounts`, `sql/layers`). Plain functions over an Executor; callers own the transaction. I/O.
 * @module
 */
import { blob, type Executor, prepared, u64FromSql, u64ToSql } from '../db/index.js';
import type { Address } from '../types/address.js';
import type { Account } from './account.js';

interface AccountRow {
  address: Buffer;
  layer_updated: bigint;
  balance: bigint;
  next_nonce: bigint;
  template: Buffer | null;
  state: Buffer | null;
}

function toAccount(row: AccountRow): Account {
  return {
    layer: Number(row.layer_updated),
    address: blob(row.address),
    balance: u64FromSql(row.balance),
    nextNonce: u64FromSql(row.next_nonce),
    template: row.template === null ? null : blob(row.template),
    state: row.state === null ? null : blob(row.state),
  };
}

const COLUMNS = 'address, layer_updated, balance, next_nonce, template, state';

/** Writes one account version (`account.layer` is its layer). Replaces a version written at the same layer. */
export function insertAccountVersion(db: Executor, account: Account): void {
  prepared(db, `INSERT OR REPLACE INTO accounts (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)`).run(
    account.address,
    account.layer,
    u64ToSql(account.balance),
    u64ToSql(account.nextNonce),
    account.template,
    account.state,
  );
}

/** The latest version of an account, or null when it was never written. */
export function getLatestAccount(db: Executor, address: Address): Account | null {
  const row = prepared(db, `SELECT ${COLUMNS} FROM accounts WHERE address = ? ORDER BY layer_updated DESC LIMIT 1`).get(address) as
    | AccountRow
    | undefined;
  return row === undefined ? null : toAccount(row);
}

/** The version that was current at `layer` (the latest one written at or before it), or null. */
export function getAccountAtLayer(db: Executor, address: Address, layer: number): Account | null {
  const row = prepared(
    db,
    `SELECT ${COLUMNS} FROM accounts WHERE address = ? AND layer_updated <= ? ORDER BY layer_updated DESC LIMIT 1`,
  ).get(address, layer) as AccountRow | undefined;
  return row === undefined ? null : toAccount(row);
}

/** Every account's latest version, ordered by address. */
export function listLatestAccounts(db: Executor): Account[] {
  const rows = prepared(
    db,
    `SELECT a.${COLUMNS.split(', ').join(', a.')} FROM accounts a
     WHERE a.layer_updated = (SELECT max(b.layer_updated) FROM accounts b WHERE b.address = a.address)
     ORDER BY a.address`,
  ).all() as AccountRow[];
  return rows.map(toAccount);
}

/** Deletes every account version written after `layer`. */
export function deleteAccountsAfter(db: Executor, layer: number): void {
  prepared(db, 'DELETE FROM accounts WHERE layer_updated > ?').run(layer);
}

export interface AppliedLayer {
  readonly layer: number;
  /** null for an empty layer (no block). */
  readonly block: Uint8Array | null;
  readonly stateHash: Uint8Array;
  readonly subsidy: bigint;
  readonly fees: bigint;
  readonly burnt: bigint;
}

interface LayerRow {
  id: bigint;
  applied_block: Buffer | null;
  state_hash: Buffer;
  subsidy: bigint;
  fees: bigint;
  burnt: bigint;
}

function toLayer(row: LayerRow): AppliedLayer {
  return {
    layer: Number(row.id),
    block: row.applied_block === null ? null : blob(row.applied_block),
    stateHash: blob(row.state_hash),
    subsidy: u64FromSql(row.subsidy),
    fees: u64FromSql(row.fees),
    burnt: u64FromSql(row.burnt),
  };
}

/** Records an applied layer. */
export function insertAppliedLayer(db: Executor, l: AppliedLayer): void {
  prepared(db, 'INSERT INTO layers (id, applied_block, state_hash, subsidy, fees, burnt) VALUES (?, ?, ?, ?, ?, ?)').run(
    l.layer,
    l.block,
    l.stateHash,
    u64ToSql(l.subsidy),
    u64ToSql(l.fees),
    u64ToSql(l.burnt),
  );
}

/** The record of an applied layer, or null. */
export function getAppliedLayer(db: Executor, layer: number): AppliedLayer | null {
  const row = prepared(db, 'SELECT * FROM layers WHERE id = ?').get(layer) as LayerRow | undefined;
  return row === undefined ? null : toLayer(row);
}

/** The highest applied layer, or null when none has been applied. */
export function getLastAppliedLayer(db: Executor): number | null {
  const row = prepared(db, 'SELECT max(id) AS id FROM layers').get() as { id: bigint | null };
  return row.id === null ? null : Number(row.id);
}

/** Applied layers in `[from, to]`, ascending. */
export function listAppliedLayers(db: Executor, from: number, to: number): AppliedLayer[] {
  return (prepared(db, 'SELECT * FROM layers WHERE id BETWEEN ? AND ? ORDER BY id').all(from, to) as LayerRow[]).map(toLayer);
}

/** Deletes the records of layers after `layer`. */
export function deleteLayersAfter(db: Executor, layer: number): void {
  prepared(db, 'DELETE FROM layers WHERE id > ?').run(layer);
}
