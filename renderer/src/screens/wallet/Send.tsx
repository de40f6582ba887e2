/**
 * Send: recipient (a quick address check; the node checks the checksum and network on the dry run), amount, then
 * Review prices every fee choice by a dry run and opens the confirmation (ConfirmSend.tsx). Confirmed sends stay
 * "pending until a layer applies it"; the history shows when it does.
 * @module
 */
import { useState } from 'react';
import type { HistoryItem, SendResult } from '../../../../core/api/contract/contract.js';
import { formatSmidge } from '../../../format/amount.js';
import { client, describeError } from '../../api.js';
import { parseSmh } from '../../logic/amountInput.js';
import { FEE_CHOICES, pickQuote, type FeeQuote } from '../../logic/fees.js';
import { useNode } from '../../state/nodeStore.js';
import { useWallet } from '../../state/walletStore.js';
import { Card, ErrorBox } from '../../ui/Status.js';
import { ConfirmSend } from './ConfirmSend.js';
import { SentStatus } from './SentStatus.js';

export function Send({ account, balance, history, initialTo }: { account: number; balance: string; history: readonly HistoryItem[]; initialTo: string }) {
  const hrp = useNode((s) => s.status?.network.hrp ?? '');
  const refresh = useWallet((s) => s.refreshBalances);
  const [to, setTo] = useState(initialTo);
  const [amountText, setAmountText] = useState('');
  const [gasPrice, setGasPrice] = useState(FEE_CHOICES[0]!.gasPrice);
  const [quotes, setQuotes] = useState<readonly FeeQuote<SendResult>[] | null>(null);
  const [busy, setBusy] = useState(false);
  const [sent, setSent] = useState<SendResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const amount = parseSmh(amountText);
  // A quick local check; the node decodes the address fully (checksum, network) on the dry run.
  const addressOk = hrp !== '' && to.startsWith(`${hrp}1`) && to.length > hrp.length + 10;

  const review = async () => {
    if (amount === null) return;
    setBusy(true);
    const settled = await Promise.allSettled(FEE_CHOICES.map((choice) => client.wallet.send({ account, to, amount, gasPrice: choice.gasPrice, dryRun: true })));
    setBusy(false);
    const priced: FeeQuote<SendResult>[] = settled.map((s, i) =>
      s.status === 'fulfilled' ? { choice: FEE_CHOICES[i]!, quote: s.value } : { choice: FEE_CHOICES[i]!, error: describeError(s.reason) },
    );
    const pick = pickQuote(priced, gasPrice);
    if (pick === null) {
      // Every price refused: the reason is the same for all (bad address, no coins), so say it once.
      setError(describeError((settled[0] as PromiseRejectedResult).reason));
      setQuotes(null);
      return;
    }
    setGasPrice(pick);
    setQuotes(priced);
    setError(null);
  };
  const confirm = async () => {
    if (amount === null) return;
    try {
      setSent(await client.wallet.send({ account, to, amount, gasPrice }));
      setQuotes(null);
      setError(null);
      await refresh();
    } catch (e) {
      const message = describeError(e);
      // The node accepts a spend only after the spawn is applied: say what to do rather than only that it failed.
      setError(/not spawned/.test(message) ? `${message}. The spawn is on its way: send again once the history shows it applied.` : message);
      setQuotes(null);
      await refresh();
    }
  };
  const edited = () => setQuotes(null);

  return (
    <Card title="Send" id="send">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void review();
        }}
      >
        <label>
          To address
          <input value={to} onChange={(e) => (setTo(e.target.value.trim()), edited())} spellCheck={false} aria-invalid={to !== '' && !addressOk} />
        </label>
        {to !== '' && !addressOk && <p className="hint warn">Addresses on this network start with {hrp}1.</p>}
        <label>
          Amount (SMH) — available {formatSmidge(balance)}
          <input inputMode="decimal" value={amountText} onChange={(e) => (setAmountText(e.target.value), edited())} aria-invalid={amountText !== '' && amount === null} />
        </label>
        <p className="hint">Review prices each fee choice with the node before anything is sent.</p>
        {error && <ErrorBox message={error} />}
        <button type="submit" disabled={!addressOk || amount === null || busy}>
          {busy ? 'Pricing…' : 'Review'}
        </button>
      </form>
      {quotes && amount && (
        <ConfirmSend to={to} amount={amount} quotes={quotes} gasPrice={gasPrice} onPick={setGasPrice} onCancel={() => setQuotes(null)} onConfirm={() => void confirm()} />
      )}
      {sent && <SentStatus sent={sent} history={history} />}
    </Card>
  );
}
