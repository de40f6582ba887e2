/**
 * Gossip propagation (issue 14, Network I): four libp2p hosts in this process, on 127.0.0.1 port 0 only (no mDNS,
 * no other address), each with its own temporary network folder (its peer key) and the same fake genesis id,
 * joined in a line A - B - C - D by bootnodes (each dials the one before it). Once the gossip mesh has formed
 * (warm-up messages reach all three others quickly several times in a row), A publishes {@link DEFAULT_MESSAGES}
 * distinct ATX-sized messages on `ax1`, one at a time, and each sample is the time from `publish` until the last
 * of B, C and D has the message in its topic handler (D is three hops away, each hop validating before it relays).
 *
 * Message size: the encoding, with the project's codec, of an initial ATX v1 (the largest kind: it carries the
 * initial PoST as well as the NIPoST's) with mainnet's parameters — K2 = 37, 4 units of 2^32 labels (35-bit
 * indices, docs/protocol/presets.md §3) — and a 32-node PoET membership path (the most `MerkleProofV1` takes):
 * about 1.6 KiB. Each message is that blob with its index and a per-run random tag written over the signature, so
 * every message id differs.
 *
 * Baseline, same run and same hosts: after the gossip figures, A dials D directly and times request/response round
 * trips on a bench protocol (go's framing: one stream per request, D echoes the bytes), payload of the same size.
 * `ratio` is value / baseline_value, as for every figure (result.ts): for these latencies lower is better, and it
 * says how many direct round trips the three-hop gossip costs. Not a test: nothing here asserts on time. Reads the
 * wall clock; opens sockets and writes temporary folders, all removed at the end.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActivationTxV1, type PostV1 } from '../activation/wire.js';
import { encode } from '../codec/index.js';
import { type P2PHost, TOPIC_ATX, createP2PHost } from '../p2p/index.js';
import { expectedIndicesBytes, requiredBits } from '../post/compression.js';
import { nullLogger } from '../util/logger.js';
import { accept } from '../util/verdict.js';
import { quantile } from './node.js';
import { type BenchResult, benchResult } from './result.js';

/** Measured gossip messages and round trips (each). */
export const DEFAULT_MESSAGES = 200;
/** Unrecorded messages and round trips after the mesh has formed (JIT, buffers); they must arrive too. */
const WARMUP = 20;
/** The mesh counts as formed when this many warm-up messages in a row reach every host within MESH_DELIVERY_MS. */
const MESH_STREAK = 5;
const MESH_DELIVERY_MS = 250;
const MESH_TIMEOUT_MS = 15_000;
/** A measured message not everywhere by then fails the bench (a loopback mesh delivers in milliseconds). */
const MESSAGE_TIMEOUT_MS = 5_000;
const HOSTS = 4;
const ECHO_PROTOCOL = 'bench-echo/1';
const GENESIS_ID = new Uint8Array(20).fill(0xbe);

export interface NetBenchOptions {
  /** Measured messages and round trips (default {@link DEFAULT_MESSAGES}). */
  readonly messages?: number;
}

/** An initial ATX v1 with mainnet's PoST parameters and a full-depth membership path, encoded. */
export function atxSizedBlob(): Uint8Array {
  const id = (b: number): Uint8Array => new Uint8Array(32).fill(b);
  const units = 4;
  const totalLabels = BigInt(units) * 2n ** 32n;
  const post = (b: number): PostV1 => ({ nonce: 123, indices: new Uint8Array(expectedIndicesBytes(requiredBits(totalLabels), 37)).fill(b), pow: 0xfedcba9876n });
  return encode(ActivationTxV1, {
    inner: {
      challenge: { publishEpoch: 42, sequence: 0n, prevAtxId: new Uint8Array(32), positioningAtxId: id(1), commitmentAtxId: id(2), initialPost: post(3) },
      coinbase: new Uint8Array(24).fill(4),
      numUnits: units,
      nipost: {
        membership: { nodes: Array.from({ length: 32 }, (_, i) => id(0x10 + i)), leafIndex: 123_456n },
        post: post(5),
        postMetadata: { challenge: id(6), labelsPerUnit: 2n ** 32n },
      },
      nodeId: id(7),
      vrfNonce: 987_654_321n,
    },
    smesherId: id(7),
    signature: new Uint8Array(64).fill(8),
  });
}

interface Pending {
  readonly start: number;
  readonly waiting: Set<number>;
  readonly done: (elapsed: number) => void;
}

/**
 * Runs the network benchmark.
 * @returns gossip propagation p50 and p99 (ms) against the direct round trip's p50 and p99
 * @throws when the hosts do not connect as a line, the mesh does not form, or a measured message is not delivered
 */
export async function benchNet(options: NetBenchOptions = {}): Promise<BenchResult[]> {
  const count = options.messages ?? DEFAULT_MESSAGES;
  if (!(Number.isInteger(count) && count > 0)) throw new RangeError(`messages must be a positive integer (got ${count})`);
  const template = atxSizedBlob();
  const size = template.length;
  const tag = randomBytes(8);
  let sequence = 0;
  /** The next distinct message: the template with its index and the run's tag over the signature's start. */
  const nextMessage = (): { index: number; data: Uint8Array } => {
    const index = sequence++;
    const data = template.slice();
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    view.setUint32(size - 64, index);
    data.set(tag, size - 60);
    return { index, data };
  };
  const indexOf = (data: Uint8Array): number => new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(data.byteLength - 64);

  const dirs: string[] = [];
  const hosts: P2PHost[] = [];
  const pending = new Map<number, Pending>();
  try {
    for (let i = 0; i < HOSTS; i++) {
      const dir = await mkdtemp(join(tmpdir(), 'smesher-bench-net-'));
      dirs.push(dir);
      const previous = hosts[i - 1];
      hosts.push(
        await createP2PHost({
          networkDir: dir,
          genesisId: GENESIS_ID,
          effectiveGenesisLayer: 0,
          listen: ['/ip4/127.0.0.1/tcp/0'],
          mdns: false,
          bootnodes: previous === undefined ? [] : previous.addrs().filter((a) => a.startsWith('/ip4/127.0.0.1/')),
          redialMs: { initial: 200, max: 2_000 },
          logger: nullLogger,
        }),
      );
    }
    const [publisher, , , farthest] = hosts as [P2PHost, P2PHost, P2PHost, P2PHost];

    hosts.forEach((host, i) => {
      host.subscribe(TOPIC_ATX, (_peer, data) => {
        if (i > 0) {
          const entry = pending.get(indexOf(data));
          if (entry !== undefined && entry.waiting.delete(i) && entry.waiting.size === 0) {
            pending.delete(indexOf(data));
            entry.done(performance.now() - entry.start);
          }
        }
        return accept();
      });
    });
    await farthest.serve(ECHO_PROTOCOL, (_peer, request) => request, { maxRequestBytes: size });

    await waitUntil('the four hosts connected in a line', MESH_TIMEOUT_MS, () =>
      hosts.every((host, i) => {
        const peers = host.connectedPeers();
        const neighbours = [hosts[i - 1], hosts[i + 1]].filter((h) => h !== undefined).map((h) => h.peerId);
        return peers.length === neighbours.length && neighbours.every((p) => peers.includes(p));
      }),
    );

    /** Publishes one message from A; resolves with its propagation time, or undefined after `timeoutMs`. */
    const propagate = async (timeoutMs: number): Promise<number | undefined> => {
      const { index, data } = nextMessage();
      const delivered = new Promise<number | undefined>((resolve) => {
        const timer = setTimeout(() => {
          pending.delete(index);
          resolve(undefined);
        }, timeoutMs);
        pending.set(index, {
          start: performance.now(),
          waiting: new Set([1, 2, 3]),
          done: (elapsed) => {
            clearTimeout(timer);
            resolve(elapsed);
          },
        });
      });
      await publisher.publish(TOPIC_ATX, data);
      return delivered;
    };

    // The mesh: a relay forwards only to its mesh peers, and otherwise D hears of a message by IHAVE on a later
    // heartbeat (1 s), so a streak of quick deliveries means every hop's mesh holds the next host.
    const meshDeadline = Date.now() + MESH_TIMEOUT_MS;
    for (let streak = 0; streak < MESH_STREAK; ) {
      if (Date.now() > meshDeadline) throw new Error(`gossip mesh not formed within ${MESH_TIMEOUT_MS} ms`);
      streak = (await propagate(MESH_DELIVERY_MS)) === undefined ? 0 : streak + 1;
    }
    const gossip: number[] = [];
    for (let i = -WARMUP; i < count; i++) {
      const elapsed = await propagate(MESSAGE_TIMEOUT_MS);
      if (elapsed === undefined) throw new Error(`gossip message ${i} did not reach all ${HOSTS - 1} peers within ${MESSAGE_TIMEOUT_MS} ms`);
      if (i >= 0) gossip.push(elapsed);
    }

    // The baseline: a direct connection from A to D, one stream per round trip.
    await publisher.dial(farthest.addrs().find((a) => a.startsWith('/ip4/127.0.0.1/'))!);
    const payload = nextMessage().data;
    const roundTrip = async (): Promise<number> => {
      const start = performance.now();
      const answer = await publisher.request(farthest.peerId, ECHO_PROTOCOL, payload);
      const elapsed = performance.now() - start;
      if (answer.length !== size) throw new Error(`echo answered ${answer.length} bytes, not ${size}`);
      return elapsed;
    };
    for (let i = 0; i < WARMUP; i++) await roundTrip();
    const direct: number[] = [];
    for (let i = 0; i < count; i++) direct.push(await roundTrip());

    gossip.sort((a, b) => a - b);
    direct.sort((a, b) => a - b);
    const fig = (q: number): BenchResult =>
      benchResult({
        bench: 'net',
        metric: `gossip_4_nodes_p${Math.round(q * 100)}_ms`,
        value: quantile(gossip, q),
        unit: 'ms',
        baseline: `libp2p request/response round trip of ${size} bytes, publisher to farthest node, p${Math.round(q * 100)} (same run)`,
        baseline_value: quantile(direct, q),
      });
    return [fig(0.5), fig(0.99)];
  } finally {
    for (const entry of pending.values()) entry.done(Number.NaN);
    await Promise.allSettled(hosts.map((h) => h.stop()));
    await Promise.allSettled(dirs.map((d) => rm(d, { recursive: true, force: true })));
  }
}

async function waitUntil(what: string, timeoutMs: number, condition: () => boolean): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
