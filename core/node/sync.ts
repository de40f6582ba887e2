/**
 * Sync wiring (docs/protocol/sync.md): the syncer (core/sync/) over this node's fetcher, fetch-before-validate
 * path, ballot check, tortoise and mesh, plus the gossip gate that follows its state as go-spacemesh's does
 * (`syncer.ListenToATXGossip` for ATXs, `ListenToGossip` for the rest): while the node is behind, what it cannot
 * validate yet is ignored, not judged. A network of one, or a node without consensus, has no syncer and is always
 * synced. I/O.
 * @module
 */
import { getAtx, getMalfeasance } from '../activation/store.js';
import { insertBlock } from '../blocks/store.js';
import type { Executor } from '../db/index.js';
import { deleteMeshLayersAfter } from '../mesh/store.js';
import { TOPIC_ATX } from '../p2p/index.js';
import type { Preset } from '../params/types.js';
import { Syncer, type SyncStatus } from '../sync/index.js';
import type { LayerTiming } from '../types/layers.js';
import type { Clock } from '../util/clock.js';
import { CodedError } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import type { Verdict } from '../util/verdict.js';
import { hasTransaction } from '../vm/txStore.js';
import { revertTo as revertState } from '../vm/vm.js';
import type { Consensus } from './consensus.js';
import type { Peering } from './peering.js';

export interface NodeSyncOptions {
  readonly state: Executor;
  readonly preset: Preset;
  readonly timing: LayerTiming;
  readonly clock: Clock;
  readonly peering: Peering;
  readonly consensus: Consensus;
  readonly logger: Logger;
  /** The malfeasance handler for proofs fetched by smesher id (go's synced-proof path). */
  submitMalfeasanceProof(bytes: Uint8Array): Verdict<unknown>;
  onProgress(status: SyncStatus): void;
}

/** Starts the syncer; the caller closes it. */
export function startSync(o: NodeSyncOptions): Syncer {
  const { state, timing, clock, peering, consensus } = o;
  const log = o.logger.child({ module: 'sync' });
  const syncer = new Syncer({
    fetcher: peering.fetcher,
    peers: () => peering.host.connectedPeers(),
    foreign: peering.foreign,
    mesh: {
      lastApplied: () => consensus.mesh.lastApplied(),
      opinionOf: (layer) => consensus.mesh.opinionOf(layer),
      applySynced: (layer, decision) => consensus.mesh.applySynced(layer, decision),
      // Fork finding (docs/protocol/sync.md §5): state and applied layers, as the mesh's own revert does (the
      // tortoise's opinions do not follow what the mesh applied); the syncer applies the next layer in the same turn.
      revertTo(layer) {
        state.transaction(() => {
          revertState(state, layer);
          deleteMeshLayersAfter(state, layer);
        }).immediate();
        log.warn('mesh reverted for a fork', { toLayer: layer });
      },
    },
    hasAtx: (id) => getAtx(state, id) !== undefined,
    hasTransaction: (id) => hasTransaction(state, id),
    isMalicious: (id) => getMalfeasance(state, id) !== undefined,
    checkBallot: (bytes) => consensus.checkBallot(bytes),
    storeReferenceBallot: (bytes) => void consensus.submitBallot(bytes),
    storeBlock: (id, layer, bytes) => insertBlock(state, id, layer, bytes),
    submitMalfeasanceProof: (bytes) => o.submitMalfeasanceProof(bytes),
    currentLayer: () => Math.floor((clock.now() - timing.genesisTimeMs) / timing.layerDurationMs),
    now: () => clock.now(),
    layersPerEpoch: o.preset.layersPerEpoch,
    layerDurationMs: timing.layerDurationMs,
    logger: o.logger,
    onProgress(status) {
      if (status.state !== 'synced') log.info('sync progress', { event: 'sync_progress', ...status });
      o.onProgress(status);
    },
  });
  syncer.start();
  return syncer;
}

/**
 * Why gossip on `topic` is not judged now (the node is behind), or null. The node's own messages are never gated:
 * it publishes only what it could build.
 */
export function syncGossipGate(syncer: Pick<Syncer, 'isSynced' | 'listenToAtxGossip'>, topic: string): CodedError | null {
  const listening = topic === TOPIC_ATX ? syncer.listenToAtxGossip() : syncer.isSynced();
  return listening ? null : new CodedError('NOT_SYNCED', `not synced: ${topic} gossip waits until this node has caught up`);
}
