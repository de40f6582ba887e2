/**
 * The node on a network of many: starts the p2p host for the network directory (its persistent peer key, the
 * network id from the GenesisID, listen addresses, bootnodes, watermarks), serves this node's data to peers
 * (core/node/peerData.ts), and routes each gossip topic to its handler with fetch-before-validate
 * (core/node/foreignData.ts). The node's own messages go out through the same handlers: `host.publish` judges them
 * locally first. A network of one (standalone) never starts any of this. I/O.
 * @module
 */
import type { Executor } from '../db/index.js';
import { Fetcher, serveFetch } from '../fetch/index.js';
import type { Preset } from '../params/types.js';
import { BEACON_TOPICS, type GossipHandler, type P2PHost, type TestGate, TOPIC_ATX, TOPIC_BLOCK_CERTIFY, TOPIC_HARE, TOPIC_MALFEASANCE, TOPIC_PROPOSAL, TOPIC_TX, createP2PHost, createTestGate, watchTestGateFile } from '../p2p/index.js';
import { effectiveGenesisLayer } from '../types/layers.js';
import type { Logger } from '../util/logger.js';
import { CodedError } from '../util/errors.js';
import { type Verdict, ignore } from '../util/verdict.js';
import { ForeignData } from './foreignData.js';
import { blobVerifiers, servedData } from './peerData.js';

/** Where and how the node meets peers; every field defaults from the preset (a network file fills it). */
export interface PeeringOptions {
  /** Multiaddrs to listen on (default: all interfaces, the preset's port). */
  readonly listen?: readonly string[];
  /** Replaces the preset's bootnodes. */
  readonly bootnodes?: readonly string[];
  /** False turns mDNS off whatever the network file says. */
  readonly mdns?: boolean;
  /** Test-only connection gate (partitions). */
  readonly testGate?: TestGate;
  /**
   * Test only: a JSON file the gate follows while the node runs (`SMESHER_TEST_GATE`, core/p2p/testGateFile.ts), so
   * a multi-process test can partition and heal a network. Applies to `testGate` when both are given.
   */
  readonly testGateFile?: string;
}

export interface Peering {
  readonly host: P2PHost;
  readonly fetcher: Fetcher;
  readonly foreign: ForeignData;
  stop(): Promise<void>;
}

/** The handlers gossip reaches: the node's own, the same ones its API and loops use. */
export interface GossipRoutes {
  readonly atx: (bytes: Uint8Array) => Verdict<unknown>;
  readonly tx: (raw: Uint8Array) => Promise<Verdict<unknown>>;
  /** Absent while consensus is not running (its topics are then not subscribed). */
  readonly proposal?: (bytes: Uint8Array) => Verdict<unknown>;
  readonly hare?: (bytes: Uint8Array) => Verdict<unknown>;
  /** Reference ballots fetched on their own; absent while consensus is not running. */
  readonly ballot?: (bytes: Uint8Array) => Verdict<unknown>;
  /** Base ballots fetched for a ballot's votes (validated and counted, not stored); absent without consensus. */
  readonly baseBallot?: (bytes: Uint8Array) => Verdict<unknown>;
  /** Whether the tortoise holds a ballot (a base ballot then needs no fetch). */
  readonly knowsBallot?: (id: Uint8Array) => boolean;
  /** Beacon protocol messages by kind (`bp1`, `bf1`, `bo1`, `bw1`); absent while the beacon is the genesis rule. */
  readonly beacon?: (kind: 'proposal' | 'firstVotes' | 'followingVotes' | 'weakCoin', bytes: Uint8Array) => Verdict<unknown>;
  /** Block certify messages (`bc1`); absent while consensus is not running. */
  readonly certify?: (bytes: Uint8Array) => Verdict<unknown>;
  /** Malfeasance proofs (`mp1`, go's `MalfeasanceGossip`). */
  readonly malfeasance: (bytes: Uint8Array) => Verdict<unknown>;
  /** Why a peer's gossip on a topic is not judged now (the node is behind, core/node/sync.ts), or null. */
  readonly gate?: (topic: string) => CodedError | null;
}

/**
 * Starts the host and serves data; gossip is routed once the handlers exist ({@link routeGossip}).
 * @throws {P2PError} for a bad listen address or key file; the host is stopped then
 */
export async function startPeering(o: {
  readonly preset: Preset;
  readonly networkDir: string;
  readonly genesisId: Uint8Array;
  readonly goldenAtxId: Uint8Array;
  readonly state: Executor;
  readonly options: PeeringOptions;
  readonly logger: Logger;
  readonly routes: () => GossipRoutes;
}): Promise<Peering> {
  const { preset } = o;
  const gateFile = o.options.testGateFile;
  const testGate = gateFile === undefined ? o.options.testGate : (o.options.testGate ?? createTestGate());
  // Read before the host starts, so a node started inside a partition never dials across it.
  const gateWatch = gateFile === undefined || testGate === undefined ? undefined : watchTestGateFile({ path: gateFile, gate: testGate, logger: o.logger });
  let host: P2PHost;
  try {
    host = await createP2PHost({
      networkDir: o.networkDir,
      genesisId: o.genesisId,
      effectiveGenesisLayer: effectiveGenesisLayer(preset.layersPerEpoch),
      listen: o.options.listen ?? [`/ip4/0.0.0.0/tcp/${preset.p2p.listenPort}`],
      bootnodes: o.options.bootnodes ?? preset.p2p.bootnodes,
      mdns: o.options.mdns ?? preset.p2p.mdns,
      lowPeers: preset.p2p.lowPeers,
      highPeers: preset.p2p.highPeers,
      logger: o.logger,
      ...(testGate === undefined ? {} : { testGate }),
    });
  } catch (err) {
    gateWatch?.stop();
    throw err;
  }
  const stop = async (): Promise<void> => {
    gateWatch?.stop();
    await host.stop();
  };
  try {
    await serveFetch(host, servedData(o.state, preset.layersPerEpoch));
    const fetcher = new Fetcher({ host, verifiers: blobVerifiers(), logger: o.logger });
    const foreign = new ForeignData({
      state: o.state,
      fetcher,
      goldenAtxId: o.goldenAtxId,
      submitAtx: (bytes) => o.routes().atx(bytes),
      submitTx: (raw) => o.routes().tx(raw),
      submitBallot: (bytes) => o.routes().ballot?.(bytes) ?? ignore(new CodedError('NO_CONSENSUS', 'this node runs no consensus: ballots cannot be judged')),
      submitBaseBallot: (bytes) => o.routes().baseBallot?.(bytes) ?? ignore(new CodedError('NO_CONSENSUS', 'this node runs no consensus: ballots cannot be judged')),
      knowsBallot: (id) => o.routes().knowsBallot?.(id) ?? true,
      logger: o.logger,
    });
    return { host, fetcher, foreign, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * Subscribes the gossip topics. A message from a peer first has its missing references fetched; the node's own
 * messages (sender = this host) refer only to what it has, and go straight to the handler.
 */
export function routeGossip(peering: Peering, routes: GossipRoutes): void {
  const { foreign } = peering;
  const own = (peer: string): boolean => peer === peering.host.peerId;
  // Gated before anything is fetched for the message: a node that is behind ignores what it cannot judge yet.
  const host = {
    subscribe(topic: string, handler: GossipHandler): void {
      peering.host.subscribe(topic, (peer, data) => {
        const closed = own(peer) ? null : (routes.gate?.(topic) ?? null);
        return closed === null ? handler(peer, data) : ignore(closed);
      });
    },
  };
  host.subscribe(TOPIC_ATX, async (peer, data) => {
    if (!own(peer)) await foreign.beforeAtx(data);
    return routes.atx(data);
  });
  host.subscribe(TOPIC_TX, (_peer, data) => routes.tx(data));
  host.subscribe(TOPIC_MALFEASANCE, (_peer, data) => routes.malfeasance(data));
  const { proposal, hare } = routes;
  if (proposal !== undefined) {
    host.subscribe(TOPIC_PROPOSAL, async (peer, data) => {
      if (!own(peer)) await foreign.beforeProposal(data);
      return proposal(data);
    });
  }
  if (hare !== undefined) host.subscribe(TOPIC_HARE, (_peer, data) => hare(data));
  const { certify } = routes;
  if (certify !== undefined) host.subscribe(TOPIC_BLOCK_CERTIFY, (_peer, data) => certify(data));
  const { beacon } = routes;
  if (beacon !== undefined) {
    for (const [kind, topic] of Object.entries(BEACON_TOPICS) as Array<[keyof typeof BEACON_TOPICS, string]>) host.subscribe(topic, (_peer, data) => beacon(kind, data));
  }
}
