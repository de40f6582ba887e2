/**
 * SQL for this node's private activation state in `local.sql` (docs/protocol/activation.md §2; docs/protocol/storage.md): PoST setups,
 * the current NIPoST challenge, PoET registrations, the NIPoST being built, and every ATX signed. The smeshing
 * loop writes each row before the step it records has effects outside, so a restart resumes where it stopped.
 * Plain functions over an {@link Executor}; callers own transactions. I/O.
 * @module
 */
import type { Executor } from '../db/index.js';

export interface PostSetupRow {
  readonly smesherId: Uint8Array;
  readonly postDir: string;
  readonly commitmentId: Uint8Array;
  readonly numUnits: number;
  readonly labelsPerUnit: number;
  readonly vrfNonce: number;
  /** SCALE PostV1 over the zero challenge. */
  readonly initialPost: Uint8Array;
}

export interface ChallengeRow {
  readonly smesherId: Uint8Array;
  readonly publishEpoch: number;
  readonly round: number;
  /** SCALE NIPostChallengeV1. */
  readonly challenge: Uint8Array;
  readonly challengeHash: Uint8Array;
}

export interface RegistrationRow {
  readonly smesherId: Uint8Array;
  /** The PoET's URL, or `embedded` for the one inside the node (its port changes between starts). */
  readonly poetId: string;
  readonly challengeHash: Uint8Array;
  readonly round: number;
  readonly roundEndMs: number;
}

export interface NipostRow {
  readonly smesherId: Uint8Array;
  readonly publishEpoch: number;
  readonly poetRef: Uint8Array;
  readonly leafCount: number;
  /** SCALE MerkleProofV1. */
  readonly membership: Uint8Array;
  /** SCALE PostV1 over the ref, once proven. */
  readonly post: Uint8Array | null;
}

export interface SignedAtxRow {
  readonly smesherId: Uint8Array;
  readonly publishEpoch: number;
  readonly atxId: Uint8Array;
  readonly blob: Uint8Array;
  readonly publishedMs: number | null;
}

const u8 = (b: Buffer): Uint8Array => new Uint8Array(b);

export function insertPostSetup(db: Executor, s: PostSetupRow): void {
  db.prepare(
    `INSERT INTO post_setups (smesher_id, post_dir, commitment_id, num_units, labels_per_unit, vrf_nonce, initial_post)
     VALUES (@smesherId, @postDir, @commitmentId, @numUnits, @labelsPerUnit, @vrfNonce, @initialPost)`,
  ).run(s);
}

export function getPostSetup(db: Executor, smesherId: Uint8Array): PostSetupRow | undefined {
  const r = db.prepare('SELECT * FROM post_setups WHERE smesher_id = ?').get(smesherId) as
    | { post_dir: string; commitment_id: Buffer; num_units: number; labels_per_unit: number; vrf_nonce: number; initial_post: Buffer }
    | undefined;
  if (r === undefined) return undefined;
  return {
    smesherId,
    postDir: r.post_dir,
    commitmentId: u8(r.commitment_id),
    numUnits: r.num_units,
    labelsPerUnit: r.labels_per_unit,
    vrfNonce: r.vrf_nonce,
    initialPost: u8(r.initial_post),
  };
}

/** Sets the identity's current challenge, replacing any earlier one with its registrations and NIPoST. */
export function putChallenge(db: Executor, c: ChallengeRow): void {
  clearChallenge(db, c.smesherId);
  db.prepare(
    'INSERT INTO nipost_challenges (smesher_id, publish_epoch, round, challenge, challenge_hash) VALUES (@smesherId, @publishEpoch, @round, @challenge, @challengeHash)',
  ).run(c);
}

export function getChallenge(db: Executor, smesherId: Uint8Array): ChallengeRow | undefined {
  const r = db.prepare('SELECT * FROM nipost_challenges WHERE smesher_id = ?').get(smesherId) as
    | { publish_epoch: number; round: number; challenge: Buffer; challenge_hash: Buffer }
    | undefined;
  if (r === undefined) return undefined;
  return { smesherId, publishEpoch: r.publish_epoch, round: r.round, challenge: u8(r.challenge), challengeHash: u8(r.challenge_hash) };
}

/** Forgets the identity's challenge, its registrations and its NIPoST (done, or abandoned). */
export function clearChallenge(db: Executor, smesherId: Uint8Array): void {
  db.prepare('DELETE FROM nipost_challenges WHERE smesher_id = ?').run(smesherId);
  db.prepare('DELETE FROM poet_registrations WHERE smesher_id = ?').run(smesherId);
  db.prepare('DELETE FROM niposts WHERE smesher_id = ?').run(smesherId);
}

export function insertRegistration(db: Executor, r: RegistrationRow): void {
  db.prepare(
    'INSERT OR REPLACE INTO poet_registrations (smesher_id, poet_id, challenge_hash, round, round_end_ms) VALUES (@smesherId, @poetId, @challengeHash, @round, @roundEndMs)',
  ).run(r);
}

export function listRegistrations(db: Executor, smesherId: Uint8Array): RegistrationRow[] {
  const rows = db.prepare('SELECT * FROM poet_registrations WHERE smesher_id = ? ORDER BY poet_id').all(smesherId) as Array<{
    poet_id: string;
    challenge_hash: Buffer;
    round: number;
    round_end_ms: number;
  }>;
  return rows.map((r) => ({ smesherId, poetId: r.poet_id, challengeHash: u8(r.challenge_hash), round: r.round, roundEndMs: r.round_end_ms }));
}

export function putNipost(db: Executor, n: NipostRow): void {
  db.prepare(
    'INSERT OR REPLACE INTO niposts (smesher_id, publish_epoch, poet_ref, leaf_count, membership, post) VALUES (@smesherId, @publishEpoch, @poetRef, @leafCount, @membership, @post)',
  ).run(n);
}

export function getNipost(db: Executor, smesherId: Uint8Array): NipostRow | undefined {
  const r = db.prepare('SELECT * FROM niposts WHERE smesher_id = ?').get(smesherId) as
    | { publish_epoch: number; poet_ref: Buffer; leaf_count: number; membership: Buffer; post: Buffer | null }
    | undefined;
  if (r === undefined) return undefined;
  return {
    smesherId,
    publishEpoch: r.publish_epoch,
    poetRef: u8(r.poet_ref),
    leafCount: r.leaf_count,
    membership: u8(r.membership),
    post: r.post === null ? null : u8(r.post),
  };
}

/**
 * Records a signed ATX before it is published.
 * @throws {SqliteError} when one is already recorded for this identity and epoch (the double-sign guard)
 */
export function insertSignedAtx(db: Executor, s: Omit<SignedAtxRow, 'publishedMs'>): void {
  db.prepare('INSERT INTO signed_atxs (smesher_id, publish_epoch, atx_id, blob) VALUES (@smesherId, @publishEpoch, @atxId, @blob)').run(s);
}

export function getSignedAtx(db: Executor, smesherId: Uint8Array, publishEpoch: number): SignedAtxRow | undefined {
  const r = db.prepare('SELECT * FROM signed_atxs WHERE smesher_id = ? AND publish_epoch = ?').get(smesherId, publishEpoch) as
    | { atx_id: Buffer; blob: Buffer; published_ms: number | null }
    | undefined;
  if (r === undefined) return undefined;
  return { smesherId, publishEpoch, atxId: u8(r.atx_id), blob: u8(r.blob), publishedMs: r.published_ms };
}

/** Every ATX the identity signed, oldest first. */
export function listSignedAtxs(db: Executor, smesherId: Uint8Array): SignedAtxRow[] {
  const rows = db.prepare('SELECT * FROM signed_atxs WHERE smesher_id = ? ORDER BY publish_epoch').all(smesherId) as Array<{
    publish_epoch: number;
    atx_id: Buffer;
    blob: Buffer;
    published_ms: number | null;
  }>;
  return rows.map((r) => ({ smesherId, publishEpoch: r.publish_epoch, atxId: u8(r.atx_id), blob: u8(r.blob), publishedMs: r.published_ms }));
}

export function markAtxPublished(db: Executor, smesherId: Uint8Array, publishEpoch: number, publishedMs: number): void {
  db.prepare('UPDATE signed_atxs SET published_ms = ? WHERE smesher_id = ? AND publish_epoch = ?').run(publishedMs, smesherId, publishEpoch);
}
