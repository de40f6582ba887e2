/**
 * Locks the wallet: the node forgets its keys until the password is given again (the Unlock card comes back);
 * smeshing goes on, since the identity keys are not the wallet's.
 * @module
 */
import { useState } from 'react';
import { client, describeError } from '../../api.js';
import { useWallet } from '../../state/walletStore.js';
import { ErrorBox } from '../../ui/Status.js';

export function LockButton() {
  const [error, setError] = useState<string | null>(null);
  const lock = async () => {
    try {
      await client.wallet.lock({});
      setError(null);
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
      {error && <ErrorBox message={`Could not lock the wallet: ${error}`} onRetry={() => void lock()} />}
    </>
  );
}
