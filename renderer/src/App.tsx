/**
 * The app shell: a navigation rail (real buttons, so Tab and Enter work), the connection banner when the node is
 * unreachable, the theme switch, and the current screen. Wallet-less users land on onboarding.
 * @module
 */
import { useEffect } from 'react';
import { useNode } from './state/nodeStore.js';
import { useUi, type Screen, type Theme } from './state/uiStore.js';
import { useWallet } from './state/walletStore.js';
import { Onboarding } from './screens/Onboarding.js';
import { Setup } from './screens/Setup.js';
import { Dashboard } from './screens/Dashboard.js';
import { Wallet } from './screens/Wallet.js';
import { NodeScreen } from './screens/Node.js';

const NAV: readonly { screen: Screen; label: string }[] = [
  { screen: 'dashboard', label: 'Smeshing' },
  { screen: 'setup', label: 'Storage setup' },
  { screen: 'wallet', label: 'Wallet' },
  { screen: 'node', label: 'Node' },
];

export function App() {
  const { screen, go, theme, setTheme } = useUi();
  const connection = useNode((s) => s.connection);
  const nodeError = useNode((s) => s.error);
  const refresh = useNode((s) => s.refresh);
  const wallets = useWallet((s) => s.wallets);
  const opened = useWallet((s) => s.opened);

  // First run: no wallet yet → onboarding, once the list has loaded.
  useEffect(() => {
    if (wallets !== null && wallets.length === 0 && opened === null) go('onboarding');
  }, [wallets, opened, go]);

  return (
    <div className="shell">
      <nav aria-label="Main">
        <h1 className="brand">Smesher</h1>
        <ul>
          {NAV.map((n) => (
            <li key={n.screen}>
              <button type="button" aria-current={screen === n.screen ? 'page' : undefined} onClick={() => go(n.screen)} data-screen={n.screen}>
                {n.label}
              </button>
            </li>
          ))}
        </ul>
        <label className="theme">
          Theme
          <select value={theme} onChange={(e) => setTheme(e.target.value as Theme)}>
            <option value="system">System</option>
            <option value="light">Light</option>
            <option value="dark">Dark</option>
          </select>
        </label>
        <p className={`conn conn-${connection}`} role="status">
          Node: {connection}
        </p>
      </nav>
      <main>
        {connection === 'unreachable' && (
          <div className="error banner" role="alert">
            <span>
              The node is unreachable{nodeError ? `: ${nodeError}` : ''}. Start it with `smesher node`: this window reconnects by itself
              when it answers.
            </span>
            <button type="button" onClick={() => void refresh()}>
              Check again
            </button>
          </div>
        )}
        {screen === 'onboarding' && <Onboarding />}
        {screen === 'setup' && <Setup />}
        {screen === 'dashboard' && <Dashboard />}
        {screen === 'wallet' && <Wallet />}
        {screen === 'node' && <NodeScreen />}
      </main>
    </div>
  );
}
