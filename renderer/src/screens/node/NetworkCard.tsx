/**
 * The network facts: preset, layer and epoch (live from `layer` events), sync state in words with the applied
 * layer, layer duration, version and uptime; and the peers, or a plain sentence where the preset has no
 * peer-to-peer network.
 * @module
 */
import { STANDALONE_PEERS, syncState } from '../../logic/syncState.js';
import { formatDuration } from '../../logic/time.js';
import { useNode } from '../../state/nodeStore.js';
import { Card, Empty, ErrorBox } from '../../ui/Status.js';

export function NetworkCard() {
  const { status, layer, connection, peers } = useNode();
  const net = status?.network;
  // The live layer when a push brought one; the mesh moves with the status (pushed on changes, polled every 5 s).
  const sync = syncState(connection, peers, status && net ? { currentLayer: layer?.layer ?? net.currentLayer, mesh: status.mesh } : null);
  return (
    <Card title="Network" id="net">
      {net ? (
        <dl>
          <dt>Network</dt>
          <dd>{net.preset}</dd>
          <dt>Layer</dt>
          <dd data-testid="layer">{layer?.layer ?? net.currentLayer}</dd>
          <dt>Epoch</dt>
          <dd data-testid="epoch">{layer?.epoch ?? net.currentEpoch}</dd>
          <dt>Sync</dt>
          <dd data-testid="sync" data-sync={sync.kind} title={sync.detail}>
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
  const loadPeers = useNode((s) => s.loadPeers);
  return (
    <Card title="Peers" id="peers">
      {error && <ErrorBox message={error} onRetry={() => void loadPeers()} />}
      {peers === null ? (
        error ? null : <p>Loading…</p>
      ) : peers.kind === 'unavailable' ? (
        <p data-testid="peers-standalone">{STANDALONE_PEERS}</p>
      ) : peers.list.length === 0 ? (
        <Empty>No peers yet: the node cannot hear the network without them.</Empty>
      ) : (
        <ul data-testid="peers">
          {peers.list.map((p) => (
            <li key={p.id} className="mono">
              {p.id} {p.address}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
