/**
 * What became of a confirmed send: each of its transactions (a spawn first, when the account needed one) pending,
 * then applied in a layer or failed, read from the account's history as layers pass, so "sent" never stays a
 * promise the user has to check elsewhere.
 * @module
 */
import type { HistoryItem, SendResult } from '../../../../core/api/contract.js';
import { statusOf } from '../../logic/historyFilter.js';

export function SentStatus({ sent, history }: { sent: SendResult; history: readonly HistoryItem[] }) {
  const rows = sent.txs.map((tx) => ({ tx, item: history.find((h) => h.id === tx.id) }));
  const states = rows.map((r) => (r.item ? statusOf(r.item) : 'pending'));
  const overall = states.includes('failed') ? 'failed' : states.every((s) => s === 'applied') ? 'applied' : 'pending';
  return (
    <div role="status" data-testid="sent" data-status={overall}>
      <p>
        {overall === 'pending' && 'Sent: pending until a layer applies it.'}
        {overall === 'applied' && 'Sent and applied.'}
        {overall === 'failed' && 'Sent, but a layer applied it as failed: the fee was paid and the amount did not move.'}
      </p>
      <ul className="sent-txs">
        {rows.map(({ tx, item }) => (
          <li key={tx.id}>
            <span className="mono">{tx.id.slice(0, 12)}…</span> {tx.method}: {item ? statusOf(item) : 'pending'}
            {item?.layer != null && ` in layer ${item.layer}`}
          </li>
        ))}
      </ul>
    </div>
  );
}
