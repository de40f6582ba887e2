/**
 * CSV export of rewards and wallet history (issue #20 item 3): RFC 4180 text (comma separated, CRLF line ends,
 * fields quoted when they hold a comma, quote or line break, quotes doubled), with cells that a spreadsheet would
 * run as a formula (leading `=`, `+`, `-`, `@`, tab or CR) prefixed by `'`. Amounts go out exact: smidge as an
 * integer and SMH as a decimal string, never a float. Times are ISO 8601 UTC. Pure.
 * @module
 */
import type { HistoryItem, RewardInfo } from '../../../core/api/contract/contract.js';
import type { PlanTiming } from './firstRewardPlan.js';

const SMIDGE_PER_SMH = 1_000_000_000n;

/** One CSV field, quoted when it must be and defused when a spreadsheet would read it as a formula. */
export function csvField(value: string | number | bigint | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header row and data rows as CSV text, each line ended by CRLF. */
export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | bigint | null | undefined)[])[]): string {
  return [header, ...rows].map((row) => `${row.map(csvField).join(',')}\r\n`).join('');
}

/** `1500000000` smidge → `"1.5"`: exact decimal SMH. @throws {RangeError} for text that is not a smidge amount */
export function smhText(smidge: string): string {
  if (!/^\d+$/.test(smidge)) throw new RangeError(`not an amount: ${smidge}`);
  const v = BigInt(smidge);
  const fraction = (v % SMIDGE_PER_SMH).toString().padStart(9, '0').replace(/0+$/, '');
  return `${v / SMIDGE_PER_SMH}${fraction ? `.${fraction}` : ''}`;
}

export const REWARDS_CSV_HEADER = ['layer', 'time', 'amount_smh', 'amount_smidge', 'identity', 'coinbase'] as const;

/** Rewards, oldest first: layer, time, amount (SMH and smidge), identity and coinbase. */
export function rewardsCsv(rewards: readonly RewardInfo[]): string {
  const rows = [...rewards].sort((a, b) => a.layer - b.layer || a.smesherId.localeCompare(b.smesherId)).map((r) => [r.layer, new Date(r.layerTimeMs).toISOString(), smhText(r.total), r.total, r.smesherId, r.coinbase]);
  return toCsv(REWARDS_CSV_HEADER, rows);
}

export const HISTORY_CSV_HEADER = ['layer', 'time', 'kind', 'status', 'amount_smh', 'amount_smidge', 'fee_smidge', 'from', 'to', 'account', 'id'] as const;

/**
 * One account's history, oldest first (pending items, which have no layer yet, last): each item's layer and the
 * layer's start time, what it is, its amount and fee. `account` names the address the history is of (for a reward,
 * the coinbase).
 */
export function historyCsv(items: readonly HistoryItem[], account: string, timing: PlanTiming): string {
  const order = (l: number | null) => (l === null ? Number.POSITIVE_INFINITY : l);
  const rows = [...items]
    .sort((a, b) => order(a.layer) - order(b.layer))
    .map((h) => [
      h.layer,
      h.layer === null ? null : new Date(timing.genesisTimeMs + h.layer * timing.layerDurationMs).toISOString(),
      h.kind,
      // As the History table reads it (logic/historyFilter.ts statusOf): an item without a status is applied.
      h.status ?? 'applied',
      h.amount === undefined ? null : smhText(h.amount),
      h.amount,
      h.fee,
      h.from,
      h.to,
      account,
      h.id,
    ]);
  return toCsv(HISTORY_CSV_HEADER, rows);
}
