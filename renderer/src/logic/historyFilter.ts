/**
 * The wallet history's filters: kind, direction (in: received and rewards; out: sent and the spawn, which costs
 * a fee) and status, plus an empty state that names what the filters ask for, so "nothing here" never reads as
 * "nothing at all". Pure.
 * @module
 */
import type { HistoryItem } from '../../../core/api/contract/contract.js';

export type KindFilter = 'all' | HistoryItem['kind'];
export type DirectionFilter = 'all' | 'in' | 'out';
export type StatusFilter = 'all' | NonNullable<HistoryItem['status']>;

export interface HistoryFilter {
  readonly kind: KindFilter;
  readonly direction: DirectionFilter;
  readonly status: StatusFilter;
}

export const NO_FILTER: HistoryFilter = { kind: 'all', direction: 'all', status: 'all' };

/** Which way the coins moved for this account. */
export function directionOf(item: HistoryItem): 'in' | 'out' {
  return item.kind === 'received' || item.kind === 'reward' ? 'in' : 'out';
}

/** A row without a status comes from state the node already applied (rewards, older rows). */
export function statusOf(item: HistoryItem): NonNullable<HistoryItem['status']> {
  return item.status ?? 'applied';
}

export function filterHistory(items: readonly HistoryItem[], f: HistoryFilter): HistoryItem[] {
  return items.filter(
    (i) => (f.kind === 'all' || i.kind === f.kind) && (f.direction === 'all' || directionOf(i) === f.direction) && (f.status === 'all' || statusOf(i) === f.status),
  );
}

export function isFiltered(f: HistoryFilter): boolean {
  return f.kind !== 'all' || f.direction !== 'all' || f.status !== 'all';
}

const KIND_NOUN: Record<KindFilter, string> = { all: 'transactions', received: 'received payments', sent: 'sent payments', reward: 'rewards', spawn: 'spawn transactions' };
const DIRECTION_WORD: Record<DirectionFilter, string> = { all: '', in: 'incoming', out: 'outgoing' };

/** The empty state: "No transactions yet." for an empty history, else what the filters found none of. */
export function emptyMessage(total: number, f: HistoryFilter): string {
  if (total === 0) return 'No transactions yet.';
  const words = [f.status === 'all' ? '' : f.status, DIRECTION_WORD[f.direction], KIND_NOUN[f.kind]].filter((w) => w !== '');
  return `No ${words.join(' ')} in this account’s ${total} ${total === 1 ? 'entry' : 'entries'}.`;
}
