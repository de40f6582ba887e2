/**
 * `createNode(opts, deps)`: the one composition root (docs/architecture.md §3). It resolves the network directory and
 * genesis, opens state.sql and local.sql, starts the layer clock, the embedded PoET (standalone) and the smeshing
 * controller (core/node/smeshing.ts: one loop per identity, from the flags or the saved setup, changeable while the
 * node runs), and wires the in-process ATX publisher to the ATX handler. Deps (logger, clock, prover
 * factory, data dir) come in; defaults exist only at entry points. I/O.
 * @module
 */
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { SmesherLoop } from '../activation/driver.js';
import { type AtxVerdict, handleAtx } from '../activation/handler.js';
import type { Identity } from '../activation/identities.js';
import type { Publisher } from '../activation/interface.js';
import type { ActivationTxV1 } from '../activation/wire.js';
import { getChallenge, listSignedAtxs } from '../activation/localStore.js';
import { paidFromEpoch } from '../activation/plan.js';
import { type AtxRow, getAtx, listAtxsByEpoch } from '../activation/store.js';
import { EdVerifier } from '../crypto/ed25519.js';
import {
  type MalfeasanceProof,
  encodeMalfeasanceGossip,
  handleMalfeasanceGossip,
  handleSyncedProof,
  invalidPostIndexProof,
  invalidPrevAtxProof,
  malfeasanceKindName,
  multipleAtxsProof,
  proofSmesherId,
  recordProof,
} from '../malfeasance/index.js';
import { type Executor, LOCAL_SCHEMA, STATE_SCHEMA, openDatabase } from '../db/index.js';
import type { Preset } from '../params/types.js';
import { PoetClient } from '../poet/client.js';
import { EmbeddedPoet } from '../poet/embedded.js';
import { type RoundSchedule, scheduleFromPreset } from '../poet/schedule.js';
import { createLabelKernel } from '../post/kernel.js';
import type { Prover } from '../post/prover.js';
import { goldenAtxId as computeGoldenAtxId } from '../types/genesis.js';
import type { LayerTiming } from '../types/layers.js';
import type { ActivationEvent, MeshEvent } from '../types/timeline.js';
import { bytesToHex } from '../util/bytes.js';
import type { Clock } from '../util/clock.js';
import type { CodedError } from '../util/errors.js';
import { type Verdict, ignore } from '../util/verdict.js';
import type { Logger } from '../util/logger.js';
import type { PeerInfo } from '../p2p/index.js';
import { BEACON_TOPICS, TOPIC_ATX, TOPIC_BLOCK_CERTIFY, TOPIC_HARE, TOPIC_MALFEASANCE, TOPIC_PROPOSAL, TOPIC_TX } from '../p2p/index.js';
import type { BeaconTopicKind } from '../beacon/index.js';
import type { FileLock } from '../util/lockFile.js';
import { NodeError, lockDataDir, openNetworkDir } from './dataDir.js';
import { LayerClock, type LayerTick } from './layerClock.js';
import { TIMELINE_MESSAGES } from './timeline.js';
import { type Consensus, startConsensus } from './consensus.js';
import { verifiedBlockFetcher } from './tortoise.js';
import { type GossipRoutes, type Peering, type PeeringOptions, routeGossip, startPeering } from './peering.js';
import { startSync, syncGossipGate } from './sync.js';
import type { Syncer, SyncStatus } from '../sync/index.js';
import { type IdentityState, SmeshingController, type SmeshingStartOptions, checkUnits } from './smeshing.js';
import { smeshingConfigPath } from './smeshingConfig.js';

/** The name registrations at the embedded PoET are recorded under. */
export const EMBEDDED_POET_ID = 'embedded';

export type SmeshingOptions = SmeshingStartOptions;

export interface NodeOptions {
  readonly preset: Preset;
  /** Genesis time (ms, whole seconds) overriding the saved one; only for presets without a fixed genesis. */
  readonly genesisTimeMs?: number;
  /** Smesh with this setup (saved for later starts); without it the node smeshes as the saved setup says, if any. */
  readonly smeshing?: SmeshingOptions;
  /** PoETs to use when the preset has no embedded one (default: the preset's servers). */
  readonly poetUrls?: readonly string[];
  /** Port of the embedded PoET (0 = any free one; the default). */
  readonly poetPort?: number;
  /** Listen addresses, bootnodes and mDNS for presets with a p2p network (defaults: the preset's). */
  readonly peering?: PeeringOptions;
}

export interface NodeDeps {
  readonly logger: Logger;
  readonly clock: Clock;
  readonly proverFactory: () => Prover;
  /** The root data directory; the network's lives under it. */
  readonly dataDir: string;
  /**
   * The data folder's lock, when the host took it first (before its log files; `lockDataDir`). Without it the node
   * takes the lock itself and releases it when it closes; with it the host keeps and releases it.
   */
  readonly dataDirLock?: FileLock;
}

/** Typed events for the API and tests. */
export interface NodeEvents {
  timeline: [ActivationEvent];
  layer: [LayerTick];
  atx: [AtxRow];
  /** Consensus timeline: eligibility, proposal_published, block_applied, reward (core/types/timeline.ts). */
  mesh: [MeshEvent];
  /** The smeshing setup changed (started, paused, resumed, stopped): identity states may differ now. */
  smeshing: [];
  /** Sync progress: the state changed, or layers were applied while catching up (docs/protocol/sync.md §2). */
  sync: [SyncStatus];
}

export interface IdentityInfo {
  readonly smesherId: string;
  readonly numUnits: number;
  readonly postDir: string;
  readonly coinbase: string;
  /** The loop's state, or `paused` while smeshing is paused. */
  readonly state: IdentityState;
  readonly error: { readonly code: string; readonly message: string } | null;
  /** The setup's threads; absent when it left them to the default. */
  readonly threads?: number;
  /** Set when this node holds a malfeasance proof against the identity: its kind in words, and when it came. */
  readonly malicious: { readonly kind: string; readonly receivedMs: number } | null;
  /** The first epoch from the current one in which it is paid (core/activation/plan.ts `paidFromEpoch`). */
  readonly paidFromEpoch?: number;
}

export interface SmesherNode {
  readonly events: EventEmitter<NodeEvents>;
  readonly preset: Preset;
  readonly genesisTimeMs: number;
  readonly genesisId: Uint8Array;
  readonly goldenAtxId: Uint8Array;
  /** `<data-dir>/<preset>-<genesisId8>`. */
  readonly networkDir: string;
  readonly layers: LayerClock;
  readonly schedule: RoundSchedule;
  /** The embedded PoET, when the preset has one. */
  readonly poet: EmbeddedPoet | undefined;
  /** Consensus (proposals, hare, blocks, mesh, mempool); undefined when the preset's beacon is not available. */
  readonly consensus: Consensus | undefined;
  /** Start, pause, resume and stop smeshing while the node runs (the API's SmeshingControl). */
  readonly smeshing: SmeshingController;
  identities(): IdentityInfo[];
  /** True when every smeshing loop waits on the clock (or has stopped): tests step a fake clock only then. */
  isIdle(): boolean;
  listAtxs(publishEpoch: number): AtxRow[];
  getAtx(id: Uint8Array): AtxRow | undefined;
  /** Every ATX an identity signed (local.sql), oldest first. */
  signedAtxs(smesherId: Uint8Array): ReturnType<typeof listSignedAtxs>;
  /** Network input: an encoded ATX from a peer. */
  submitAtx(bytes: Uint8Array): AtxVerdict;
  /**
   * A transaction from this node's user: judged by the node's own handler, then gossiped to peers (on a network of
   * one, only the handler). Undefined while consensus is not running.
   */
  readonly submitTransaction: ((raw: Uint8Array) => Promise<Verdict<unknown>>) | undefined;
  /** This node's peer-to-peer identity and addresses, or null on a network of one. */
  readonly p2p: { readonly peerId: string; addrs(): string[]; peers(): PeerInfo[] } | null;
  /** Where sync stands; null on a network of one (always synced). */
  sync(): SyncStatus | null;
  /** Stops the loops, the PoET and the databases. Idempotent. */
  close(): Promise<void>;
}

/**
 * Builds and starts a node.
 * @throws {LockError} LOCKED when another process (or another node here) holds the data folder; {SmeshingError}
 *   POST_DIR_LOCKED when one holds a PoS folder of the saved or given setup; {DatabaseError} for a corrupted, foreign, newer or drifted database; {ActivationError} IDENTITY_INVALID
 *   for a bad key file; {NodeError} BAD_GENESIS / BAD_OPTIONS (also for a bad saved smeshing.json); the PoET's start
 *   error; the file system's error when the smeshing flags cannot be saved. Nothing keeps running then.
 */
export async function createNode(opts: NodeOptions, deps: NodeDeps): Promise<SmesherNode> {
  const { preset } = opts;
  const { clock } = deps;
  const log = deps.logger.child({ module: 'node' });
  if (opts.genesisTimeMs !== undefined && preset.genesis.time !== null) {
    throw new NodeError('BAD_OPTIONS', `preset ${preset.name} has a fixed genesis time`);
  }
  const unitsError = opts.smeshing === undefined ? undefined : checkUnits(preset, opts.smeshing.units);
  if (unitsError !== undefined) throw new NodeError('BAD_OPTIONS', unitsError);
  // One node per data folder: taken before anything in it is opened, held until close.
  const ownLock = deps.dataDirLock === undefined ? lockDataDir(deps.dataDir, 'a Smesher node') : undefined;
  let network: ReturnType<typeof openNetworkDir>;
  try {
    network = openNetworkDir(deps.dataDir, preset, clock.now(), opts.genesisTimeMs);
  } catch (err) {
    ownLock?.release();
    throw err;
  }
  const goldenAtxId = computeGoldenAtxId({ genesisTimeMs: network.genesisTimeMs, extraData: preset.genesis.extraData });
  const timing: LayerTiming = { genesisTimeMs: network.genesisTimeMs, layerDurationMs: preset.layerDurationMs, layersPerEpoch: preset.layersPerEpoch };
  const schedule = scheduleFromPreset(preset, network.genesisTimeMs);

  const cleanups: Array<() => Promise<void> | void> = [() => ownLock?.release()];
  const undo = async (): Promise<void> => {
    for (const fn of cleanups.splice(0).reverse()) await fn();
  };
  try {
    const state = openDatabase(join(network.dir, 'state.sql'), STATE_SCHEMA);
    cleanups.push(() => void state.close());
    const local = openDatabase(join(network.dir, 'local.sql'), LOCAL_SCHEMA);
    cleanups.push(() => void local.close());

    let poet: EmbeddedPoet | undefined;
    if (preset.poet.embedded) {
      poet = new EmbeddedPoet({ dataDir: join(network.dir, 'poet'), schedule, clock, logger: deps.logger, genesisId: network.genesisId, port: opts.poetPort ?? 0, maxLeavesPerRound: preset.poet.maxLeavesPerRound });
      await poet.start();
      cleanups.push(() => poet!.stop());
    }
    const poetUrls = poet === undefined ? (opts.poetUrls ?? preset.poet.servers) : [poet.url];
    // The host starts before the handlers exist (they need the layer clock); gossip is routed once they do.
    const routes: { current?: GossipRoutes } = {};
    let peering: Peering | undefined;
    if (preset.p2p.enabled) {
      peering = await startPeering({
        preset,
        networkDir: network.dir,
        genesisId: network.genesisId,
        goldenAtxId,
        state,
        options: opts.peering ?? {},
        logger: deps.logger,
        routes: () => routes.current!,
      });
      const started = peering;
      cleanups.push(() => started.stop());
    }
    const node = startNode({ opts, deps, network, goldenAtxId, timing, schedule, state, local, poet, poetUrls, peering, routes });
    cleanups.push(() => node.close());
    await node.smeshing.restore(opts.smeshing);
    cleanups.pop();
    log.info('node started', {
      preset: preset.name,
      genesisTime: new Date(network.genesisTimeMs).toISOString(),
      genesisId: network.genesisId,
      networkDir: network.dir,
      identities: node.smeshing.identities.length,
    });
    return {
      ...node,
      close: async () => {
        await node.close();
        await undo();
      },
    };
  } catch (err) {
    await undo();
    throw err;
  }
}

interface Wiring {
  opts: NodeOptions;
  deps: NodeDeps;
  network: ReturnType<typeof openNetworkDir>;
  goldenAtxId: Uint8Array;
  timing: LayerTiming;
  schedule: RoundSchedule;
  state: Executor;
  local: Executor;
  poet: EmbeddedPoet | undefined;
  poetUrls: readonly string[];
  peering: Peering | undefined;
  routes: { current?: GossipRoutes };
}

function startNode(w: Wiring): SmesherNode {
  const { deps, network, goldenAtxId, timing, schedule, state, local, poet } = w;
  const { preset } = w.opts;
  const { clock } = deps;
  const events = new EventEmitter<NodeEvents>();
  const layers = new LayerClock(clock, timing);
  const timelineLog = deps.logger.child({ module: 'timeline' });
  const abort = new AbortController();

  const { peering } = w;
  const verifier = new EdVerifier(network.genesisId);
  const malfeasanceLog = deps.logger.child({ module: 'malfeasance' });
  /** A proof this node built and stored anew goes out on `mp1` once the detecting handler's transaction is over. */
  const gossipProof = (proof: MalfeasanceProof): void => {
    if (peering === undefined) return;
    const bytes = encodeMalfeasanceGossip(proof);
    setImmediate(() => {
      peering.host.publish(TOPIC_MALFEASANCE, bytes).catch((err: unknown) => malfeasanceLog.warn('malfeasance proof not sent', { error: (err as Error).message }));
    });
  };
  /** A proof this node built from an ATX it judged: stored once, then gossiped. */
  const keepProof = (proof: MalfeasanceProof): void => {
    if (!recordProof(state, proof, clock.now())) return;
    malfeasanceLog.warn('malfeasance proven', { smesherId: bytesToHex(proofSmesherId(proof.proof)), kind: malfeasanceKindName(proof.proof.type), layer: proof.layer });
    gossipProof(proof);
  };
  const labelKernel = createLabelKernel(preset.post.scryptN);
  const handlerDeps = {
    db: state,
    validation: { goldenAtxId, verifier, post: preset.post, tickSize: preset.poet.tickSize, kernel: labelKernel },
    now: () => clock.now(),
    currentEpoch: () => layers.currentEpoch(),
    onDoublePublish(first: ActivationTxV1, second: ActivationTxV1) {
      keepProof(multipleAtxsProof(first, second, preset.layersPerEpoch));
    },
    onInvalidPostIndex(atx: ActivationTxV1, position: number) {
      keepProof(invalidPostIndexProof(atx, position, preset.layersPerEpoch));
    },
    onInvalidPrevAtx(atx: ActivationTxV1, stored: ActivationTxV1) {
      keepProof(invalidPrevAtxProof(atx, stored, preset.layersPerEpoch));
    },
  };
  const atxLog = deps.logger.child({ module: 'atx' });
  const submitAtx = (bytes: Uint8Array): AtxVerdict => {
    const verdict = handleAtx(handlerDeps, bytes);
    if (verdict.kind === 'accept') {
      const atx = verdict.value;
      atxLog.debug('ATX stored', { atxId: atx.id, publishEpoch: atx.publishEpoch, weight: atx.weight });
      events.emit('atx', atx);
    } else if (verdict.kind === 'reject') {
      atxLog.warn('ATX rejected', { code: verdict.error.code, reason: verdict.error.message });
    }
    return verdict;
  };
  const submitMalfeasance = (bytes: Uint8Array): Verdict<unknown> => {
    const verdict = handleMalfeasanceGossip({ db: state, verifier, now: () => clock.now(), post: { params: preset.post, kernel: labelKernel } }, bytes);
    if (verdict.kind === 'accept') {
      malfeasanceLog.warn('malfeasance proof received', { smesherId: bytesToHex(verdict.value.smesherId), kind: malfeasanceKindName(verdict.value.kind) });
    } else if (verdict.kind === 'reject') {
      malfeasanceLog.warn('malfeasance proof rejected', { code: verdict.error.code, reason: verdict.error.message });
    }
    return verdict;
  };
  const publisher: Publisher = {
    async publishAtx(bytes) {
      if (peering !== undefined) {
        // The host runs submitAtx first and throws on a reject: nothing invalid leaves this node.
        await peering.host.publish(TOPIC_ATX, bytes);
        return;
      }
      const verdict = submitAtx(bytes);
      if (verdict.kind === 'reject') throw verdict.error;
    },
  };

  let lastProgressLog = 0;
  const onEvent = (event: ActivationEvent): void => {
    events.emit('timeline', event);
    if (event.event === 'post_init_progress') {
      // Progress comes per batch of labels; one line a second is enough for a log.
      if (clock.now() - lastProgressLog < 1_000 && event.labelsDone < event.labelsTotal) return;
      lastProgressLog = clock.now();
    }
    const { event: name, ...fields } = event;
    timelineLog.info(TIMELINE_MESSAGES[name], { event: name, ...fields });
  };

  // Consensus (issue #6), with the beacon of the preset's mode (genesis rule or beacon protocol, issue #15).
  const meshLog = deps.logger.child({ module: 'timeline' });
  // Set once consensus exists; consensus asks it before each layer's work (docs/protocol/sync.md §2).
  let syncer: Syncer | undefined;
  const consensus: Consensus | undefined = startConsensus({
    state,
    local,
    preset,
    timing,
    clock,
    genesisId: network.genesisId,
    identities: [],
    logger: deps.logger,
    emit(event) {
      events.emit('mesh', event);
      const { event: name, ...fields } = event;
      meshLog.info(TIMELINE_MESSAGES[name], { event: name, ...fields });
    },
    ...(peering === undefined
      ? {}
      : {
          broadcast: {
            proposal: async (bytes: Uint8Array) => void (await peering.host.publish(TOPIC_PROPOSAL, bytes)),
            hare: async (bytes: Uint8Array) => void (await peering.host.publish(TOPIC_HARE, bytes)),
            certify: async (bytes: Uint8Array) => void (await peering.host.publish(TOPIC_BLOCK_CERTIFY, bytes)),
            beacon: async (kind: BeaconTopicKind, bytes: Uint8Array) => void (await peering.host.publish(BEACON_TOPICS[kind], bytes)),
          },
        }),
    onMalfeasance: gossipProof,
    // Only a node with peers catches up; a network of one is always synced (and trusts its own hare at once after a
    // restart: no peer could decide its layers).
    ...(peering === undefined ? {} : { isSynced: () => syncer?.isSynced() ?? true }),
    ...(peering === undefined
      ? {}
      : { fetchBlock: verifiedBlockFetcher({ state, fetcher: peering.fetcher, fetchTransactions: (ids) => peering.foreign.fetchTransactions(ids) }) }),
  });
  if (peering !== undefined && consensus !== undefined) {
    syncer = startSync({
      state,
      preset,
      timing,
      clock,
      peering,
      consensus,
      logger: deps.logger,
      submitMalfeasanceProof: (bytes) => handleSyncedProof({ db: state, verifier, now: () => clock.now(), post: { params: preset.post, kernel: labelKernel } }, bytes),
      onProgress: (status) => events.emit('sync', status),
    });
  }
  const submitTx = consensus?.submitTx;
  if (peering !== undefined) {
    w.routes.current = {
      atx: submitAtx,
      tx: submitTx ?? (() => Promise.resolve(ignoreNoConsensus())),
      malfeasance: submitMalfeasance,
      gate: (topic: string) => (syncer === undefined ? null : syncGossipGate(syncer, topic)),
      ...(consensus === undefined
        ? {}
        : {
            proposal: (bytes: Uint8Array) => consensus.submitProposal(bytes),
            hare: (bytes: Uint8Array) => consensus.submitHare(bytes),
            certify: (bytes: Uint8Array) => consensus.submitCertify(bytes),
            ballot: (bytes: Uint8Array) => consensus.submitBallot(bytes),
            baseBallot: (bytes: Uint8Array) => consensus.checkBallot(bytes),
            knowsBallot: (id: Uint8Array) => consensus.tortoise.core.hasBallot(id),
            ...(consensus.submitBeacon === undefined ? {} : { beacon: consensus.submitBeacon }),
          }),
    };
    routeGossip(peering, w.routes.current);
  }
  const submitTransaction =
    submitTx === undefined
      ? undefined
      : peering === undefined
        ? submitTx
        : async (raw: Uint8Array): Promise<Verdict<unknown>> => {
            // The host runs the handler first: a refused transaction is returned as its verdict, not sent.
            const verdict = await submitTx(raw);
            if (verdict.kind === 'accept') await peering.host.publish(TOPIC_TX, raw).catch(() => undefined);
            return verdict;
          };

  const makeLoop = (identity: Identity, prover: Prover, threads: number | undefined): SmesherLoop => {
    const poets = w.poetUrls.map((url) => ({
      // The embedded PoET's port changes between starts; its registrations must survive a restart.
      id: poet !== undefined && url === poet.url ? EMBEDDED_POET_ID : url,
      client: new PoetClient({
        url,
        clock,
        logger: deps.logger,
        timeoutMs: preset.poet.requestTimeoutMs,
        retries: preset.poet.maxRequestRetries,
        retryDelayMs: preset.poet.requestRetryDelayMs,
      }),
    }));
    return new SmesherLoop({
      identity,
      local,
      state,
      prover,
      poets,
      clock,
      preset,
      schedule,
      timing,
      goldenAtxId,
      genesisId: network.genesisId,
      publisher,
      onEvent,
      logger: deps.logger,
      synced: () => syncer?.isSynced() ?? true,
      ...(threads === undefined ? {} : { threads }),
    });
  };
  const smeshing = new SmeshingController({
    preset,
    local,
    keyDir: join(network.dir, 'identities'),
    genesisId: network.genesisId,
    configPath: smeshingConfigPath(network.dir),
    proverFactory: deps.proverFactory,
    makeLoop,
    consensus,
    logger: deps.logger,
    onChange: () => events.emit('smeshing'),
  });
  // The clock starts on the next turn of the event loop (the loops too, in the controller), so a caller can
  // subscribe to `events` before the first one.
  const running = new Promise<void>((resolve) =>
    setImmediate(() =>
      resolve(
        layers
          .run((tick) => {
            consensus?.onLayer(tick.layer);
            events.emit('layer', tick);
          }, abort.signal)
          .catch(() => {}),
      ),
    ),
  );

  const maliciousInfo = (smesherId: Uint8Array): IdentityInfo['malicious'] => {
    const row = state.prepare('SELECT kind, received_ms FROM malfeasance WHERE smesher_id = ?').get(smesherId) as { kind: number; received_ms: number } | undefined;
    return row === undefined ? null : { kind: malfeasanceKindName(row.kind), receivedMs: row.received_ms };
  };

  // Which epoch an identity is paid from: after a missed ATX window, the epoch it will be paid again; while the node
  // catches up, counted from the sync ETA (docs/protocol/sync.md §2).
  const identityPaidFrom = (smesherId: Uint8Array): number => {
    const sync = syncer?.status();
    const challenge = getChallenge(local, smesherId);
    return paidFromEpoch({
      nowMs: clock.now(),
      timing,
      poet: { phaseShiftMs: preset.poet.phaseShiftMs, cycleGapMs: preset.poet.cycleGapMs, gracePeriodMs: preset.poet.gracePeriodMs },
      signedPublishEpochs: listSignedAtxs(local, smesherId).map((a) => a.publishEpoch),
      ...(challenge === undefined ? {} : { challengePublishEpoch: challenge.publishEpoch }),
      ...(sync === undefined || sync.state === 'synced' ? {} : { syncedByMs: clock.now() + (sync.etaSeconds ?? 0) * 1000 }),
    });
  };

  let closing: Promise<void> | undefined;
  return {
    events,
    preset,
    genesisTimeMs: network.genesisTimeMs,
    genesisId: network.genesisId,
    goldenAtxId,
    networkDir: network.dir,
    layers,
    schedule,
    poet,
    consensus,
    smeshing,
    identities: () =>
      smeshing.states().map(({ identity, state: loopState, error }) => ({
        smesherId: bytesToHex(identity.nodeId),
        numUnits: identity.numUnits,
        postDir: identity.postDir,
        coinbase: bytesToHex(identity.coinbase),
        state: loopState,
        error: errorInfo(error),
        ...(smeshing.config?.threads === undefined ? {} : { threads: smeshing.config.threads }),
        malicious: maliciousInfo(identity.nodeId),
        paidFromEpoch: identityPaidFrom(identity.nodeId),
      })),
    isIdle: () => smeshing.isIdle(),
    listAtxs: (epoch) => listAtxsByEpoch(state, epoch),
    getAtx: (id) => getAtx(state, id),
    signedAtxs: (smesherId) => listSignedAtxs(local, smesherId),
    submitAtx,
    submitTransaction,
    p2p:
      peering === undefined
        ? null
        : { peerId: peering.host.peerId, addrs: () => peering.host.addrs(), peers: () => peering.host.peers() },
    sync: () => syncer?.status() ?? null,
    close() {
      closing ??= (async () => {
        abort.abort(new NodeError('CLOSED', 'node closed'));
        // The smeshing loops are told first, in this same turn: each checks for a stop before its next step, so a
        // close right after a step (an ATX signed, say) never lets the loop take one more while the rest winds down.
        const smeshingClosed = smeshing.close();
        await syncer?.close();
        await consensus?.close();
        await smeshingClosed;
        await running;
      })();
      return closing;
    },
  };
}

function ignoreNoConsensus(): Verdict<unknown> {
  return ignore(new NodeError('BAD_OPTIONS', 'this node runs no consensus: transactions cannot be judged'));
}

function errorInfo(err: CodedError | undefined): IdentityInfo['error'] {
  return err === undefined ? null : { code: err.code, message: err.message };
}
