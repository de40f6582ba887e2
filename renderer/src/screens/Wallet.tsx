/**
 * The wallet: unlock (and lock) a saved wallet, accounts with balances and spawn state, receive (address, QR code
 * and copy), send (address check, amount, fee choice priced by a dry run, confirmation, then pending until a layer
 * applies it) and history filtered by kind and status.
 * @module
 */
import { useState } from 'react';
import type { BalanceInfo, HistoryItem, SendResult } from '../../../core/api/contract.js';
import { formatSmidge } from '../../format/amount.js';
import { client, describeError } from '../api.js';
import { parseSmh } from '../logic/amountInput.js';
import { useNode } from '../state/nodeStore.js';
import { useUi } from '../state/uiStore.js';
import { useWallet } from '../state/walletStore.js';
import { QrCode } from '../ui/QrCode.js';
import { Card, Empty, ErrorBox } from '../ui/Status.js';
import { Contacts } from './Contacts.js';

export function Wallet() {
  const { opened, wallets, balances, history, error, refreshBalances } = useWallet();
  const go = useUi((s) => s.go);
  const [account, setAccount] = useState(0);
  const [payTo, setPayTo] = useState('');
  if (opened === null)
    return (
      <div className="screen" data-testid="wallet">
        <h1>Wallet</h1>
        {error && <ErrorBox message={error} onRetry={() => void useWallet.getState().loadList()} />}
        {wallets !== null && wallets.length === 0 ? (
          <div className="note">
            <Empty>No wallet yet.</Empty>
            <button type="button" className="primary" onClick={() => go('onboarding')}>
              Create or restore a wallet
            </button>
          </div>
        ) : (
          <Unlock />
        )}
      </div>
    );
  const current = opened.accounts[account] ?? opened.accounts[0]!;
  const balance = balances[current.address];
  return (
    <div className="screen" data-testid="wallet">
      <div className="row">
        <h1 className="grow">Wallet: {opened.name}</h1>
        <LockButton />
      </div>
      {error && <ErrorBox message={error} onRetry={() => void refreshBalances()} />}
      <Card title="Accounts" id="accounts">
        <table>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Address</th>
              <th scope="col">Balance</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {opened.accounts.map((a) => (
              <tr key={a.address} aria-selected={a.index === current.index}>
                <td>
                  <button type="button" onClick={() => setAccount(a.index)}>
                    {a.name}
                  </button>
                </td>
                <td className="mono">{a.address}</td>
                <td data-testid="balance" data-address={a.address}>
                  {balances[a.address] ? formatSmidge(balances[a.address]!.balance) : '…'}
                </td>
                <td title="An account is spawned by its first send (one extra transaction, paid from its balance)." data-testid="spawned" data-address={a.address}>
                  {spawnText(balances[a.address])}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <div className="grid">
        <Card title="Receive" id="receive">
          <p>Share this address to receive coins:</p>
          <p className="mono address" data-testid="receive-address">
            {current.address}
          </p>
          <QrCode text={current.address} label={`QR code of ${current.address}`} />
          <CopyButton text={current.address} />
        </Card>
        <Send key={payTo} account={current.index} balance={balance?.balance ?? '0'} initialTo={payTo} />
      </div>
      <Contacts onPick={setPayTo} />
      <History items={history[current.address] ?? null} />
    </div>
  );
}

/** The spawn state in words: what a user needs is whether the first send costs an extra transaction. */
function spawnText(balance: BalanceInfo | undefined): string {
  if (balance === undefined) return '…';
  const state = balance.spawnState ?? (balance.spawned ? 'spawned' : 'unspawned');
  if (state === 'spawned') return 'spawned';
  if (state === 'pending') return 'spawn pending (applied with the next layer)';
  return 'not spawned yet (the first send spawns it)';
}

/** Locks the wallet: the node forgets its keys until the password is given again; smeshing goes on. */
function LockButton() {
  const [error, setError] = useState<string | null>(null);
  const lock = async () => {
    try {
      await client.wallet.lock({});
      useWallet.getState().setOpened(null);
      await useWallet.getState().loadList();
    } catch (e) {
      setError(describeError(e));
    }
  };
  return (
    <>
      <button type="button" onClick={() => void lock()}>
        Lock wallet
      </button>
      {error && <ErrorBox message={error} />}
    </>
  );
}

function CopyButton({ text }: { text: string }) {
  const [copied, setCopied] = useState<string | null>(null);
  return (
    <p>
      <button
        type="button"
        onClick={() => {
          navigator.clipboard.writeText(text).then(
            () => setCopied('Copied.'),
            () => setCopied('Copying is not allowed here; select the address and copy it.'),
          );
        }}
      >
        Copy address
      </button>{' '}
      <span role="status">{copied}</span>
    </p>
  );
}

function Unlock() {
  const wallets = useWallet((s) => s.wallets) ?? [];
  const setOpened = useWallet((s) => s.setOpened);
  const [file, setFile] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const chosen = file || wallets[0]?.file || '';
  return (
    <Card title="Unlock a wallet" id="unlock">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          client.wallet.unlock({ wallet: chosen, password }).then(setOpened, (err: unknown) => setError(describeError(err)));
        }}
      >
        <label>
          Wallet
          <select value={chosen} onChange={(e) => setFile(e.target.value)}>
            {wallets.map((w) => (
              <option key={w.file} value={w.file}>
                {w.name} ({w.file})
              </option>
            ))}
          </select>
        </label>
        <label>
          Password
          <input type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {error && <ErrorBox message={error} />}
        <button type="submit" className="primary">
          Unlock
        </button>
      </form>
    </Card>
  );
}

function Send({ account, balance, initialTo }: { account: number; balance: string; initialTo: string }) {
  const hrp = useNode((s) => s.status?.network.hrp ?? '');
  const refresh = useWallet((s) => s.refreshBalances);
  const [to, setTo] = useState(initialTo);
  const [amountText, setAmountText] = useState('');
  const [gasPrice, setGasPrice] = useState('1');
  const [quote, setQuote] = useState<SendResult | null>(null);
  const [sent, setSent] = useState<SendResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const amount = parseSmh(amountText);
  // A quick local check; the node decodes the address fully (checksum, network) on the dry run.
  const addressOk = hrp !== '' && to.startsWith(`${hrp}1`) && to.length > hrp.length + 10;

  const review = async () => {
    if (amount === null) return;
    try {
      setQuote(await client.wallet.send({ account, to, amount, gasPrice, dryRun: true }));
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
  };
  const confirm = async () => {
    if (amount === null) return;
    try {
      setSent(await client.wallet.send({ account, to, amount, gasPrice }));
      setQuote(null);
      setError(null);
      await refresh();
    } catch (e) {
      const message = describeError(e);
      // The node accepts a spend only after the spawn is applied: say what to do rather than only that it failed.
      setError(/not spawned/.test(message) ? `${message}. The spawn is on its way: send again once the history shows it applied.` : message);
      setQuote(null);
      await refresh();
    }
  };

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
          <input value={to} onChange={(e) => (setTo(e.target.value.trim()), setQuote(null))} spellCheck={false} aria-invalid={to !== '' && !addressOk} />
        </label>
        {to !== '' && !addressOk && <p className="hint warn">Addresses on this network start with {hrp}1.</p>}
        <label>
          Amount (SMH) — available {formatSmidge(balance)}
          <input inputMode="decimal" value={amountText} onChange={(e) => (setAmountText(e.target.value), setQuote(null))} aria-invalid={amountText !== '' && amount === null} />
        </label>
        <label>
          Fee
          <select value={gasPrice} onChange={(e) => (setGasPrice(e.target.value), setQuote(null))}>
            <option value="1">Normal (gas price 1): enough while blocks have room</option>
            <option value="2">Fast (gas price 2): ahead of normal transactions</option>
            <option value="5">Priority (gas price 5): first in a busy layer</option>
          </select>
        </label>
        <p className="hint">The fee is gas used × gas price; Review shows it in SMH before anything is sent.</p>
        {error && <ErrorBox message={error} />}
        <button type="submit" disabled={!addressOk || amount === null}>
          Review
        </button>
      </form>
      {quote && amount && (
        <div className="confirm" role="dialog" aria-label="Confirm the transaction">
          <p>
            Send <strong>{formatSmidge(amount)}</strong> to <span className="mono">{to}</span>
          </p>
          <p>
            Fee {formatSmidge(quote.totalFee)} · total {formatSmidge(quote.total)}
            {quote.txs.some((t) => t.method === 'spawn') && ' (includes spawning this account first)'}
          </p>
          <div className="row">
            <button type="button" onClick={() => setQuote(null)}>
              Cancel
            </button>
            <button type="button" className="primary" onClick={() => void confirm()}>
              Confirm and send
            </button>
          </div>
        </div>
      )}
      {sent && (
        <p role="status" data-testid="sent">
          Sent: {sent.txs.map((t) => t.id.slice(0, 12)).join(', ')}… pending until a layer applies it.
        </p>
      )}
    </Card>
  );
}

type StatusFilter = 'all' | NonNullable<HistoryItem['status']>;

function History({ items }: { items: readonly HistoryItem[] | null }) {
  const [filter, setFilter] = useState<'all' | HistoryItem['kind']>('all');
  const [status, setStatus] = useState<StatusFilter>('all');
  const shown = (items ?? []).filter((i) => (filter === 'all' || i.kind === filter) && (status === 'all' || (i.status ?? 'applied') === status));
  const filtered = filter !== 'all' || status !== 'all';
  return (
    <Card title="History" id="history">
      <div className="row">
        <label>
          Show
          <select value={filter} onChange={(e) => setFilter(e.target.value as typeof filter)}>
            <option value="all">Everything</option>
            <option value="received">Received</option>
            <option value="sent">Sent</option>
            <option value="reward">Rewards</option>
            <option value="spawn">Spawn</option>
          </select>
        </label>
        <label>
          Status
          <select value={status} onChange={(e) => setStatus(e.target.value as StatusFilter)}>
            <option value="all">Any</option>
            <option value="pending">Pending</option>
            <option value="applied">Applied</option>
            <option value="failed">Failed</option>
          </select>
        </label>
      </div>
      {items === null ? (
        <p>Loading…</p>
      ) : shown.length === 0 ? (
        <Empty>{filtered && (items ?? []).length > 0 ? 'No transactions match these filters.' : 'No transactions yet.'}</Empty>
      ) : (
        <table data-testid="history">
          <thead>
            <tr>
              <th scope="col">Layer</th>
              <th scope="col">Kind</th>
              <th scope="col">Amount</th>
              <th scope="col">Counterparty</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((h, i) => (
              <tr key={h.id ?? `${h.kind}-${h.layer}-${i}`} data-kind={h.kind} data-status={h.status ?? 'applied'}>
                <td>{h.layer ?? '—'}</td>
                <td>{h.kind}</td>
                <td>{h.amount ? formatSmidge(h.amount) : '—'}</td>
                <td className="mono">{h.to ?? h.from ?? ''}</td>
                <td>{h.status ?? 'applied'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
