/**
 * SQL for the per-epoch beacons (state.sql, migration state/0006_beacons.sql; go-spacemesh `sql/beacons`). Callers
 * own the transaction. I/O.
 * @module
 */
import { blob, type Executor, prepared } from '../db/index.js';

export type BeaconOrigin = 'protocol' | 'ballots' | 'fallback';

/** The stored beacon of an epoch. */
export function getBeacon(db: Executor, epoch: number): { beacon: Uint8Array; source: BeaconOrigin } | undefined {
  const row = prepared(db, 'SELECT beacon, source FROM beacons WHERE epoch = ?').get(epoch) as { beacon: Buffer; source: BeaconOrigin } | undefined;
  return row === undefined ? undefined : { beacon: blob(row.beacon), source: row.source };
}

/** Stores an epoch's beacon unless one is stored (go `beacons.Add`). @returns false when one was there */
export function addBeacon(db: Executor, epoch: number, beacon: Uint8Array, source: BeaconOrigin): boolean {
  return prepared(db, 'INSERT OR IGNORE INTO beacons (epoch, beacon, source) VALUES (?, ?, ?)').run(epoch, beacon, source).changes === 1;
}

/** Stores an epoch's beacon over any stored one (go `beacons.Set`: a fallback value always wins). */
export function setBeacon(db: Executor, epoch: number, beacon: Uint8Array, source: BeaconOrigin): void {
  prepared(db, 'INSERT OR REPLACE INTO beacons (epoch, beacon, source) VALUES (?, ?, ?)').run(epoch, beacon, source);
}
