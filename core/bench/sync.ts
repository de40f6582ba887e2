/**
 * `smesher bench sync` (docs/protocol/sync.md; docs/performance.md): how fast a node catches up over the sync
 * path, beside replaying the same history from a local database in the same run.
 * - ATXs/s: an epoch of real devnet ATXs (core/bench/atxWorld.ts) is recorded in a serving node's state.sql; a fresh
 *   node takes the epoch's ids (`ax/1`) and fetches every ATX with its PoET proof through the real fetch server and
 *   fetcher (blob checks included) and the node's fetch-before-validate path into the ATX handler. Baseline: the
 *   same ATX bytes read from the serving database and handed to the ATX handler of another fresh node.
 * - layers/s: a recorded mesh of layers (decided empty: no ballots or blocks, so this is the per-layer cost of `lp/2`
 *   chains, the decision and the mesh's apply with the VM, not of ballot validation) caught up by the syncer over
 *   the same in-process fetch; baseline: applying the same decisions to a fresh state.sql directly.
 * Requests go through an in-process host (no sockets), so network latency is not in the figures. I/O: temp files.
 * @module
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type AtxHandlerDeps, handleAtx } from '../activation/handler.js';
import { getAtxBlob, insertPoetProof, listAtxsByEpoch } from '../activation/store.js';
import { EdVerifier } from '../crypto/ed25519.js';
import { type Executor, STATE_SCHEMA, openDatabase } from '../db/index.js';
import { type FetchHost, Fetcher, fetchHandlers } from '../fetch/index.js';
import { MeshExecutor } from '../mesh/executor.js';
import { ForeignData } from '../node/foreignData.js';
import { blobVerifiers, servedData } from '../node/peerData.js';
import { getPreset } from '../params/presets.js';
import { createLabelKernel } from '../post/kernel.js';
import { Syncer } from '../sync/index.js';
import { genesisId as computeGenesisId, goldenAtxId } from '../types/genesis.js';
import { effectiveGenesisLayer } from '../types/layers.js';
import { nullLogger } from '../util/logger.js';
import { accept } from '../util/verdict.js';
import type { VmConfig } from '../vm/vm.js';
import { buildAtxWorld } from './atxWorld.js';
import { type BenchResult, benchResult } from './result.js';

const PEER = 'recorded-node';

/** A fetch host whose one peer answers from `served` through the real fetch server handlers. */
function inProcessHost(served: Executor, layersPerEpoch: number): FetchHost {
  const handlers = new Map(fetchHandlers(servedData(served, layersPerEpoch)).map((h) => [h.protocol, h.handler]));
  return {
    request: async (_peer, protocol, request) => {
      const handler = handlers.get(protocol);
      if (handler === undefined) throw new Error(`no handler for ${protocol}`);
      return handler('asker', request);
    },
    connectedPeers: () => [PEER],
    penalize: (peer, _amount, reason) => {
      throw new Error(`bench peer ${peer} penalized: ${reason}`);
    },
  };
}

export async function benchSync(atxCount = 2_000, layerCount = 400): Promise<BenchResult[]> {
  const preset = getPreset('devnet');
  const genesis = { genesisTimeMs: 1_800_000_000_000, extraData: 'bench-sync' };
  const genesisId = computeGenesisId(genesis);
  const golden = goldenAtxId(genesis);
  const world = await buildAtxWorld(atxCount, preset, genesisId, golden);
  const kernel = createLabelKernel(preset.post.scryptN);
  const epochMs = preset.layerDurationMs * preset.layersPerEpoch;
  const atxDeps = (db: Executor): AtxHandlerDeps => ({
    db,
    validation: { goldenAtxId: golden, verifier: new EdVerifier(genesisId), post: preset.post, tickSize: preset.poet.tickSize, kernel },
    now: () => genesis.genesisTimeMs + epochMs + 1_000,
    currentEpoch: () => 1,
    onDoublePublish: () => undefined,
    onInvalidPostIndex: () => undefined,
    onInvalidPrevAtx: () => undefined,
  });
  const dir = await mkdtemp(join(tmpdir(), 'smesher-bench-sync-'));
  const dbs: Array<{ close(): void }> = [];
  const open = (name: string): ReturnType<typeof openDatabase> => {
    const db = openDatabase(join(dir, name), STATE_SCHEMA);
    dbs.push(db);
    return db;
  };
  try {
    // The recorded history: the serving node holds the epoch (and the PoET proof, served as go's PoetProofMessage).
    const served = open('served.sql');
    insertPoetProof(served, { ref: world.poet.ref, serviceId: new Uint8Array([1]), round: 0, statement: world.poet.statement, leafCount: world.poet.leafCount, proof: world.poet.proof });
    for (const bytes of world.atxs) if (handleAtx(atxDeps(served), bytes).kind !== 'accept') throw new Error('recording an ATX failed');

    // Baseline: replay from a local database.
    const replayed = open('replayed.sql');
    insertPoetProof(replayed, { ref: world.poet.ref, serviceId: new Uint8Array([1]), round: 0, statement: world.poet.statement, leafCount: world.poet.leafCount, proof: world.poet.proof });
    const ids = listAtxsByEpoch(served, 1).map((a) => a.id);
    let start = performance.now();
    for (const id of ids) if (handleAtx(atxDeps(replayed), getAtxBlob(served, id)!).kind !== 'accept') throw new Error('replaying an ATX failed');
    const replayAtxRate = ids.length / ((performance.now() - start) / 1000);

    // Catch-up: ids by ax/1, bodies and the PoET proof by hs/1, through fetch-before-validate.
    const synced = open('synced.sql');
    const fetcher = new Fetcher({ host: inProcessHost(served, preset.layersPerEpoch), verifiers: blobVerifiers() });
    const foreign = new ForeignData({
      state: synced,
      fetcher,
      goldenAtxId: golden,
      submitAtx: (bytes) => handleAtx(atxDeps(synced), bytes),
      submitTx: () => Promise.resolve(accept(null)),
      logger: nullLogger,
    });
    start = performance.now();
    const { atxIds } = await fetcher.getEpochAtxIds(1, { peer: PEER });
    await foreign.fetchAtxs(atxIds);
    const syncAtxRate = atxIds.length / ((performance.now() - start) / 1000);
    if (listAtxsByEpoch(synced, 1).length !== ids.length) throw new Error('the catch-up missed ATXs');

    // Layers: the serving node's mesh, recorded; a local replay; a catch-up through the syncer.
    const vm: VmConfig = { genesisId, layersPerEpoch: preset.layersPerEpoch, gasLimit: BigInt(preset.blockGasLimit) };
    const mesh = (db: Executor): MeshExecutor => new MeshExecutor({ db, vm, hdist: preset.tortoise.hdist, zdist: preset.tortoise.zdist, onApplied: () => undefined });
    const first = effectiveGenesisLayer(preset.layersPerEpoch);
    const last = first + layerCount;
    const recorded = mesh(served);
    for (let l = first; l <= last; l++) recorded.applySynced(l, { by: 'empty' });
    const local = mesh(open('layers-replayed.sql'));
    start = performance.now();
    for (let l = first; l <= last; l++) local.applySynced(l, { by: 'empty' });
    const replayLayerRate = (layerCount + 1) / ((performance.now() - start) / 1000);

    const catching = mesh(synced);
    const syncer = new Syncer({
      fetcher,
      peers: () => [PEER],
      foreign,
      mesh: catching,
      hasAtx: () => true,
      hasTransaction: () => true,
      isMalicious: () => false,
      checkBallot: () => {
        throw new Error('the recorded layers have no ballots');
      },
      storeReferenceBallot: () => undefined,
      storeBlock: () => undefined,
      submitMalfeasanceProof: () => accept(null),
      // Far enough past the history that every recorded layer is settled.
      currentLayer: () => last + 8,
      now: () => performance.now(),
      layersPerEpoch: preset.layersPerEpoch,
      layerDurationMs: preset.layerDurationMs,
      logger: nullLogger,
    });
    start = performance.now();
    await syncer.round();
    const syncLayerRate = (layerCount + 1) / ((performance.now() - start) / 1000);
    if (catching.lastApplied() !== last - 1 && catching.lastApplied() !== last) throw new Error(`the syncer reached layer ${String(catching.lastApplied())}, not ${last}`);

    return [
      benchResult({ bench: 'sync', metric: 'catch_up_atxs_per_s', value: syncAtxRate, unit: `ATXs/s (${atxIds.length} devnet ATXs: ax/1 ids, hs/1 bodies and PoET proof, blob checks, ATX handler; in-process host)`, baseline: 'the same ATXs replayed from a local state.sql into the ATX handler, ATXs/s', baseline_value: replayAtxRate }),
      benchResult({ bench: 'sync', metric: 'catch_up_layers_per_s', value: syncLayerRate, unit: `layers/s (${layerCount} recorded empty layers: lp/2 chains, decision, mesh apply; no ballots or blocks; in-process host)`, baseline: 'the same decisions applied to a fresh state.sql, layers/s', baseline_value: replayLayerRate }),
    ];
  } finally {
    for (const db of dbs) db.close();
    await rm(dir, { recursive: true, force: true });
  }
}
