/**
 * SQL for hare outputs and blocks in state.sql (migration state/0003_consensus.sql). Callers own transactions. I/O.
 * @module
 */
import { blob, type Executor, prepared } from '../db/index.js';

/** Records a layer's hare output (replacing an earlier one: a late output within hdist may change the opinion). */
export function putHareOutput(db: Executor, layer: number, proposalIds: readonly Uint8Array[]): void {
  const ids = new Uint8Array(proposalIds.length * 20);
  proposalIds.forEach((id, i) => ids.set(id, i * 20));
  prepared(db, 'INSERT OR REPLACE INTO hare_outputs (layer, proposals) VALUES (?, ?)').run(layer, ids);
}

/** The hare output of a layer, or null when the hare produced none. */
export function getHareOutput(db: Executor, layer: number): Uint8Array[] | null {
  const row = prepared(db, 'SELECT proposals FROM hare_outputs WHERE layer = ?').get(layer) as { proposals: Buffer } | undefined;
  if (row === undefined) return null;
  const all = blob(row.proposals);
  const out: Uint8Array[] = [];
  for (let i = 0; i < all.length; i += 20) out.push(all.slice(i, i + 20));
  return out;
}

export function insertBlock(db: Executor, id: Uint8Array, layer: number, bytes: Uint8Array): void {
  prepared(db, 'INSERT OR IGNORE INTO blocks (id, layer, block) VALUES (?, ?, ?)').run(id, layer, bytes);
}

export function getBlockBytes(db: Executor, id: Uint8Array): Uint8Array | undefined {
  const row = prepared(db, 'SELECT block FROM blocks WHERE id = ?').get(id) as { block: Buffer } | undefined;
  return row === undefined ? undefined : blob(row.block);
}
