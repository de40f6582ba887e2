/**
 * SQL for what this node's identities signed and were eligible for (local.sql, migration
 * local/0002_proposals.sql). A signed proposal is recorded before it is published; callers own transactions. I/O.
 * @module
 */
import { blob, type Executor, prepared } from '../db/index.js';

export interface SignedProposal {
  readonly smesherId: Uint8Array;
  readonly layer: number;
  readonly proposalId: Uint8Array;
  readonly bytes: Uint8Array;
  readonly signedMs: number;
}

export interface EligibilityRecord {
  readonly smesherId: Uint8Array;
  readonly epoch: number;
  readonly atxId: Uint8Array;
  readonly weight: bigint;
  readonly totalWeight: bigint;
  readonly slots: number;
  readonly layers: readonly { readonly layer: number; readonly count: number }[];
}

/**
 * Records a signed proposal. The primary key (identity, layer) makes a second one for the layer fail here, before
 * it could reach the network.
 * @throws {SqliteError} SQLITE_CONSTRAINT_PRIMARYKEY when the identity already signed one for the layer
 */
export function insertSignedProposal(db: Executor, p: SignedProposal): void {
  prepared(db, 'INSERT INTO signed_proposals (smesher_id, layer, proposal_id, proposal, signed_ms) VALUES (?, ?, ?, ?, ?)').run(
    p.smesherId,
    p.layer,
    p.proposalId,
    p.bytes,
    p.signedMs,
  );
}

export function getSignedProposal(db: Executor, smesherId: Uint8Array, layer: number): SignedProposal | undefined {
  const row = prepared(db, 'SELECT * FROM signed_proposals WHERE smesher_id = ? AND layer = ?').get(smesherId, layer) as
    | { smesher_id: Buffer; layer: bigint; proposal_id: Buffer; proposal: Buffer; signed_ms: bigint }
    | undefined;
  if (row === undefined) return undefined;
  return { smesherId: blob(row.smesher_id), layer: Number(row.layer), proposalId: blob(row.proposal_id), bytes: blob(row.proposal), signedMs: Number(row.signed_ms) };
}

/** Layers of `from..to` the identity signed a proposal for. */
export function listSignedLayers(db: Executor, smesherId: Uint8Array, from: number, to: number): number[] {
  return (prepared(db, 'SELECT layer FROM signed_proposals WHERE smesher_id = ? AND layer BETWEEN ? AND ? ORDER BY layer').all(smesherId, from, to) as { layer: bigint }[]).map(
    (r) => Number(r.layer),
  );
}

/** Records an identity's eligibilities for an epoch (first write wins: they are deterministic). */
export function insertEligibilities(db: Executor, e: EligibilityRecord): void {
  prepared(
    db,
    'INSERT OR IGNORE INTO eligibilities (smesher_id, epoch, atx_id, weight, total_weight, slots, layers) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(e.smesherId, e.epoch, e.atxId, e.weight, e.totalWeight, e.slots, JSON.stringify(e.layers));
}

export function getEligibilities(db: Executor, smesherId: Uint8Array, epoch: number): EligibilityRecord | undefined {
  const row = prepared(db, 'SELECT * FROM eligibilities WHERE smesher_id = ? AND epoch = ?').get(smesherId, epoch) as
    | { smesher_id: Buffer; epoch: bigint; atx_id: Buffer; weight: bigint; total_weight: bigint; slots: bigint; layers: string }
    | undefined;
  if (row === undefined) return undefined;
  return {
    smesherId: blob(row.smesher_id),
    epoch: Number(row.epoch),
    atxId: blob(row.atx_id),
    weight: row.weight,
    totalWeight: row.total_weight,
    slots: Number(row.slots),
    layers: JSON.parse(row.layers) as EligibilityRecord['layers'],
  };
}
