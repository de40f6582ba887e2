/**
 * Settings, wallet: lock the open wallet (the node forgets its keys until the password is given again on the
 * Wallet screen). Smeshing goes on while the wallet is locked: it needs no wallet keys.
 * @module
 */
import { useState } from 'react';
import { client, describeError } from '../../api.js';
import { useWallet } from '../../state/walletStore.js';
import { ErrorBox } from '../../ui/Status.js';

export function WalletLock() {
  const opened = useWallet((s) => s.opened);
  const [error, setError] = useState<string | null>(null);
  const [locked, setLocked] = useState(false);

  const lock = async () => {
    try {
      await client.wallet.lock({});
      useWallet.getState().setOpened(null);
      void useWallet.getState().loadList();
      setLocked(true);
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
  };

  return (
    <section aria-labelledby="lock-title">
      <h3 id="lock-title">Wallet</h3>
      {error && <ErrorBox message={error} />}
      {opened ? (
        <>
          <p>
            <strong>{opened.name}</strong> is unlocked. Smeshing goes on while it is locked.
          </p>
          <button type="button" onClick={() => void lock()}>
            Lock the wallet
          </button>
        </>
      ) : (
        <p role="status">{locked ? 'The wallet is locked: unlock it on the Wallet screen.' : 'No wallet is unlocked.'}</p>
      )}
    </section>
  );
}
