/**
 * The node screen: network, layer, epoch and sync state; the peers (or, on a preset without peer-to-peer, a plain
 * sentence saying so); settings (the smeshing folders with units and threads, deleting a stopped identity's PoS
 * data, locking the wallet; the theme stays in the menu); creating or joining another network (the onboarding's
 * onboarding/NetworkFiles.tsx); and the log viewer. While the node is unreachable the
 * screen says its facts are the last known ones. The body waits for the first status, peer answer and wallet
 * list, so the cards do not arrive one by one. While the screen is open the peer list is asked again every few
 * seconds (the status, with the peer count, comes by push and poll already).
 * @module
 */
import './controls.css';
import { useEffect } from 'react';
import { PEERS_REFRESH_MS } from '../logic/peers.js';
import { useNode } from '../state/nodeStore.js';
import { useWallet } from '../state/walletStore.js';
import { Card, Loading } from '../ui/Status.js';
import { NetworkFiles } from './onboarding/NetworkFiles.js';
import { LogsCard } from './node/LogsCard.js';
import { NetworkCard, PeersCard } from './node/NetworkCard.js';
import { SyncProgress } from './node/SyncProgress.js';
import { SmeshingFolders } from './node/SmeshingFolders.js';
import { WalletLock } from './node/WalletLock.js';

export function NodeScreen() {
  const loadPeers = useNode((s) => s.loadPeers);
  const pollPeers = useNode((s) => s.pollPeers);
  const loadLogs = useNode((s) => s.loadLogs);
  const connection = useNode((s) => s.connection);
  const hasStatus = useNode((s) => s.status !== null);
  // The peers card is a table on a network: waiting for its first answer keeps it from growing under the reader.
  const peersKnown = useNode((s) => s.peers !== null || s.peersError !== null);
  // The settings card lays out the wallet's lock state too: wait for the wallet list as well.
  const walletsKnown = useWallet((s) => s.wallets !== null || s.error !== null);
  useEffect(() => {
    void loadPeers();
    void loadLogs();
  }, [loadPeers, loadLogs]);
  useEffect(() => {
    const timer = setInterval(() => void pollPeers(), PEERS_REFRESH_MS);
    return () => clearInterval(timer);
  }, [pollPeers]);
  return (
    <div className="screen" data-testid="node">
      <h1>Node</h1>
      {connection === 'unreachable' && (
        <p role="status" className="note" data-testid="node-stale">
          These are the last facts the node gave: it is unreachable now, so layer, peers and logs do not move.
        </p>
      )}
      {hasStatus && peersKnown && walletsKnown ? (
        <>
          <SyncProgress />
          <div className="grid">
            <NetworkCard />
            <PeersCard />
          </div>
          <Card title="Settings" id="settings">
            <SmeshingFolders />
            <WalletLock />
          </Card>
          <Card title="Other networks" id="networks">
            <NetworkFiles />
          </Card>
          <LogsCard />
        </>
      ) : (
        <Loading what="the node's facts" />
      )}
    </div>
  );
}
