/**
 * What became of a confirmed send (logic/sentProgress.ts): pending, then applied in a layer or failed, per
 * transaction, updated as the history reloads with each layer, so "sent" never stays a promise the user has to
 * check elsewhere.
 * @module
 */
import type { HistoryItem, SendResult } from '../../../../core/api/contract/contract.js';
import { sentProgress } from '../../logic/sentProgress.js';

const SUMMARY = {
  pending: 'Sent: pending until a layer applies it.',
  applied: 'Sent and applied.',
  failed: 'Sent, but a layer applied it as failed: the fee was paid and the amount did not move.',
} as const;

export function SentStatus({ sent, history }: { sent: SendResult; history: readonly HistoryItem[] }) {
  const { overall, txs } = sentProgress(sent.txs, history);
  return (
    <div role="status" data-testid="sent" data-status={overall}>
      <p>{SUMMARY[overall]}</p>
      <ul className="sent-txs">
        {txs.map(({ tx, status, layer }) => (
          <li key={tx.id}>
            <span className="mono">{tx.id.slice(0, 12)}…</span> {tx.method}: {status}
            {layer !== null && ` in layer ${layer}`}
          </li>
        ))}
      </ul>
    </div>
  );
}
