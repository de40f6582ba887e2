/**
 * The send confirmation: recipient, amount, the fee choices each priced in SMH by the node's dry run (a choice the
 * node refused says why and cannot be picked), and the total for the picked one. Nothing is sent before
 * "Confirm and send". It takes the focus when it opens; Escape cancels.
 * @module
 */
import { useEffect, useRef } from 'react';
import type { SendResult } from '../../../../core/api/contract/contract.js';
import { formatSmidge } from '../../../format/amount.js';
import { feeInSmh, type FeeQuote } from '../../logic/fees.js';

/** Both units: "20,000 smidge (0.00002 SMH)"; whole-SMH amounts already read in SMH. */
function smh(smidge: string): string {
  const text = formatSmidge(smidge);
  return text.endsWith(' SMH') ? text : `${text} (${feeInSmh(smidge)})`;
}

export function ConfirmSend({
  to,
  amount,
  quotes,
  gasPrice,
  onPick,
  onCancel,
  onConfirm,
}: {
  to: string;
  amount: string;
  quotes: readonly FeeQuote<SendResult>[];
  gasPrice: string;
  onPick: (gasPrice: string) => void;
  onCancel: () => void;
  onConfirm: () => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  // Keyboard users land in the confirmation they just opened; Escape backs out as Cancel does.
  useEffect(() => box.current?.focus(), []);
  const picked = quotes.find((q) => q.choice.gasPrice === gasPrice);
  const quote = picked && 'quote' in picked ? picked.quote : null;
  return (
    <div className="confirm" role="dialog" aria-label="Confirm the transaction" tabIndex={-1} ref={box} onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <dl>
        <dt>To</dt>
        <dd className="mono" data-testid="confirm-to">
          {to}
        </dd>
        <dt>Amount</dt>
        <dd data-testid="confirm-amount">{smh(amount)}</dd>
      </dl>
      <fieldset className="fee-choices">
        <legend>Fee</legend>
        {quotes.map((q) => (
          <label key={q.choice.gasPrice} className="fee-choice">
            <input type="radio" name="fee" value={q.choice.gasPrice} checked={q.choice.gasPrice === gasPrice} disabled={'error' in q} onChange={() => onPick(q.choice.gasPrice)} />
            <span>
              <strong>{q.choice.name}</strong> {'quote' in q ? smh(q.quote.totalFee) : `not possible: ${q.error}`}
              <span className="hint"> — gas price {q.choice.gasPrice}: {q.choice.means}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {quote && (
        <dl>
          <dt>Fee</dt>
          <dd data-testid="confirm-fee">
            {smh(quote.totalFee)}
            {quote.txs.some((t) => t.method === 'spawn') && ' (includes spawning this account first)'}
          </dd>
          <dt>Total</dt>
          <dd data-testid="confirm-total">
            <strong>{smh(quote.total)}</strong>
          </dd>
        </dl>
      )}
      <div className="row">
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
        <button type="button" className="primary" onClick={onConfirm} disabled={quote === null}>
          Confirm and send
        </button>
      </div>
    </div>
  );
}
