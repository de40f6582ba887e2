/**
 * The network facts: the network's name (a joined network file's, with its preset) or the preset, layer and epoch (live from `layer` events), sync state in words with the applied
 * layer, layer duration, version and uptime; and the peers (PeersView.tsx): the node's own peer-to-peer line and a
 * table of its peers, or a plain sentence where the preset has no peer-to-peer network.
 * @module
 */
import { type SyncState, syncState } from '../../logic/syncState.js';
import { formatDuration } from '../../logic/time.js';
import { useNode } from '../../state/nodeStore.js';
import { Card } from '../../ui/Status.js';
import { PeersView } from './PeersView.js';

/** Sync states that put smeshing at risk, shown in the warning colour. */
const WARN_SYNC: ReadonlySet<SyncState['kind']> = new Set(['behind', 'no_peers', 'few_peers']);

export function NetworkCard() {
  const { status, layer, connection, peers } = useNode();
  const net = status?.network;
  // The live layer when a push brought one; the mesh moves with the status (pushed on changes, polled every 5 s).
  const sync = syncState(connection, peers, status && net ? { currentLayer: layer?.layer ?? net.currentLayer, mesh: status.mesh, p2p: status.p2p } : null);
  return (
    <Card title="Network" id="net">
      {net ? (
        <dl>
          <dt>Network</dt>
          <dd data-testid="network-name">{net.name === undefined ? net.preset : `${net.name} (${net.preset})`}</dd>
          <dt>Layer</dt>
          <dd data-testid="layer">{layer?.layer ?? net.currentLayer}</dd>
          <dt>Epoch</dt>
          <dd data-testid="epoch">{layer?.epoch ?? net.currentEpoch}</dd>
          <dt>Sync</dt>
          <dd data-testid="sync" data-sync={sync.kind} title={sync.detail} className={WARN_SYNC.has(sync.kind) ? 'warn' : undefined}>
            {sync.label}
          </dd>
          <dt>Applied layer</dt>
          <dd data-testid="applied-layer">{status.mesh ? status.mesh.appliedLayer : 'none (no consensus for this preset)'}</dd>
          <dt>Layer duration</dt>
          <dd>{formatDuration(net.layerDurationMs / 1000)}</dd>
          <dt>Version</dt>
          <dd>{status.version}</dd>
          <dt>Uptime</dt>
          <dd>{formatDuration(status.uptimeMs / 1000)}</dd>
        </dl>
      ) : (
        <p>Loading…</p>
      )}
    </Card>
  );
}

export function PeersCard() {
  const peers = useNode((s) => s.peers);
  const error = useNode((s) => s.peersError);
  const p2p = useNode((s) => s.status?.p2p ?? null);
  const loadPeers = useNode((s) => s.loadPeers);
  return <PeersView peers={peers} p2p={p2p} error={error} onRetry={() => void loadPeers()} />;
}
