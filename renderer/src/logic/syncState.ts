/**
 * The node's sync state in words, from what the node reports: the connection, its peer-to-peer facts (the peer
 * count and minimum from `node.status.p2p`, null where the preset has no peer-to-peer network; the peer list stands
 * in where a status predates them), and how far the mesh has applied layers against the layer clock. It never
 * claims more than those facts show. Pure.
 * @module
 */
import type { MeshProgress, P2pStatus, PeerInfo } from '../../../core/api/contract/contract.js';

export type Connection = 'connecting' | 'connected' | 'unreachable';

/** The peer list, or why there is none: `unavailable` where the preset has no peer-to-peer network. */
export type Peers = { readonly kind: 'list'; readonly list: readonly PeerInfo[] } | { readonly kind: 'unavailable'; readonly message: string };

/** The layer clock, the mesh and the peer-to-peer facts, from `node.status`. */
export interface MeshFacts {
  readonly currentLayer: number;
  /** Null: the node runs no consensus for this preset. */
  readonly mesh: MeshProgress | null;
  /** Null: standalone (no peer-to-peer network). Left out: not known from the status; the peer list decides. */
  readonly p2p?: P2pStatus | null;
}

export interface SyncState {
  readonly kind: 'standalone' | 'synced' | 'few_peers' | 'behind' | 'no_peers' | 'no_mesh' | 'unknown';
  readonly label: string;
  readonly detail: string;
}

export const STANDALONE_PEERS = 'This network preset has no peer-to-peer network (standalone): the node makes every layer itself, so there are no peers.';

export function syncState(connection: Connection, peers: Peers | null, facts: MeshFacts | null): SyncState {
  if (connection !== 'connected') return { kind: 'unknown', label: 'unknown', detail: 'The node is not connected, so its sync state is unknown.' };
  // The status's p2p facts answer "standalone?" and "how many peers?" on their own; without them, the list must.
  const p2p = facts?.p2p;
  if (facts === null || (p2p === undefined && peers === null)) return { kind: 'unknown', label: 'checking…', detail: 'Asking the node for its peers and layers.' };
  if (facts.mesh === null) {
    return {
      kind: 'no_mesh',
      label: 'not following layers',
      detail: "This preset's consensus needs the beacon protocol, which this node does not have yet: it keeps the layer clock but applies no layers.",
    };
  }
  const standalone = p2p === undefined ? peers?.kind === 'unavailable' : p2p === null;
  const count = p2p ? p2p.peers : peers?.kind === 'list' ? peers.list.length : 0;
  if (!standalone && count === 0) {
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
  if (standalone) return { kind: 'standalone', label: 'in step (standalone)', detail: `${position} A standalone network makes every layer itself.` };
  if (p2p && !p2p.connected) {
    return {
      kind: 'few_peers',
      label: `in step, ${count} of ${p2p.minPeers} peers`,
      detail: `${position} The node hears layers from ${count} peer(s), fewer than the ${p2p.minPeers} this network wants for smeshing: its proposals and ATXs may not spread.`,
    };
  }
  return { kind: 'synced', label: `in step, ${count} peer(s)`, detail: `${position} The node hears layers from its peers.` };
}
