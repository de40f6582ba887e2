/**
 * SQL for the mesh's per-layer decisions (state.sql `mesh_layers`, migration state/0003_consensus.sql). Callers own
 * transactions. I/O.
 * @module
 */
import { blob, type Executor, prepared } from '../db/index.js';

export interface MeshLayer {
  readonly layer: number;
  readonly blockId: Uint8Array | null;
  readonly decidedBy: 'hare' | 'empty';
  readonly opinionHash: Uint8Array;
}

interface Row {
  layer: bigint;
  block_id: Buffer | null;
  decided_by: 'hare' | 'empty';
  opinion_hash: Buffer;
}

const toLayer = (r: Row): MeshLayer => ({ layer: Number(r.layer), blockId: r.block_id === null ? null : blob(r.block_id), decidedBy: r.decided_by, opinionHash: blob(r.opinion_hash) });

export function insertMeshLayer(db: Executor, m: MeshLayer): void {
  prepared(db, 'INSERT INTO mesh_layers (layer, block_id, decided_by, opinion_hash) VALUES (?, ?, ?, ?)').run(m.layer, m.blockId, m.decidedBy, m.opinionHash);
}

export function getMeshLayer(db: Executor, layer: number): MeshLayer | undefined {
  const row = prepared(db, 'SELECT * FROM mesh_layers WHERE layer = ?').get(layer) as Row | undefined;
  return row === undefined ? undefined : toLayer(row);
}

export function getLastMeshLayer(db: Executor): MeshLayer | undefined {
  const row = prepared(db, 'SELECT * FROM mesh_layers ORDER BY layer DESC LIMIT 1').get() as Row | undefined;
  return row === undefined ? undefined : toLayer(row);
}

export function listMeshLayers(db: Executor, from: number, to: number): MeshLayer[] {
  return (prepared(db, 'SELECT * FROM mesh_layers WHERE layer BETWEEN ? AND ? ORDER BY layer').all(from, to) as Row[]).map(toLayer);
}

export function deleteMeshLayersAfter(db: Executor, layer: number): void {
  prepared(db, 'DELETE FROM mesh_layers WHERE layer > ?').run(layer);
}
