/**
 * SQL for the hare messages this node's identities signed (local.sql, migration local/0003_hare.sql), and the
 * {@link SignedHareLog} the driver gets over it: a message is recorded, in one transaction with the rest of its
 * round's messages, before any of them is sent. I/O.
 * @module
 */
import { blob, type Executor, prepared } from '../db/index.js';
import { bytesToHex } from '../util/bytes.js';
import type { HareSlot } from './session.js';

export interface SignedHareMessage {
  readonly slot: HareSlot;
  readonly bytes: Uint8Array;
}

/** The port the hare driver records its own signed messages through (persist before send). */
export interface SignedHareLog {
  /** The bytes an identity signed for a slot, if it signed one. */
  get(slot: HareSlot): Uint8Array | undefined;
  /**
   * Records a round's freshly signed messages, all or none, durably, before any of them is sent.
   * @throws when a slot already holds a message (the primary key is the last guard against a second one)
   */
  record(messages: readonly SignedHareMessage[]): void;
  /** Forgets the messages of layers before `layer`. */
  pruneBefore(layer: number): void;
}

/**
 * Records a signed hare message.
 * @throws {SqliteError} SQLITE_CONSTRAINT_PRIMARYKEY when the identity already signed one for the slot
 */
export function insertSignedHareMessage(db: Executor, m: SignedHareMessage, signedMs: number): void {
  prepared(db, 'INSERT INTO signed_hare_messages (smesher_id, layer, iteration, round, message, signed_ms) VALUES (?, ?, ?, ?, ?, ?)').run(
    m.slot.smesherId,
    m.slot.layer,
    m.slot.iter,
    m.slot.round,
    m.bytes,
    signedMs,
  );
}

export function getSignedHareMessage(db: Executor, slot: HareSlot): Uint8Array | undefined {
  const row = prepared(db, 'SELECT message FROM signed_hare_messages WHERE smesher_id = ? AND layer = ? AND iteration = ? AND round = ?').get(
    slot.smesherId,
    slot.layer,
    slot.iter,
    slot.round,
  ) as { message: Buffer } | undefined;
  return row === undefined ? undefined : blob(row.message);
}

/** Deletes the rows of layers before `layer`. @returns how many */
export function pruneSignedHareMessages(db: Executor, layer: number): number {
  return prepared(db, 'DELETE FROM signed_hare_messages WHERE layer < ?').run(layer).changes;
}

/** The log over local.sql: each round's records are one transaction. */
export function sqlSignedHareLog(db: Executor, now: () => number): SignedHareLog {
  return {
    get: (slot) => getSignedHareMessage(db, slot),
    record(messages) {
      if (messages.length === 0) return;
      const signedMs = now();
      db.transaction(() => {
        for (const m of messages) insertSignedHareMessage(db, m, signedMs);
      })();
    },
    pruneBefore(layer) {
      pruneSignedHareMessages(db, layer);
    },
  };
}

/** A log in memory: the same guard within one process, nothing across a restart (tests, tools). */
export function memorySignedHareLog(): SignedHareLog {
  const rows = new Map<string, { readonly layer: number; readonly bytes: Uint8Array }>();
  const key = (s: HareSlot): string => `${bytesToHex(s.smesherId)}:${s.layer}:${s.iter}:${s.round}`;
  return {
    get: (slot) => rows.get(key(slot))?.bytes,
    record(messages) {
      for (const m of messages) if (rows.has(key(m.slot))) throw new Error(`hare slot ${key(m.slot)} already signed`);
      for (const m of messages) rows.set(key(m.slot), { layer: m.slot.layer, bytes: m.bytes });
    },
    pruneBefore(layer) {
      for (const [k, v] of rows) if (v.layer < layer) rows.delete(k);
    },
  };
}
