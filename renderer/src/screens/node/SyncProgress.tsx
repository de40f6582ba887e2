/**
 * Catching up with the network (docs/protocol/sync.md §2), on the Node screen: while the node is behind, a progress
 * bar of the layers it applied out of the layer the network reached, its rate and the ETA from `node.status.sync`,
 * and that it smeshes only once caught up. Nothing while synced or on a network of one.
 * @module
 */
import { formatDuration } from '../../logic/time.js';
import { useNode } from '../../state/nodeStore.js';

export function SyncProgress() {
  const sync = useNode((s) => s.status?.sync ?? null);
  if (sync === null || sync.state === 'synced') return null;
  if (sync.state === 'notSynced') {
    return (
      <p role="status" className="note" data-testid="sync-progress" data-sync-state="notSynced">
        Behind the network (layer {sync.layer} of {sync.peersLayer}) with no peer to catch up from. Smeshing waits until the node has caught up.
      </p>
    );
  }
  const pct = sync.peersLayer > 0 ? Math.min(100, Math.floor((sync.layer * 100) / sync.peersLayer)) : 0;
  return (
    <div role="status" className="note" data-testid="sync-progress" data-sync-state="syncing">
      <p>
        Catching up with the network: layer {sync.layer} of {sync.peersLayer}
        {sync.layersPerSecond === null ? '' : `, ${sync.layersPerSecond.toFixed(1)} layers/s`}
        {sync.etaSeconds === null ? '' : `, about ${formatDuration(sync.etaSeconds)} left`}. Smeshing publishes no ATX or ballot until then.
      </p>
      <progress max={100} value={pct} aria-label="Sync progress" />
    </div>
  );
}
