/**
 * SQL for activation's network-state tables in `state.sql` (docs/protocol/storage.md): `atxs` with their derived
 * fields, `atx_blobs` (the signed bytes), `poet_proofs` (proofs ATXs refer to) and `malfeasance`. Plain functions
 * over an {@link Executor}; callers own transactions (docs/conventions.md §2). I/O.
 * @module
 */
import type { Statement } from 'better-sqlite3';
import type { Executor } from '../db/index.js';
import { bytesToHex } from '../util/bytes.js';

/**
 * Statements prepared once per connection: the handler looks ATXs up several times per ATX, and preparing each
 * lookup anew cost a fifth of validating an ATX of small PoST (docs/performance.md §5). Integers read as numbers,
 * as the rows here expect.
 */
const statements = new WeakMap<Executor, Map<string, Statement>>();

function statement(db: Executor, sql: string): Statement {
  let bySql = statements.get(db);
  if (bySql === undefined) statements.set(db, (bySql = new Map<string, Statement>()));
  let stmt = bySql.get(sql);
  if (stmt === undefined) bySql.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}

/** An ATX as stored: the wire fields the node reads back and the derived ones (docs/protocol/activation.md §3). */
export interface AtxRow {
  readonly id: Uint8Array;
  readonly publishEpoch: number;
  readonly smesherId: Uint8Array;
  readonly sequence: number;
  readonly prevId: Uint8Array;
  readonly positioningId: Uint8Array;
  /** The identity's commitment ATX, carried from its initial ATX to every later one. */
  readonly commitmentId: Uint8Array;
  readonly coinbase: Uint8Array;
  readonly numUnits: number;
  readonly effectiveNumUnits: number;
  readonly baseTickHeight: number;
  readonly tickCount: number;
  readonly weight: number;
  readonly vrfNonce: number;
  readonly receivedMs: number;
}

/** A PoET proof as stored: enough to check memberships against its statement. */
export interface PoetProofRow {
  readonly ref: Uint8Array;
  readonly serviceId: Uint8Array;
  readonly round: number;
  readonly statement: Uint8Array;
  readonly leafCount: number;
  /** SCALE PoetProof (core/poet/codec.ts). */
  readonly proof: Uint8Array;
}

/** The only kind of malfeasance this node detects so far: two ATXs for one publish epoch. */
export const MALFEASANCE_MULTIPLE_ATXS = 1;

interface AtxDbRow {
  id: Buffer;
  publish_epoch: number;
  smesher_id: Buffer;
  sequence: number;
  prev_id: Buffer;
  positioning_id: Buffer;
  commitment_id: Buffer;
  coinbase: Buffer;
  num_units: number;
  effective_num_units: number;
  base_tick_height: number;
  tick_count: number;
  weight: number;
  vrf_nonce: number;
  received_ms: number;
}

const u8 = (b: Buffer): Uint8Array => new Uint8Array(b);

function fromDb(r: AtxDbRow): AtxRow {
  return {
    id: u8(r.id),
    publishEpoch: r.publish_epoch,
    smesherId: u8(r.smesher_id),
    sequence: r.sequence,
    prevId: u8(r.prev_id),
    positioningId: u8(r.positioning_id),
    commitmentId: u8(r.commitment_id),
    coinbase: u8(r.coinbase),
    numUnits: r.num_units,
    effectiveNumUnits: r.effective_num_units,
    baseTickHeight: r.base_tick_height,
    tickCount: r.tick_count,
    weight: r.weight,
    vrfNonce: r.vrf_nonce,
    receivedMs: r.received_ms,
  };
}

/**
 * Stores an ATX and its signed bytes.
 * @throws {SqliteError} on a duplicate id or a second ATX of one identity for one epoch (unique index)
 */
export function insertAtx(db: Executor, atx: AtxRow, blob: Uint8Array): void {
  statement(
    db,
    `INSERT INTO atxs (id, publish_epoch, smesher_id, sequence, prev_id, positioning_id, commitment_id, coinbase, num_units,
       effective_num_units, base_tick_height, tick_count, weight, vrf_nonce, received_ms)
     VALUES (@id, @publishEpoch, @smesherId, @sequence, @prevId, @positioningId, @commitmentId, @coinbase, @numUnits,
       @effectiveNumUnits, @baseTickHeight, @tickCount, @weight, @vrfNonce, @receivedMs)`,
  ).run(atx);
  statement(db, 'INSERT INTO atx_blobs (id, version, blob) VALUES (?, 1, ?)').run(atx.id, blob);
}

/** The ATX with this id. */
export function getAtx(db: Executor, id: Uint8Array): AtxRow | undefined {
  const row = statement(db, 'SELECT * FROM atxs WHERE id = ?').get(id) as AtxDbRow | undefined;
  return row === undefined ? undefined : fromDb(row);
}

export function hasAtx(db: Executor, id: Uint8Array): boolean {
  return statement(db, 'SELECT 1 FROM atxs WHERE id = ?').get(id) !== undefined;
}

/** The signed ActivationTxV1 bytes of an ATX. */
export function getAtxBlob(db: Executor, id: Uint8Array): Uint8Array | undefined {
  const row = statement(db, 'SELECT blob FROM atx_blobs WHERE id = ?').get(id) as { blob: Buffer } | undefined;
  return row === undefined ? undefined : u8(row.blob);
}

/** The identity's ATX for a publish epoch. */
export function getAtxBySmesherEpoch(db: Executor, smesherId: Uint8Array, publishEpoch: number): AtxRow | undefined {
  const row = statement(db, 'SELECT * FROM atxs WHERE smesher_id = ? AND publish_epoch = ?').get(smesherId, publishEpoch) as AtxDbRow | undefined;
  return row === undefined ? undefined : fromDb(row);
}

/** The identity's ATX that names `prevId` as its previous ATX (go `atxs.AtxWithPrevious`); the index on the smesher bounds the scan. */
export function getAtxWithPrevious(db: Executor, smesherId: Uint8Array, prevId: Uint8Array): AtxRow | undefined {
  const row = statement(db, 'SELECT * FROM atxs WHERE smesher_id = ? AND prev_id = ? LIMIT 1').get(smesherId, prevId) as AtxDbRow | undefined;
  return row === undefined ? undefined : fromDb(row);
}

/** The identity's latest ATX (highest publish epoch), optionally only among those published before `beforeEpoch`. */
export function getLastAtx(db: Executor, smesherId: Uint8Array, beforeEpoch = 0xffff_ffff + 1): AtxRow | undefined {
  const row = statement(db, 'SELECT * FROM atxs WHERE smesher_id = ? AND publish_epoch < ? ORDER BY publish_epoch DESC LIMIT 1')
    .get(smesherId, beforeEpoch) as AtxDbRow | undefined;
  return row === undefined ? undefined : fromDb(row);
}

/** Every ATX published in an epoch (they give weight in the next one), by id. */
export function listAtxsByEpoch(db: Executor, publishEpoch: number): AtxRow[] {
  return (statement(db, 'SELECT * FROM atxs WHERE publish_epoch = ? ORDER BY id').all(publishEpoch) as AtxDbRow[]).map(fromDb);
}

/** The ATX of an epoch with the highest tick height (ties: lowest id), the positioning candidate (docs/protocol/activation.md §2 step 2). */
export function getHighestTickAtx(db: Executor, publishEpoch: number): AtxRow | undefined {
  const row = statement(db, 'SELECT * FROM atxs WHERE publish_epoch = ? ORDER BY base_tick_height + tick_count DESC, id ASC LIMIT 1')
    .get(publishEpoch) as AtxDbRow | undefined;
  return row === undefined ? undefined : fromDb(row);
}

/** Stores a verified PoET proof; storing the same ref again changes nothing. */
export function insertPoetProof(db: Executor, p: PoetProofRow): void {
  statement(
    db,
    'INSERT OR IGNORE INTO poet_proofs (ref, service_id, round_id, statement, leaf_count, proof) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(p.ref, p.serviceId, String(p.round), p.statement, p.leafCount, p.proof);
}

export function getPoetProof(db: Executor, ref: Uint8Array): PoetProofRow | undefined {
  const row = statement(db, 'SELECT * FROM poet_proofs WHERE ref = ?').get(ref) as
    | { ref: Buffer; service_id: Buffer; round_id: string; statement: Buffer; leaf_count: number; proof: Buffer }
    | undefined;
  if (row === undefined) return undefined;
  return {
    ref: u8(row.ref),
    serviceId: u8(row.service_id),
    round: Number(row.round_id),
    statement: u8(row.statement),
    leafCount: row.leaf_count,
    proof: u8(row.proof),
  };
}

/**
 * What ATX validation reads of a PoET proof: its statement and leaf count, without copying the proof's bytes out
 * of SQLite for every ATX that refers to it (docs/performance.md §5).
 */
export function getPoetStatement(db: Executor, ref: Uint8Array): Pick<PoetProofRow, 'statement' | 'leafCount'> | undefined {
  // A stored PoET proof never changes or goes (INSERT OR IGNORE, no deletes), and an epoch's ATXs name a handful of
  // proofs between them, so found statements are remembered per connection; a ref not found is looked up again.
  let byRef = poetStatements.get(db);
  if (byRef === undefined) poetStatements.set(db, (byRef = new Map<string, PoetStatement>()));
  const key = bytesToHex(ref);
  const known = byRef.get(key);
  if (known !== undefined) return { statement: known.statement.slice(), leafCount: known.leafCount };
  const row = statement(db, 'SELECT statement, leaf_count FROM poet_proofs WHERE ref = ?').get(ref) as { statement: Buffer; leaf_count: number } | undefined;
  if (row === undefined) return undefined;
  if (byRef.size >= POET_STATEMENTS_KEPT) byRef.clear();
  const found = { statement: u8(row.statement), leafCount: row.leaf_count };
  byRef.set(key, found);
  return { statement: found.statement.slice(), leafCount: found.leafCount };
}

/** Statements of PoET proofs remembered per connection (an epoch's ATXs refer to a few proofs). */
const POET_STATEMENTS_KEPT = 64;
type PoetStatement = Pick<PoetProofRow, 'statement' | 'leafCount'>;
const poetStatements = new WeakMap<Executor, Map<string, PoetStatement>>();

/** Records an identity as malicious with its proof; the first proof is kept. */
export function insertMalfeasance(db: Executor, smesherId: Uint8Array, kind: number, proof: Uint8Array, receivedMs: number): void {
  statement(db, 'INSERT OR IGNORE INTO malfeasance (smesher_id, kind, proof, received_ms) VALUES (?, ?, ?, ?)').run(smesherId, kind, proof, receivedMs);
}

/** Every identity with a malfeasance proof (what `ml/1` serves). */
export function listMaliciousIds(db: Executor): Uint8Array[] {
  return (statement(db, 'SELECT smesher_id FROM malfeasance').all() as Array<{ smesher_id: Buffer }>).map((r) => u8(r.smesher_id));
}

export function getMalfeasance(db: Executor, smesherId: Uint8Array): { kind: number; proof: Uint8Array } | undefined {
  const row = statement(db, 'SELECT kind, proof FROM malfeasance WHERE smesher_id = ?').get(smesherId) as { kind: number; proof: Buffer } | undefined;
  return row === undefined ? undefined : { kind: row.kind, proof: u8(row.proof) };
}
