/**
 * SQL for the beacon messages this node's identities signed (local.sql, migration local/0004_beacon.sql), and the
 * {@link SignedBeaconLog} the driver records them through before any is sent (issue 17 item 2). I/O.
 * @module
 */
import { blob, type Executor, prepared } from '../db/index.js';
import { bytesToHex } from '../util/bytes.js';

export const BeaconMessageKind = { PROPOSAL: 0, FIRST_VOTES: 1, FOLLOWING_VOTES: 2, WEAK_COIN: 3 } as const;
export type BeaconMessageKind = (typeof BeaconMessageKind)[keyof typeof BeaconMessageKind];

/** What an identity signs at most once: one message per (epoch, kind, round). */
export interface BeaconSlot {
  readonly smesherId: Uint8Array;
  readonly epoch: number;
  readonly kind: BeaconMessageKind;
  readonly round: number;
}

export interface SignedBeaconLog {
  /** The bytes an identity signed for a slot, if it signed one. */
  get(slot: BeaconSlot): Uint8Array | undefined;
  /**
   * Records a signed message, durably, before it is sent.
   * @throws when the slot already holds a message (the primary key is the last guard against a second one)
   */
  record(slot: BeaconSlot, bytes: Uint8Array): void;
  /** Forgets the messages of epochs before `epoch`. */
  pruneBefore(epoch: number): void;
}

/** @throws {SqliteError} SQLITE_CONSTRAINT_PRIMARYKEY when the identity already signed a message for the slot */
export function insertSignedBeaconMessage(db: Executor, slot: BeaconSlot, bytes: Uint8Array, signedMs: number): void {
  prepared(db, 'INSERT INTO signed_beacon_messages (smesher_id, epoch, kind, round, message, signed_ms) VALUES (?, ?, ?, ?, ?, ?)').run(
    slot.smesherId,
    slot.epoch,
    slot.kind,
    slot.round,
    bytes,
    signedMs,
  );
}

export function getSignedBeaconMessage(db: Executor, slot: BeaconSlot): Uint8Array | undefined {
  const row = prepared(db, 'SELECT message FROM signed_beacon_messages WHERE smesher_id = ? AND epoch = ? AND kind = ? AND round = ?').get(
    slot.smesherId,
    slot.epoch,
    slot.kind,
    slot.round,
  ) as { message: Buffer } | undefined;
  return row === undefined ? undefined : blob(row.message);
}

/** Deletes the rows of epochs before `epoch`. @returns how many */
export function pruneSignedBeaconMessages(db: Executor, epoch: number): number {
  return prepared(db, 'DELETE FROM signed_beacon_messages WHERE epoch < ?').run(epoch).changes;
}

/** The log over local.sql. */
export function sqlSignedBeaconLog(db: Executor, now: () => number): SignedBeaconLog {
  return {
    get: (slot) => getSignedBeaconMessage(db, slot),
    record: (slot, bytes) => insertSignedBeaconMessage(db, slot, bytes, now()),
    pruneBefore: (epoch) => void pruneSignedBeaconMessages(db, epoch),
  };
}

/** A log in memory: the same guard within one process, nothing across a restart (tests, tools). */
export function memorySignedBeaconLog(): SignedBeaconLog {
  const rows = new Map<string, { readonly epoch: number; readonly bytes: Uint8Array }>();
  const key = (s: BeaconSlot): string => `${bytesToHex(s.smesherId)}:${s.epoch}:${s.kind}:${s.round}`;
  return {
    get: (slot) => rows.get(key(slot))?.bytes,
    record(slot, bytes) {
      if (rows.has(key(slot))) throw new Error(`beacon slot ${key(slot)} already signed`);
      rows.set(key(slot), { epoch: slot.epoch, bytes });
    },
    pruneBefore(epoch) {
      for (const [k, v] of rows) if (v.epoch < epoch) rows.delete(k);
    },
  };
}
