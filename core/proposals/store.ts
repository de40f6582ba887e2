/**
 * SQL for active sets and proposals in state.sql (migration state/0003_consensus.sql), and reference ballots known
 * without their proposal (state/0004_ballots.sql). Plain functions over an
 * Executor; callers own transactions. I/O.
 * @module
 */
import { blob, type Executor, prepared } from '../db/index.js';
import { decode } from '../codec/index.js';
import { Ballot, decodeProposal } from './wire.js';

export interface ActiveSetRow {
  readonly id: Uint8Array;
  readonly epoch: number;
  readonly atxIds: readonly Uint8Array[];
  readonly totalWeight: bigint;
}

export interface ProposalRow {
  readonly id: Uint8Array;
  readonly ballotId: Uint8Array;
  readonly layer: number;
  readonly smesherId: Uint8Array;
  readonly atxId: Uint8Array;
  readonly refBallot: Uint8Array;
  readonly eligibilityCount: number;
  readonly proofs: number;
  readonly opinionHash: Uint8Array;
  readonly receivedMs: number;
  /** The SCALE proposal as received. */
  readonly bytes: Uint8Array;
}

/** What validating a later ballot needs of the reference ballot it names. */
export type BallotRef = Pick<ProposalRow, 'ballotId' | 'layer' | 'smesherId' | 'atxId' | 'refBallot' | 'eligibilityCount'>;

/** A reference ballot stored on its own, with its SCALE bytes. */
export interface BallotRow extends BallotRef {
  readonly receivedMs: number;
  readonly bytes: Uint8Array;
}

/** Stores a reference ballot fetched without its proposal; storing the same id again changes nothing. */
export function insertBallot(db: Executor, b: BallotRow): void {
  prepared(
    db,
    `INSERT OR IGNORE INTO ballots (id, layer, smesher_id, atx_id, ref_ballot, eligibility_count, received_ms, ballot)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(b.ballotId, b.layer, b.smesherId, b.atxId, b.refBallot, b.eligibilityCount, b.receivedMs, b.bytes);
}

/** A reference ballot stored on its own (not the ballots inside stored proposals: see {@link getKnownBallot}). */
export function getBallot(db: Executor, id: Uint8Array): BallotRow | undefined {
  const row = prepared(db, 'SELECT * FROM ballots WHERE id = ?').get(id) as
    | { id: Buffer; layer: bigint | number; smesher_id: Buffer; atx_id: Buffer; ref_ballot: Buffer; eligibility_count: bigint | number; received_ms: bigint | number; ballot: Buffer }
    | undefined;
  if (row === undefined) return undefined;
  return {
    ballotId: blob(row.id),
    layer: Number(row.layer),
    smesherId: blob(row.smesher_id),
    atxId: blob(row.atx_id),
    refBallot: blob(row.ref_ballot),
    eligibilityCount: Number(row.eligibility_count),
    receivedMs: Number(row.received_ms),
    bytes: blob(row.ballot),
  };
}

/** A ballot this node knows: inside a stored proposal, or a reference ballot stored on its own. */
export function getKnownBallot(db: Executor, id: Uint8Array): BallotRef | undefined {
  return getProposalByBallot(db, id) ?? getBallot(db, id);
}

/** The beacon a known reference ballot declares (read from its stored bytes), or undefined. */
export function knownBallotBeacon(db: Executor, id: Uint8Array): Uint8Array | undefined {
  const proposal = getProposalByBallot(db, id);
  if (proposal !== undefined) return decodeProposal(proposal.bytes).inner.ballot.inner.epochData?.beacon;
  const ballot = getBallot(db, id);
  return ballot === undefined ? undefined : decode(Ballot, ballot.bytes).inner.epochData?.beacon;
}

/** Stores an active set; storing the same id again changes nothing. */
export function insertActiveSet(db: Executor, set: ActiveSetRow): void {
  const ids = new Uint8Array(set.atxIds.length * 32);
  set.atxIds.forEach((id, i) => ids.set(id, i * 32));
  prepared(db, 'INSERT OR IGNORE INTO activesets (id, epoch, atx_ids, total_weight) VALUES (?, ?, ?, ?)').run(set.id, set.epoch, ids, set.totalWeight);
}

export function getActiveSet(db: Executor, id: Uint8Array): ActiveSetRow | undefined {
  const row = prepared(db, 'SELECT id, epoch, atx_ids, total_weight FROM activesets WHERE id = ?').get(id) as
    | { id: Buffer; epoch: bigint; atx_ids: Buffer; total_weight: bigint }
    | undefined;
  if (row === undefined) return undefined;
  const all = blob(row.atx_ids);
  const atxIds: Uint8Array[] = [];
  for (let i = 0; i < all.length; i += 32) atxIds.push(all.slice(i, i + 32));
  return { id: blob(row.id), epoch: Number(row.epoch), atxIds, totalWeight: row.total_weight };
}

interface ProposalDbRow {
  id: Buffer;
  ballot_id: Buffer;
  layer: bigint;
  smesher_id: Buffer;
  atx_id: Buffer;
  ref_ballot: Buffer;
  eligibility_count: bigint;
  proofs: bigint;
  opinion_hash: Buffer;
  received_ms: bigint;
  proposal: Buffer;
}

function toRow(r: ProposalDbRow): ProposalRow {
  return {
    id: blob(r.id),
    ballotId: blob(r.ballot_id),
    layer: Number(r.layer),
    smesherId: blob(r.smesher_id),
    atxId: blob(r.atx_id),
    refBallot: blob(r.ref_ballot),
    eligibilityCount: Number(r.eligibility_count),
    proofs: Number(r.proofs),
    opinionHash: blob(r.opinion_hash),
    receivedMs: Number(r.received_ms),
    bytes: blob(r.proposal),
  };
}

/**
 * Stores a validated proposal.
 * @throws {SqliteError} for a duplicate id or a second proposal of one identity in one layer (callers check first)
 */
export function insertProposal(db: Executor, p: ProposalRow): void {
  prepared(
    db,
    `INSERT INTO proposals (id, ballot_id, layer, smesher_id, atx_id, ref_ballot, eligibility_count, proofs, opinion_hash, received_ms, proposal)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(p.id, p.ballotId, p.layer, p.smesherId, p.atxId, p.refBallot, p.eligibilityCount, p.proofs, p.opinionHash, p.receivedMs, p.bytes);
}

export function getProposal(db: Executor, id: Uint8Array): ProposalRow | undefined {
  const row = prepared(db, 'SELECT * FROM proposals WHERE id = ?').get(id) as ProposalDbRow | undefined;
  return row === undefined ? undefined : toRow(row);
}

/** The proposal whose ballot has this id. */
export function getProposalByBallot(db: Executor, ballotId: Uint8Array): ProposalRow | undefined {
  const row = prepared(db, 'SELECT * FROM proposals WHERE ballot_id = ?').get(ballotId) as ProposalDbRow | undefined;
  return row === undefined ? undefined : toRow(row);
}

export function getProposalBySmesherLayer(db: Executor, smesherId: Uint8Array, layer: number): ProposalRow | undefined {
  const row = prepared(db, 'SELECT * FROM proposals WHERE smesher_id = ? AND layer = ?').get(smesherId, layer) as ProposalDbRow | undefined;
  return row === undefined ? undefined : toRow(row);
}

/** Proposals of a layer, by id. */
export function listProposalsByLayer(db: Executor, layer: number): ProposalRow[] {
  return (prepared(db, 'SELECT * FROM proposals WHERE layer = ? ORDER BY id').all(layer) as ProposalDbRow[]).map(toRow);
}

/** Proposals of layers `from..to`, by layer then id. */
export function listProposalsInLayers(db: Executor, from: number, to: number): ProposalRow[] {
  return (prepared(db, 'SELECT * FROM proposals WHERE layer BETWEEN ? AND ? ORDER BY layer, id').all(from, to) as ProposalDbRow[]).map(toRow);
}
