/**
 * The connection gate: which peers this host refuses to dial or accept. Two sources: peers banned for their
 * score (`scoring.ts`), and a test-only deny list that lets multi-node tests partition a network (deny some
 * peer ids, or everyone). Both are checked after the Noise handshake, when the remote's peer id is known, and
 * before any dial. Loopback and private addresses are allowed: go's default `ip4-blocklist` would make a devnet
 * on one machine or a LAN impossible. Pure.
 * @module
 */
import type { ConnectionGater, PeerId } from '@libp2p/interface';
import type { PeerScoring } from './scoring.js';

/** Test-only partitioning: deny these peer ids, or all peers. */
export interface TestGate {
  /** Refuse every peer (a node cut off from the network). */
  denyAll: boolean;
  /** Refuse these peer ids. */
  readonly denied: Set<string>;
}

export function createTestGate(): TestGate {
  return { denyAll: false, denied: new Set() };
}

/** Why `peerId` is refused, or `undefined` when it is not. */
export function refusal(peerId: string, scoring: PeerScoring, test: TestGate | undefined): string | undefined {
  if (scoring.isBanned(peerId)) return 'banned for a low score';
  if (test !== undefined && (test.denyAll || test.denied.has(peerId))) return 'denied by the test gate';
  return undefined;
}

export function connectionGater(scoring: PeerScoring, test: TestGate | undefined): ConnectionGater {
  const deny = (peer: PeerId): boolean => refusal(peer.toString(), scoring, test) !== undefined;
  return {
    denyDialPeer: deny,
    denyInboundEncryptedConnection: deny,
    denyOutboundEncryptedConnection: deny,
    // Allow every address, loopback and private ranges included.
    denyDialMultiaddr: () => false,
  };
}
