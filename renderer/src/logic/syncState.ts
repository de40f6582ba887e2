/**
 * The node's sync state in words, from what the node reports: the connection, the peer list (or that the preset
 * has no peer-to-peer network at all), and how far the mesh has applied layers against the layer clock. It never
 * claims more than those facts show. Pure.
 * @module
 */
import type { MeshProgress, PeerInfo } from '../../../core/api/contract/contract.js';

export type Connection = 'connecting' | 'connected' | 'unreachable';

/** The peer list, or why there is none: `unavailable` where the preset has no peer-to-peer network. */
export type Peers = { readonly kind: 'list'; readonly list: readonly PeerInfo[] } | { readonly kind: 'unavailable'; readonly message: string };

/** The layer clock and the mesh, from `node.status` (`mesh` null: the node runs no consensus for this preset). */
export interface MeshFacts {
  readonly currentLayer: number;
  readonly mesh: MeshProgress | null;
}

export interface SyncState {
  readonly kind: 'standalone' | 'synced' | 'behind' | 'no_peers' | 'no_mesh' | 'unknown';
  readonly label: string;
  readonly detail: string;
}

export const STANDALONE_PEERS = 'This network preset has no peer-to-peer network (standalone): the node makes every layer itself, so there are no peers.';

export function syncState(connection: Connection, peers: Peers | null, facts: MeshFacts | null): SyncState {
  if (connection !== 'connected') return { kind: 'unknown', label: 'unknown', detail: 'The node is not connected, so its sync state is unknown.' };
  if (peers === null || facts === null) return { kind: 'unknown', label: 'checking…', detail: 'Asking the node for its peers and layers.' };
  if (facts.mesh === null) {
    return {
      kind: 'no_mesh',
      label: 'not following layers',
      detail: "This preset's consensus needs the beacon protocol, which this node does not have yet: it keeps the layer clock but applies no layers.",
    };
  }
  if (peers.kind === 'list' && peers.list.length === 0) {
    return { kind: 'no_peers', label: 'waiting for peers', detail: 'The node cannot sync or hear new layers without peers. Check the network connection and firewall.' };
  }
  const { appliedLayer, inStep, outOfSyncLayers } = facts.mesh;
  const behind = facts.currentLayer - appliedLayer;
  // Applied ahead of the clock happens only in the genesis layers, which count as applied from the start.
  const position =
    behind < 0
      ? `The clock is at layer ${facts.currentLayer}, inside the genesis layers (up to ${appliedLayer}): nothing to apply yet.`
      : `Applied layer ${appliedLayer}; the clock is at layer ${facts.currentLayer}.`;
  if (!inStep) {
    return {
      kind: 'behind',
      label: `${behind} layers behind`,
      detail: `${position} The node is out of step past ${outOfSyncLayers} layers; it catches up as those layers are decided and applied.`,
    };
  }
  if (peers.kind === 'unavailable') return { kind: 'standalone', label: 'in step (standalone)', detail: `${position} A standalone network makes every layer itself.` };
  return { kind: 'synced', label: `in step, ${peers.list.length} peer(s)`, detail: `${position} The node hears layers from its peers.` };
}
