/**
 * The peer table's words and order, from `network.peers` and `node.status.p2p`: short peer ids (libp2p ids all
 * start alike, so the tail is what tells them apart), latency and score in words, a negative score flagged, the
 * rows in a steady order that does not jump on every refresh, and the "N peers (minimum M to smesh)" line. Pure.
 * @module
 */
import type { P2pStatus, PeerInfo } from '../../../core/api/contract/contract.js';

/** How often the Node screen asks for the peer list again while it is open. */
export const PEERS_REFRESH_MS = 10_000;

/** What a negative score means, said once under the table. */
export const NEGATIVE_SCORE_NOTE =
  'A negative score means the peer sent invalid or unwanted messages: this node trusts its gossip less, and far below zero it disconnects and bans the peer.';

/**
 * `12D3KooWAbc…xyz` → `12D3…yz1234`: ed25519 peer ids all begin `12D3KooW`, so the head is kept short and the
 * tail carries the difference. Ids short enough to read whole stay whole.
 */
export function shortPeerId(id: string): string {
  return id.length <= 16 ? id : `${id.slice(0, 4)}…${id.slice(-6)}`;
}

/** `12.4` → `"12 ms"`, below 1 ms `"<1 ms"`; null (no ping answered yet) → `"—"`. */
export function formatLatency(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '—';
  if (ms < 1) return '<1 ms';
  return `${Math.round(ms)} ms`;
}

/** A gossipsub score to one decimal at most, with a real minus sign; -0 reads as 0. */
export function formatScore(score: number): string {
  if (!Number.isFinite(score)) return String(score);
  const rounded = Math.round(score * 10) / 10;
  if (rounded === 0) return '0';
  const text = Math.abs(rounded).toLocaleString('en-US', { maximumFractionDigits: 1 });
  return rounded < 0 ? `−${text}` : text;
}

/** A score the user should look at: the peer sent something this node judged bad. */
export function isWarningScore(score: number): boolean {
  return score < 0;
}

const DIRECTION_WORDS: Record<PeerInfo['direction'], string> = { outbound: 'outbound (dialled)', inbound: 'inbound' };

export function formatDirection(direction: PeerInfo['direction']): string {
  return DIRECTION_WORDS[direction];
}

/**
 * The rows in a steady order: peers with a negative score first (they want attention), then the ones this node
 * dialled (its bootnodes and chosen peers), then those that dialled in, each group by peer id. Latency and score
 * change on every ping, so ordering by them would move rows under the reader's eyes on each refresh.
 */
export function sortPeers(list: readonly PeerInfo[]): PeerInfo[] {
  const rank = (p: PeerInfo) => (isWarningScore(p.score) ? 0 : p.direction === 'outbound' ? 1 : 2);
  return [...list].sort((a, b) => rank(a) - rank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The caption: how the rows are ordered, so the order is no puzzle. */
export const PEERS_CAPTION = 'Connected peers: any with a negative score first, then those this node dialled, then those that dialled in.';

export interface PeerCount {
  /** `3 peers (minimum 5 to smesh)`. */
  readonly text: string;
  /** Whether the node has the preset's minimum, as the node says (`p2p.connected`). */
  readonly enough: boolean;
  /** What that means for smeshing, in a sentence. */
  readonly verdict: string;
}

/** The line above the table from `node.status.p2p`. */
export function peerCount(p2p: P2pStatus): PeerCount {
  const text = `${p2p.peers} ${p2p.peers === 1 ? 'peer' : 'peers'} (minimum ${p2p.minPeers} to smesh)`;
  if (p2p.connected) return { text, enough: true, verdict: 'Connected enough to smesh.' };
  return {
    text,
    enough: false,
    verdict:
      p2p.peers === 0
        ? 'Not connected: without peers the node hears no layers and its proposals and ATXs reach no one. Check the network connection, the firewall and the bootnodes.'
        : `Too few peers to smesh reliably: the node may miss layers, and its proposals may not spread. It needs ${p2p.minPeers - p2p.peers} more.`,
  };
}
