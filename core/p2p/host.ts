/**
 * The libp2p host of a Smesher node (`docs/protocol/p2p.md`; go-spacemesh `p2p/host.go`): TCP, Noise with the
 * network prologue, yamux, identify, ping and gossipsub with go's parameters; the network cookie before Noise;
 * a persistent peer key; static bootnodes re-dialled with backoff; mDNS only when asked; low/high connection
 * watermarks; score-based disconnection and bans; the request/response server and client.
 *
 * Gossip handlers and request handlers never see libp2p: a gossip handler is `(peer, bytes) => Verdict`, whose
 * kind becomes gossipsub's accept / ignore / reject (reject lowers the sender's score); a request handler is
 * `(peer, bytes) => bytes`. The node's own messages take the same path: `publish` runs the topic's handler
 * first and sends nothing when it rejects.
 *
 * libp2p is loaded with dynamic `import()` after `polyfill.ts` has run: static imports of other modules in the
 * graph could otherwise evaluate libp2p before the polyfill, and Node 20 lacks `Promise.withResolvers`.
 * Logs the events `p2p_listening`, `peer_connected` and `peer_disconnected` (docs/cli.md §2). I/O.
 * @module
 */
import './polyfill.js';
import type { GossipSub } from '@libp2p/gossipsub';
import type { Identify } from '@libp2p/identify';
import type { Connection, PeerId, Stream } from '@libp2p/interface';
import type { Ping } from '@libp2p/ping';
import type { Multiaddr } from '@multiformats/multiaddr';
import type { Libp2p } from 'libp2p';
import { bytesToHex, utf8 } from '../util/bytes.js';
import { CodedError, errorMessage } from '../util/errors.js';
import { type Logger, nullLogger } from '../util/logger.js';
import type { Verdict } from '../util/verdict.js';
import { type RequestOptions, sendRequest } from './client.js';
import { cookieProtector } from './cookieProtector.js';
import { P2PError } from './errors.js';
import { connectionGater, refusal, type TestGate, testGateDenies } from './gate.js';
import { GRAYLIST_SCORE_THRESHOLD, gossipsubOptions, messageId } from './gossipConfig.js';
import { networkId } from './network.js';
import { loadOrCreatePeerKey } from './peerKey.js';
import { DEFAULT_BAN_MS, PeerScoring } from './scoring.js';
import { type RequestHandler, type ServeOptions, serve } from './server.js';
import { MAX_GOSSIP_MESSAGE_BYTES, isGossipTopic } from './topics.js';

/** go's default listen address. */
export const DEFAULT_LISTEN = '/ip4/0.0.0.0/tcp/7513';
/** go's connection manager watermarks. */
export const DEFAULT_LOW_PEERS = 40;
export const DEFAULT_HIGH_PEERS = 100;

export interface P2PHostOptions {
  /** The network's folder (`<data-dir>/<preset>-<genesisId8>`): holds `p2p.key`. */
  readonly networkDir: string;
  readonly genesisId: Uint8Array;
  readonly effectiveGenesisLayer: number;
  /** Multiaddrs to listen on (default `/ip4/0.0.0.0/tcp/7513`). */
  readonly listen?: readonly string[];
  /** Multiaddrs with `/p2p/<id>`, dialled at start and re-dialled with backoff whenever not connected. */
  readonly bootnodes?: readonly string[];
  /** LAN discovery by mDNS (default off; never in tests). */
  readonly mdns?: boolean;
  /** Below this many connections the host dials peers it has heard of (default 40). */
  readonly lowPeers?: number;
  /** Above this many it closes the lowest-scored down to `lowPeers` (default 100). */
  readonly highPeers?: number;
  /** go gives bootnodes a bonus score; a bootnode itself gives none. */
  readonly isBootnode?: boolean;
  /** libp2p's inbound connections per second per host (default 100: a devnet on 127.0.0.1 is one host). */
  readonly inboundConnectionThreshold?: number;
  /** How long a peer disconnected for its score stays refused (default 30 min). */
  readonly banMs?: number;
  /** Bootnode re-dial backoff: first delay and cap (default 1 s, 60 s). */
  readonly redialMs?: { readonly initial: number; readonly max: number };
  /** Test-only: refuse some peers or all (network partitions in tests). */
  readonly testGate?: TestGate;
  readonly logger?: Logger;
}

/** Decides about one gossip message. `peer` is the sender (this node's own id for its own messages). */
export type GossipHandler = (peer: string, data: Uint8Array) => Verdict<unknown> | Promise<Verdict<unknown>>;

export interface PublishResult {
  /** hex(blake3(topic || data)). */
  readonly messageId: string;
  /** What this node's own handler said (accept or ignore; a reject throws). */
  readonly verdict: 'accept' | 'ignore';
  /** Peers the message was sent to (0 for a lone node). */
  readonly recipients: number;
}

export interface PeerInfo {
  readonly peerId: string;
  /** The remote multiaddr of the first open connection. */
  readonly address: string;
  readonly direction: 'inbound' | 'outbound';
  /** The last ping round trip, or null before the first ping answered. */
  readonly latencyMs: number | null;
  /** gossipsub's score (including the bootnode bonus and this host's penalties). */
  readonly score: number;
}

export interface P2PHost {
  readonly peerId: string;
  /** The network id (`hex(GenesisID)-effectiveGenesisLayer`): the Noise prologue and the cookie. */
  readonly networkId: string;
  /** Listening addresses with `/p2p/<id>`. */
  addrs(): string[];
  /** Registers the handler of `topic` and subscribes. One handler per topic. */
  subscribe(topic: string, handler: GossipHandler): void;
  /**
   * Runs the topic's own handler on `data`, then gossips it.
   * @throws {P2PError} BAD_TOPIC (no handler), TOO_LARGE (over 2 MiB), OWN_MESSAGE_REJECTED (nothing sent)
   */
  publish(topic: string, data: Uint8Array): Promise<PublishResult>;
  /** Serves `protocol` with `handler` (request/response, go's framing). */
  serve(protocol: string, handler: RequestHandler, options?: ServeOptions): Promise<void>;
  /** One request to one connected peer. @throws {P2PError} see `client.ts` */
  request(peer: string, protocol: string, request: Uint8Array, options?: RequestOptions): Promise<Uint8Array>;
  /**
   * Asks connected peers in random order until one answers and `accept` (default: any answer) takes it.
   * @throws {P2PError} NO_PEERS when no peer could be asked, else the last peer's error
   */
  requestAny(protocol: string, request: Uint8Array, options?: RequestAnyOptions): Promise<{ peer: string; data: Uint8Array }>;
  /** Ids of connected peers. */
  connectedPeers(): string[];
  peers(): PeerInfo[];
  /** gossipsub's score of `peer` (0 when unknown). */
  score(peer: string): number;
  /** Lowers `peer`'s score; a peer below the graylist threshold is disconnected and banned. */
  penalize(peer: string, amount: number, reason: string): void;
  dial(addr: string): Promise<string>;
  hangUp(peer: string, reason: string): Promise<void>;
  stop(): Promise<void>;
}

export interface RequestAnyOptions extends RequestOptions {
  /** Peers to ask (default: every connected peer), tried in random order. */
  readonly peers?: readonly string[];
  /** Most peers to ask (default 3). */
  readonly attempts?: number;
  /** Checks an answer; return false (or throw) to try the next peer. */
  readonly accept?: (peer: string, data: Uint8Array) => boolean;
}

type Services = { identify: Identify; ping: Ping; pubsub: GossipSub };
type GossipSubWithScore = GossipSub & { getScore(peerId: string): number };

interface Candidate {
  readonly addr: Multiaddr;
  readonly peerId: string;
  readonly bootnode: boolean;
  next: number;
  backoff: number;
  dialling: boolean;
}

const MAINTAIN_INTERVAL_MS = 1_000;
const PING_INTERVAL_MS = 15_000;

/** Creates and starts a host. */
export async function createP2PHost(options: P2PHostOptions): Promise<P2PHost> {
  const logger = (options.logger ?? nullLogger).child({ module: 'p2p' });
  const [{ createLibp2p }, { tcp }, { noise }, { yamux }, { identify }, { ping }, { gossipsub }, { multiaddr }, { peerIdFromString }] = await Promise.all([
    import('libp2p'),
    import('@libp2p/tcp'),
    import('@libp2p/noise'),
    import('@libp2p/yamux'),
    import('@libp2p/identify'),
    import('@libp2p/ping'),
    import('@libp2p/gossipsub'),
    import('@multiformats/multiaddr'),
    import('@libp2p/peer-id'),
  ]);
  const { TopicValidatorResult } = await import('@libp2p/gossipsub');

  const network = networkId(options.genesisId, options.effectiveGenesisLayer);
  const lowPeers = options.lowPeers ?? DEFAULT_LOW_PEERS;
  const highPeers = options.highPeers ?? DEFAULT_HIGH_PEERS;
  if (!(Number.isInteger(lowPeers) && Number.isInteger(highPeers) && lowPeers >= 0 && highPeers >= lowPeers && highPeers > 0)) {
    throw new P2PError('BAD_CONFIG', `peer watermarks must satisfy 0 <= low <= high, high > 0 (got ${lowPeers}/${highPeers})`);
  }
  const banMs = options.banMs ?? DEFAULT_BAN_MS;
  const redial = options.redialMs ?? { initial: 1_000, max: 60_000 };
  const parseAddr = (text: string, what: string): Multiaddr => {
    try {
      return multiaddr(text);
    } catch (err) {
      throw new P2PError('BAD_CONFIG', `${what} ${text} is not a multiaddr: ${errorMessage(err)}`);
    }
  };
  const listen = (options.listen ?? [DEFAULT_LISTEN]).map((a) => parseAddr(a, 'listen address').toString());
  const bootnodes = (options.bootnodes ?? []).map((text) => {
    const addr = parseAddr(text, 'bootnode');
    const peerId = addr.getComponents().findLast((c) => c.name === 'p2p')?.value;
    if (peerId === undefined) throw new P2PError('BAD_CONFIG', `bootnode ${text} has no /p2p/<peer id>`);
    return { addr, peerId };
  });

  const key = await loadOrCreatePeerKey(options.networkDir);
  const scoring = new PeerScoring({ isBootnode: options.isBootnode ?? false });
  for (const b of bootnodes) scoring.addBootnode(b.peerId);

  const peerDiscovery = [];
  if (options.mdns === true) {
    const { mdns } = await import('@libp2p/mdns');
    peerDiscovery.push(mdns());
  }

  const node: Libp2p<Services> = await createLibp2p({
    privateKey: key.privateKey,
    start: false,
    addresses: { listen },
    transports: [tcp()],
    connectionEncrypters: [noise({ prologueBytes: utf8(network) })],
    streamMuxers: [yamux()],
    connectionProtector: () =>
      cookieProtector({
        cookie: utf8(network),
        onMismatch: (m) => logger.warn('peer refused: wrong network', { event: 'peer_disconnected', peerId: m.peerId, remoteAddr: m.remoteAddr, direction: m.direction, reason: m.reason }),
      }),
    connectionGater: connectionGater(scoring, options.testGate),
    // This host pings every peer itself (latency for `peers()`). libp2p's connection monitor would ping on the same
    // protocol, whose per-connection stream limits (one outbound, two inbound) the two pingers then overrun now and
    // then, and the monitor aborts the whole connection when its ping fails that way: on a loaded machine a devnet
    // lost all of a node's peers at once. A peer that goes away closes its TCP connection.
    connectionMonitor: { enabled: false },
    connectionManager: {
      // The hard cap sits above the high watermark; `maintain` trims to the low one first, as go's manager does.
      maxConnections: highPeers + 20,
      inboundConnectionThreshold: options.inboundConnectionThreshold ?? 100,
    },
    peerDiscovery,
    services: {
      identify: identify(),
      ping: ping(),
      pubsub: gossipsub(gossipsubOptions({ appScore: (p) => scoring.appScore(p) })),
    },
  });
  const pubsub = node.services.pubsub as GossipSubWithScore;
  const selfId = node.peerId.toString();

  const handlers = new Map<string, GossipHandler>();
  const latencies = new Map<string, number>();
  const lastPing = new Map<string, number>();
  /** Why this host is closing a peer's connections, for the `peer_disconnected` line. */
  const closing = new Map<string, string>();
  const candidates = new Map<string, Candidate>();
  let stopped = false;

  for (const b of bootnodes) candidates.set(b.peerId, { addr: b.addr, peerId: b.peerId, bootnode: true, next: 0, backoff: redial.initial, dialling: false });

  const isConnected = (peer: string): boolean => node.getConnections(peerIdFromString(peer)).length > 0;
  const scoreOf = (peer: string): number => {
    try {
      return pubsub.getScore(peer);
    } catch {
      return 0;
    }
  };

  const hangUp = async (peer: string, reason: string): Promise<void> => {
    if (!isConnected(peer)) return;
    closing.set(peer, reason);
    try {
      await node.hangUp(peerIdFromString(peer));
    } catch (err) {
      logger.debug('hang up failed', { peerId: peer, error: err });
    }
  };

  /** Disconnects and bans a peer whose score has fallen below the graylist threshold. */
  const enforce = (peer: string): void => {
    if (peer === selfId || scoring.isBanned(peer)) return;
    const score = scoreOf(peer);
    if (score >= GRAYLIST_SCORE_THRESHOLD) return;
    scoring.ban(peer, banMs);
    void hangUp(peer, `score ${score.toFixed(0)} below ${GRAYLIST_SCORE_THRESHOLD}: banned for ${Math.round(banMs / 1000)} s`);
  };

  node.addEventListener('peer:connect', (evt) => {
    const peer = evt.detail.toString();
    const conn = node.getConnections(evt.detail)[0];
    const denied = refusal(peer, scoring, options.testGate);
    if (denied !== undefined) {
      void hangUp(peer, denied);
      return;
    }
    const candidate = candidates.get(peer);
    if (candidate !== undefined) candidate.backoff = redial.initial;
    logger.info('peer connected', {
      event: 'peer_connected',
      peerId: peer,
      remoteAddr: conn?.remoteAddr.toString(),
      direction: conn?.direction,
      reason: candidate?.bootnode === true ? 'bootnode' : conn?.direction === 'inbound' ? 'inbound' : 'dialled',
    });
    void pingPeer(peer);
  });
  node.addEventListener('peer:disconnect', (evt) => {
    const peer = evt.detail.toString();
    const reason = closing.get(peer) ?? 'connection closed';
    closing.delete(peer);
    latencies.delete(peer);
    lastPing.delete(peer);
    const candidate = candidates.get(peer);
    if (candidate !== undefined) candidate.next = Date.now() + candidate.backoff;
    logger.info('peer disconnected', { event: 'peer_disconnected', peerId: peer, reason });
  });
  node.addEventListener('peer:discovery', (evt) => {
    const peer = evt.detail.id.toString();
    const addr = evt.detail.multiaddrs[0];
    if (peer === selfId || addr === undefined || candidates.has(peer)) return;
    candidates.set(peer, { addr, peerId: peer, bootnode: false, next: 0, backoff: redial.initial, dialling: false });
    logger.debug('peer discovered', { peerId: peer, addr: addr.toString() });
  });

  const pingPeer = async (peer: string): Promise<void> => {
    lastPing.set(peer, Date.now());
    try {
      const rtt = await node.services.ping.ping(peerIdFromString(peer), { signal: AbortSignal.timeout(10_000) });
      if (isConnected(peer)) latencies.set(peer, rtt);
    } catch (err) {
      logger.debug('ping failed', { peerId: peer, error: err });
    }
  };

  const dialCandidate = async (c: Candidate): Promise<void> => {
    c.dialling = true;
    try {
      const addr = c.addr.getComponents().some((x) => x.name === 'p2p') ? c.addr : c.addr.encapsulate(`/p2p/${c.peerId}`);
      await node.dial(addr, { signal: AbortSignal.timeout(10_000) });
      c.backoff = redial.initial;
    } catch (err) {
      // Exponential backoff with jitter, so a network restarting together does not dial in lockstep.
      c.next = Date.now() + c.backoff * (0.75 + Math.random() / 2);
      c.backoff = Math.min(c.backoff * 2, redial.max);
      logger.debug('dial failed', { peerId: c.peerId, addr: c.addr.toString(), bootnode: c.bootnode, retryInMs: Math.round(c.next - Date.now()), error: errorMessage(err) });
    } finally {
      c.dialling = false;
    }
  };

  /** Once a second: bootnodes, the low watermark, the high watermark, pings, score enforcement. */
  const maintain = (): void => {
    if (stopped) return;
    const now = Date.now();
    const connected = new Set(node.getConnections().map((c) => c.remotePeer.toString()));
    let wanted = lowPeers - connected.size;
    for (const c of candidates.values()) {
      if (connected.has(c.peerId) || c.dialling || c.next > now || refusal(c.peerId, scoring, options.testGate) !== undefined) continue;
      if (!c.bootnode && wanted <= 0) continue;
      if (!c.bootnode) wanted--;
      void dialCandidate(c);
    }
    if (connected.size > highPeers) {
      const protectedPeers = new Set(bootnodes.map((b) => b.peerId));
      const victims = [...connected].filter((p) => !protectedPeers.has(p)).sort((a, b) => scoreOf(a) - scoreOf(b));
      for (const peer of victims.slice(0, connected.size - lowPeers)) void hangUp(peer, `over ${highPeers} connections: trimmed to ${lowPeers}`);
    }
    for (const peer of connected) {
      // A peer the test gate came to deny while connected (a partition begins): the gater only sees new connections.
      if (testGateDenies(options.testGate, peer)) {
        void hangUp(peer, 'denied by the test gate');
        continue;
      }
      enforce(peer);
      if (now - (lastPing.get(peer) ?? 0) >= PING_INTERVAL_MS) void pingPeer(peer);
    }
  };

  await node.start();
  const timer = setInterval(maintain, MAINTAIN_INTERVAL_MS);
  timer.unref();
  maintain();

  const addrs = (): string[] =>
    node.getMultiaddrs().map((a) => (a.getComponents().some((c) => c.name === 'p2p') ? a.toString() : `${a.toString()}/p2p/${selfId}`));
  logger.info('p2p listening', { event: 'p2p_listening', peerId: selfId, addrs: addrs(), network, keyCreated: key.created });

  const runHandler = async (handler: GossipHandler, peer: string, data: Uint8Array): Promise<Verdict<unknown>> => {
    try {
      return await handler(peer, data);
    } catch (err) {
      // A handler that throws has a bug or hit a local fault (disk, database): not the sender's fault.
      const error: CodedError = err instanceof CodedError ? (err as CodedError) : new P2PError('STREAM_FAILED', `gossip handler failed: ${errorMessage(err)}`);
      logger.error('gossip handler threw', { peerId: peer, error: err });
      return { kind: 'ignore', error };
    }
  };

  const subscribe = (topic: string, handler: GossipHandler): void => {
    if (!isGossipTopic(topic)) throw new P2PError('BAD_TOPIC', `unknown gossip topic ${topic}`);
    if (handlers.has(topic)) throw new P2PError('BAD_TOPIC', `topic ${topic} already has a handler`);
    handlers.set(topic, handler);
    pubsub.topicValidators.set(topic, async (from: PeerId, msg) => {
      const peer = from.toString();
      const verdict = await runHandler(handler, peer, msg.data);
      if (verdict.kind === 'accept') return TopicValidatorResult.Accept;
      const context = { topic, peerId: peer, messageId: bytesToHex(messageId(topic, msg.data)), code: verdict.error.code, reason: verdict.error.message };
      if (verdict.kind === 'ignore') {
        logger.debug('gossip ignored', context);
        return TopicValidatorResult.Ignore;
      }
      logger.warn('gossip rejected', context);
      // gossipsub lowers the score when it processes the Reject; look again once its score cache has turned over.
      setTimeout(() => enforce(peer), MAINTAIN_INTERVAL_MS + 50).unref();
      return TopicValidatorResult.Reject;
    });
    pubsub.subscribe(topic);
  };

  const publish = async (topic: string, data: Uint8Array): Promise<PublishResult> => {
    if (stopped) throw new P2PError('STOPPED', 'the p2p host is stopped');
    const handler = handlers.get(topic);
    if (handler === undefined) throw new P2PError('BAD_TOPIC', `no handler for topic ${topic}: subscribe before publishing`);
    if (data.length > MAX_GOSSIP_MESSAGE_BYTES) throw new P2PError('TOO_LARGE', `gossip message of ${data.length} bytes is over ${MAX_GOSSIP_MESSAGE_BYTES}`);
    const id = bytesToHex(messageId(topic, data));
    const verdict = await runHandler(handler, selfId, data);
    if (verdict.kind === 'reject') {
      logger.warn('own gossip rejected by its own handler: not sent', { topic, messageId: id, code: verdict.error.code, reason: verdict.error.message });
      throw new P2PError('OWN_MESSAGE_REJECTED', `own ${topic} message rejected: ${verdict.error.message}`, { topic, code: verdict.error.code }, { cause: verdict.error });
    }
    // `ignore` is not a fault (already known, say, when a restarted node republishes): peers may still need it.
    const result = await pubsub.publish(topic, data);
    return { messageId: id, verdict: verdict.kind, recipients: result.recipients.length };
  };

  const clientHost = {
    isConnected,
    newStream: (peer: string, protocols: string[], signal: AbortSignal): Promise<Stream> => node.dialProtocol(peerIdFromString(peer), protocols, { signal }),
  };

  const penalize = (peer: string, amount: number, reason: string): void => {
    scoring.penalize(peer, amount);
    logger.info('peer penalized', { peerId: peer, amount, reason, appScore: scoring.appScore(peer) });
    // The app score is read fresh by gossipsub only after its score cache turns over.
    setTimeout(() => enforce(peer), MAINTAIN_INTERVAL_MS + 50).unref();
  };

  return {
    peerId: selfId,
    networkId: network,
    addrs,
    subscribe,
    publish,
    serve: (protocol, handler, serveOptions = {}) =>
      serve(
        {
          handle: (p, h, o) => node.handle(p, h, o),
          penalize,
          hangUp,
        },
        protocol,
        handler,
        serveOptions,
        logger,
      ),
    request: (peer, protocol, request, requestOptions) => sendRequest(clientHost, peer, protocol, request, requestOptions),
    async requestAny(protocol, request, anyOptions = {}) {
      const pool = shuffle([...(anyOptions.peers ?? node.getConnections().map((c: Connection) => c.remotePeer.toString()))].filter((p, i, all) => all.indexOf(p) === i));
      const attempts = Math.min(pool.length, anyOptions.attempts ?? 3);
      let lastError: unknown = new P2PError('NO_PEERS', `no connected peer to ask for ${protocol}`);
      for (const peer of pool.slice(0, attempts)) {
        try {
          const data = await sendRequest(clientHost, peer, protocol, request, anyOptions);
          if (anyOptions.accept === undefined || anyOptions.accept(peer, data)) return { peer, data };
          lastError = new P2PError('PEER_ERROR', `peer ${peer}: answer to ${protocol} not accepted`);
        } catch (err) {
          lastError = err;
          logger.debug('request failed, trying another peer', { protocol, peerId: peer, error: err });
        }
      }
      throw lastError;
    },
    connectedPeers: () => [...new Set(node.getConnections().map((c) => c.remotePeer.toString()))],
    peers: () => {
      const seen = new Map<string, PeerInfo>();
      for (const conn of node.getConnections()) {
        const peer = conn.remotePeer.toString();
        if (seen.has(peer)) continue;
        seen.set(peer, { peerId: peer, address: conn.remoteAddr.toString(), direction: conn.direction, latencyMs: latencies.get(peer) ?? null, score: scoreOf(peer) });
      }
      return [...seen.values()];
    },
    score: scoreOf,
    penalize,
    async dial(addr) {
      const conn = await node.dial(parseAddr(addr, 'address'), { signal: AbortSignal.timeout(10_000) });
      return conn.remotePeer.toString();
    },
    hangUp,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      for (const peer of new Set(node.getConnections().map((c) => c.remotePeer.toString()))) closing.set(peer, 'host stopping');
      await node.stop();
    },
  };
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
