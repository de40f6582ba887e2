/**
 * SQL for block certificates in state.sql (migration state/0007_certificates.sql; go-spacemesh `sql/certificates`).
 * Callers own transactions. I/O.
 * @module
 */
import { blob, type Executor, prepared } from '../db/index.js';

export interface CertificateRow {
  readonly blockId: Uint8Array;
  /** The SCALE `Certificate`, or null for this node's own hare output not certified yet. */
  readonly cert: Uint8Array | null;
  readonly valid: boolean;
}

/** Records this node's hare output for `layer` (no certificate yet); an existing row is kept. */
export function putHareOutputBlock(db: Executor, layer: number, blockId: Uint8Array): void {
  prepared(db, 'INSERT OR IGNORE INTO certificates (layer, block_id, cert, valid) VALUES (?, ?, NULL, 1)').run(layer, blockId);
}

/** Stores a certificate for (`layer`, `blockId`), valid (go `certificates.Add`: insert, or set cert and valid). */
export function putCertificate(db: Executor, layer: number, blockId: Uint8Array, cert: Uint8Array): void {
  prepared(db, 'INSERT INTO certificates (layer, block_id, cert, valid) VALUES (?, ?, ?, 1) ON CONFLICT DO UPDATE SET cert = excluded.cert, valid = 1').run(
    layer,
    blockId,
    cert,
  );
}

export function setCertificateValidity(db: Executor, layer: number, blockId: Uint8Array, valid: boolean): void {
  prepared(db, 'UPDATE certificates SET valid = ? WHERE layer = ? AND block_id = ?').run(valid ? 1 : 0, layer, blockId);
}

/** Every row of a layer, by block id. */
export function listCertificates(db: Executor, layer: number): CertificateRow[] {
  const rows = prepared(db, 'SELECT block_id, cert, valid FROM certificates WHERE layer = ? ORDER BY block_id').all(layer) as Array<{
    block_id: Buffer;
    cert: Buffer | null;
    valid: number | bigint;
  }>;
  return rows.map((r) => ({ blockId: blob(r.block_id), cert: r.cert === null ? null : blob(r.cert), valid: Number(r.valid) === 1 }));
}

/**
 * The layer's certified block: the one valid certificate, or undefined when there is none or more than one. Two
 * valid certificates leave the layer to the tortoise (go's `GetHareOutput` answers the empty block then; its
 * `CertifiedBlock` would answer whichever row came last, which we do not copy).
 */
export function getCertifiedBlock(db: Executor, layer: number): { blockId: Uint8Array; cert: Uint8Array } | undefined {
  const valid = listCertificates(db, layer).filter((r) => r.valid && r.cert !== null);
  return valid.length === 1 ? { blockId: valid[0]!.blockId, cert: valid[0]!.cert! } : undefined;
}
