/**
 * Where a confirmed send stands, from the account's history: each of its transactions (a spawn first, when the
 * account needed one) is pending until the history lists it applied or failed; the send as a whole has failed if
 * any did, is applied once all are, and is pending otherwise. Pure.
 * @module
 */
import type { HistoryItem, SentTx } from '../../../core/api/contract/contract.js';
import { statusOf } from './historyFilter.js';

export type SentState = NonNullable<HistoryItem['status']>;

export interface SentProgress {
  readonly overall: SentState;
  readonly txs: readonly { readonly tx: SentTx; readonly status: SentState; readonly layer: number | null }[];
}

export function sentProgress(txs: readonly SentTx[], history: readonly HistoryItem[]): SentProgress {
  const rows = txs.map((tx) => {
    // Not listed yet means the node has it in the mempool only: pending.
    const item = history.find((h) => h.id === tx.id);
    return { tx, status: item ? statusOf(item) : ('pending' as const), layer: item?.layer ?? null };
  });
  const overall = rows.some((r) => r.status === 'failed') ? 'failed' : rows.every((r) => r.status === 'applied') ? 'applied' : 'pending';
  return { overall, txs: rows };
}
