/**
 * The account's history with filters by kind, direction and status (logic/historyFilter.ts); an empty result says
 * what the filters found none of and offers to clear them. Each status wears the design system's badge (applied
 * as paid, pending as waiting, failed as missed); the whole history downloads as CSV (logic/csv.ts).
 * @module
 */
import { useState } from 'react';
import type { HistoryItem } from '../../../../core/api/contract/contract.js';
import { formatSmidge } from '../../../format/amount.js';
import { historyCsv } from '../../logic/csv.js';
import { NO_FILTER, directionOf, emptyMessage, filterHistory, isFiltered, statusOf, type HistoryFilter } from '../../logic/historyFilter.js';
import { useNode } from '../../state/nodeStore.js';
import { datedFileName, downloadText } from '../../ui/download.js';
import { StateBadge, type UiState } from '../../ui/StateBadge.js';
import { Card, Empty } from '../../ui/Status.js';

const STATUS_BADGE: Readonly<Record<string, UiState>> = { applied: 'paid', pending: 'waiting', failed: 'missed' };

export function History({ items, account }: { items: readonly HistoryItem[] | null; account: string }) {
  const [filter, setFilter] = useState<HistoryFilter>(NO_FILTER);
  const network = useNode((s) => s.status?.network);
  const set = (change: Partial<HistoryFilter>) => setFilter({ ...filter, ...change });
  const shown = filterHistory(items ?? [], filter);
  const exportCsv = () => {
    if (items !== null && network !== undefined) downloadText(datedFileName(`history-${account.slice(-8)}`, Date.now()), historyCsv(items, account, network));
  };
  return (
    <Card title="History" id="history">
      <div className="row">
        <label>
          Show
          <select value={filter.kind} onChange={(e) => set({ kind: e.target.value as HistoryFilter['kind'] })}>
            <option value="all">Everything</option>
            <option value="received">Received</option>
            <option value="sent">Sent</option>
            <option value="reward">Rewards</option>
            <option value="spawn">Spawn</option>
          </select>
        </label>
        <label>
          Direction
          <select value={filter.direction} onChange={(e) => set({ direction: e.target.value as HistoryFilter['direction'] })}>
            <option value="all">In and out</option>
            <option value="in">In (received, rewards)</option>
            <option value="out">Out (sent, spawn)</option>
          </select>
        </label>
        <label>
          Status
          <select value={filter.status} onChange={(e) => set({ status: e.target.value as HistoryFilter['status'] })}>
            <option value="all">Any</option>
            <option value="pending">Pending</option>
            <option value="applied">Applied</option>
            <option value="failed">Failed</option>
          </select>
        </label>
        <span className="grow" />
        <button type="button" onClick={exportCsv} disabled={items === null || items.length === 0 || network === undefined}>
          Export history (CSV)
        </button>
      </div>
      {items === null ? (
        <p>Loading…</p>
      ) : shown.length === 0 ? (
        <div className="row" data-testid="history-empty">
          <Empty>{emptyMessage(items.length, filter)}</Empty>
          {isFiltered(filter) && items.length > 0 && (
            <button type="button" onClick={() => setFilter(NO_FILTER)}>
              Show everything
            </button>
          )}
        </div>
      ) : (
        <table data-testid="history">
          <thead>
            <tr>
              <th scope="col">Layer</th>
              <th scope="col">Kind</th>
              <th scope="col">Amount</th>
              <th scope="col">Fee</th>
              <th scope="col">Counterparty</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((h, i) => (
              <tr key={h.id ?? `${h.kind}-${h.layer}-${i}`} data-kind={h.kind} data-status={statusOf(h)} data-direction={directionOf(h)}>
                <td>{h.layer ?? '—'}</td>
                <td>{h.kind}</td>
                <td>{h.amount ? `${directionOf(h) === 'in' ? '+' : '−'}${formatSmidge(h.amount)}` : '—'}</td>
                <td>{h.fee ? formatSmidge(h.fee) : '—'}</td>
                <td className="mono">{h.to ?? h.from ?? ''}</td>
                <td>
                  <StateBadge state={STATUS_BADGE[statusOf(h)] ?? 'waiting'} label={statusOf(h)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
