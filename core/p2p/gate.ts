/**
 * The connection gate: which peers this host refuses to dial or accept. Two sources: peers banned for their
 * score (`scoring.ts`), and a test-only deny list that lets multi-node tests partition a network (deny some
 * peer ids, or everyone). Both are checked after the Noise handshake, when the remote's peer id is known, and
 * before any dial; a connection already open to a peer the test gate comes to deny is closed by the host's
 * maintenance tick (host.ts). Loopback and private addresses are allowed: go's default `ip4-blocklist` would make a
 * devnet on one machine or a LAN impossible. The test gate of a `smesher node` process is set from a JSON file
 * (`SMESHER_TEST_GATE`, testGateFile.ts; docs/cli.md §5): {@link parseTestGateSpec} reads its text. Pure.
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

/** What a test gate file says: `{"denyAll": bool, "denied": [peer id, ...]}`, both optional. */
export interface TestGateSpec {
  readonly denyAll: boolean;
  readonly denied: readonly string[];
}

/** The open gate: what a missing or empty test gate file means. */
export const OPEN_TEST_GATE: TestGateSpec = { denyAll: false, denied: [] };

/**
 * Reads a test gate file's text. Empty text (a file being written, or emptied) is the open gate.
 * @throws {TypeError} when the text is not JSON of that shape
 */
export function parseTestGateSpec(text: string): TestGateSpec {
  if (text.trim() === '') return OPEN_TEST_GATE;
  const value = JSON.parse(text) as unknown;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError('test gate: expected a JSON object {"denyAll": bool, "denied": [peer ids]}');
  const { denyAll = false, denied = [] } = value as { denyAll?: unknown; denied?: unknown };
  if (typeof denyAll !== 'boolean') throw new TypeError('test gate: "denyAll" must be true or false');
  if (!Array.isArray(denied) || !denied.every((d): d is string => typeof d === 'string')) throw new TypeError('test gate: "denied" must be an array of peer id strings');
  return { denyAll, denied };
}

/**
 * Makes `gate` say what `spec` says.
 * @returns whether anything changed
 */
export function applyTestGateSpec(gate: TestGate, spec: TestGateSpec): boolean {
  const next = new Set(spec.denied);
  const changed = gate.denyAll !== spec.denyAll || next.size !== gate.denied.size || [...next].some((p) => !gate.denied.has(p));
  gate.denyAll = spec.denyAll;
  gate.denied.clear();
  for (const p of next) gate.denied.add(p);
  return changed;
}

/** True when the test gate alone refuses `peerId` (whatever its score). */
export function testGateDenies(test: TestGate | undefined, peerId: string): boolean {
  return test !== undefined && (test.denyAll || test.denied.has(peerId));
}

/** Why `peerId` is refused, or `undefined` when it is not. */
export function refusal(peerId: string, scoring: PeerScoring, test: TestGate | undefined): string | undefined {
  if (scoring.isBanned(peerId)) return 'banned for a low score';
  if (testGateDenies(test, peerId)) return 'denied by the test gate';
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
