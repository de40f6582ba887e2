/**
 * Unlock a saved wallet with its password; a refusal (wrong password, node away) shows the node's reason and
 * keeps what was typed.
 * @module
 */
import { useState } from 'react';
import { client, describeError } from '../../api.js';
import { useWallet } from '../../state/walletStore.js';
import { Card, ErrorBox } from '../../ui/Status.js';

export function Unlock() {
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
