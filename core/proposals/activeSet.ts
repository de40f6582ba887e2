/**
 * An epoch's active set (docs/protocol/eligibility.md §3): the ATXs that target the epoch (published in the one before),
 * received by the cut-off the caller gives (the node uses go-spacemesh's "good" grade: 4·δ before the epoch
 * starts), whose identity has no malfeasance proof. The set is stored by its hash so ballots that declare it can be
 * checked. I/O.
 * @module
 */
import { type AtxRow, getMalfeasance, listAtxsByEpoch } from '../activation/store.js';
import type { Executor } from '../db/index.js';
import { type ActiveSetRow, insertActiveSet } from './store.js';
import { activeSetHash } from './wire.js';

export interface ActiveSet extends ActiveSetRow {
  readonly atxs: readonly AtxRow[];
}

/**
 * The active set of `epoch`: ATXs received at or before `cutoffMs`, stored in `activesets`; null when empty.
 */
export function buildActiveSet(db: Executor, epoch: number, cutoffMs: number): ActiveSet | null {
  if (epoch < 1) return null;
  const atxs = listAtxsByEpoch(db, epoch - 1).filter((a) => a.receivedMs <= cutoffMs && getMalfeasance(db, a.smesherId) === undefined);
  if (atxs.length === 0) return null;
  const atxIds = atxs.map((a) => a.id);
  const totalWeight = atxs.reduce((sum, a) => sum + BigInt(a.weight), 0n);
  const set = { id: activeSetHash(atxIds), epoch, atxIds, totalWeight, atxs };
  insertActiveSet(db, set);
  return set;
}
