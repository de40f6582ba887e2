/**
 * The wallet screen: unlock (and lock) a saved wallet, then the open wallet's accounts with balances and spawn
 * state, receive, send, contacts and history. Each part is its own file under wallet/; this one only picks the
 * account they show and which of "no wallet", "locked" and "open" the user sees.
 * @module
 */
import { useState } from 'react';
import type { HistoryItem } from '../../../core/api/contract/contract.js';
import { useUi } from '../state/uiStore.js';
import { useWallet } from '../state/walletStore.js';
import { Empty, ErrorBox, Loading } from '../ui/Status.js';
import { Contacts } from './Contacts.js';
import { Accounts } from './wallet/Accounts.js';
import { History } from './wallet/History.js';
import { LockButton } from './wallet/LockButton.js';
import { Receive } from './wallet/Receive.js';
import { Send } from './wallet/Send.js';
import { Unlock } from './wallet/Unlock.js';
import './wallet/wallet.css';

const NO_HISTORY: readonly HistoryItem[] = [];

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
        {wallets === null ? (
          // Unknown until the list loads; after a failed load the error box above says why and retries.
          error === null && <p>Loading wallets…</p>
        ) : wallets.length === 0 ? (
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
  return (
    <div className="screen" data-testid="wallet">
      <div className="row">
        <h1 className="grow">Wallet: {opened.name}</h1>
        <LockButton />
      </div>
      {error && <ErrorBox message={error} onRetry={() => void refreshBalances()} />}
      {/* Balances, spawn states and history arrive together; the cards wait for them rather than grow. */}
      {Object.keys(balances).length === 0 && error === null ? (
        <Loading what="balances" />
      ) : (
        <>
          <Accounts accounts={opened.accounts} balances={balances} current={current.index} onPick={setAccount} />
          <div className="grid">
            <Receive address={current.address} />
            <Send key={`${current.index}:${payTo}`} account={current.index} balance={balances[current.address]?.balance ?? '0'} history={history[current.address] ?? NO_HISTORY} initialTo={payTo} />
          </div>
          <Contacts onPick={setPayTo} />
          <History items={history[current.address] ?? null} account={current.address} />
        </>
      )}
    </div>
  );
}
