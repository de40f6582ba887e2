/**
 * Shared plumbing for the stores in every folder (vm, rewards, blocks, mesh, proposals): statements prepared once per
 * connection, reading integers as bigint so u64 values survive. I/O.
 * @module
 */
import type { Statement } from 'better-sqlite3';
import type { Executor } from './database.js';

const cache = new WeakMap<Executor, Map<string, Statement>>();

/** The statement for `sql` on `db`, prepared on first use; integer columns read as bigint. */
export function prepared(db: Executor, sql: string): Statement {
  let byText = cache.get(db);
  if (byText === undefined) {
    byText = new Map();
    cache.set(db, byText);
  }
  let stmt = byText.get(sql);
  if (stmt === undefined) {
    stmt = db.prepare(sql);
    if (stmt.reader) stmt.safeIntegers(true);
    byText.set(sql, stmt);
  }
  return stmt;
}

/** A BLOB column as a plain Uint8Array (better-sqlite3 returns Buffers, which compare unequal in deepEqual). */
export function blob(value: unknown): Uint8Array {
  return new Uint8Array(value as Buffer);
}
