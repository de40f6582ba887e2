/**
 * The node's sync state in words, from what the node reports: the connection, the peer list (or that the preset
 * has no peer-to-peer network at all) and the layer clock. The node does not report a sync height yet, so this
 * never claims more than those facts show. Pure.
 * @module
 */
import type { PeerInfo } from '../../../core/api/contract.js';

export type Connection = 'connecting' | 'connected' | 'unreachable';

/** The peer list, or why there is none: `unavailable` where the preset has no peer-to-peer network. */
export type Peers = { readonly kind: 'list'; readonly list: readonly PeerInfo[] } | { readonly kind: 'unavailable'; readonly message: string };

export interface SyncState {
  readonly kind: 'standalone' | 'synced' | 'no_peers' | 'unknown';
  readonly label: string;
  readonly detail: string;
}

export const STANDALONE_PEERS = 'This network preset has no peer-to-peer network (standalone): the node makes every layer itself, so there are no peers.';

export function syncState(connection: Connection, peers: Peers | null): SyncState {
  if (connection !== 'connected') return { kind: 'unknown', label: 'unknown', detail: 'The node is not connected, so its sync state is unknown.' };
  if (peers === null) return { kind: 'unknown', label: 'checking…', detail: 'Asking the node for its peers.' };
  if (peers.kind === 'unavailable') return { kind: 'standalone', label: 'in step (standalone)', detail: 'A standalone network has nothing to sync from: the node follows its own layer clock.' };
  if (peers.list.length === 0) return { kind: 'no_peers', label: 'waiting for peers', detail: 'The node cannot sync or hear new layers without peers. Check the network connection and firewall.' };
  return { kind: 'synced', label: `following ${peers.list.length} peer(s)`, detail: 'The node hears layers from its peers.' };
}
