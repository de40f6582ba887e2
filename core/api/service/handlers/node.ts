/**
 * `node.status` and the `network.*` methods: the node's identity states and mesh progress, the network's timing
 * and genesis, layers and epochs with their start times, the ATX weight the node holds per epoch, and the presets
 * it could run. Reads the node only.
 * @module
 */
import { PRESETS } from '../../../params/presets.js';
import { LABEL_SIZE } from '../../../post/labelInput.js';
import { encodeAddress } from '../../../types/address.js';
import { effectiveGenesisLayer, epochOfLayer, epochStartMs, firstLayerOfEpoch, lastLayerOfEpoch, layerStartMs } from '../../../types/layers.js';
import { bytesToHex, hexToBytes } from '../../../util/bytes.js';
import { API_VERSION, type EpochInfo, type IdentityStatus, type LayerInfo, type MeshProgress, type NetworkInfo, type NodeStatus, type P2pStatus, type PeerInfo, type PresetInfo } from '../../contract/contract.js';
import type { Handlers } from '../dispatch.js';
import { notAvailable } from '../errors.js';
import type { ApiDeps } from '../interface.js';

export function networkInfo(deps: ApiDeps): NetworkInfo {
  const { node } = deps;
  return {
    preset: node.preset.name,
    hrp: node.preset.hrp,
    genesisTimeMs: node.genesisTimeMs,
    genesisId: bytesToHex(node.genesisId),
    goldenAtxId: bytesToHex(node.goldenAtxId),
    layerDurationMs: node.layers.timing.layerDurationMs,
    layersPerEpoch: node.layers.timing.layersPerEpoch,
    currentLayer: node.layers.currentLayer(),
    currentEpoch: node.layers.currentEpoch(),
    poets: node.poet === undefined ? [...node.preset.poet.servers] : [node.poet.url],
    ...(deps.networkName === undefined ? {} : { name: deps.networkName }),
  };
}

export function identityStatuses(deps: ApiDeps): IdentityStatus[] {
  return deps.node.identities().map((i) => ({
    smesherId: i.smesherId,
    numUnits: i.numUnits,
    postDir: i.postDir,
    coinbase: encodeAddress(hexToBytes(i.coinbase), deps.node.preset.hrp),
    state: i.state,
    error: i.error,
    ...(i.threads === undefined ? {} : { threads: i.threads }),
    ...(i.malicious === null ? {} : { malicious: i.malicious }),
    ...(i.paidFromEpoch === undefined ? {} : { paidFromEpoch: i.paidFromEpoch }),
  }));
}

/**
 * How far behind the layer clock the applied mesh may be before the node calls itself out of step: go-spacemesh's
 * syncer `OutOfSyncThresholdLayers` default (10; its mainnet config uses 36 layers, 3 hours). A healthy standalone
 * node trails by 2–3 layers: a layer is applied once its hare has ended, during a later layer.
 */
export const OUT_OF_SYNC_LAYERS = 10;

export function meshProgress(deps: ApiDeps): MeshProgress | null {
  const consensus = deps.node.consensus;
  if (consensus === undefined) return null;
  const appliedLayer = consensus.mesh.lastApplied() ?? effectiveGenesisLayer(deps.node.layers.timing.layersPerEpoch);
  return {
    appliedLayer,
    verifiedLayer: consensus.tortoise.verified,
    inStep: deps.node.layers.currentLayer() - appliedLayer <= OUT_OF_SYNC_LAYERS,
    outOfSyncLayers: OUT_OF_SYNC_LAYERS,
  };
}

function p2pStatus(deps: ApiDeps): P2pStatus | null {
  const p2p = deps.node.p2p;
  if (p2p === null) return null;
  const peers = p2p.peers().length;
  const minPeers = deps.node.preset.p2p.minPeers;
  return { peerId: p2p.peerId, addrs: p2p.addrs(), peers, minPeers, connected: peers >= minPeers };
}

/** The status snapshot; `startedMs` is when the API (and with it the node) started. */
export function nodeStatus(deps: ApiDeps, startedMs: number): NodeStatus {
  const identities = identityStatuses(deps);
  return {
    version: deps.version,
    apiVersion: API_VERSION,
    network: networkInfo(deps),
    mesh: meshProgress(deps),
    p2p: p2pStatus(deps),
    sync: deps.node.sync?.() ?? null,
    smeshing: identities.length > 0,
    identities,
    uptimeMs: Math.max(0, deps.clock.now() - startedMs),
  };
}

export function nodeHandlers(deps: ApiDeps, startedMs: number): Pick<Handlers, 'node.status' | 'network.info' | 'network.epochs' | 'network.layers' | 'network.peers' | 'network.presets'> {
  const timing = deps.node.layers.timing;
  return {
    'node.status': () => Promise.resolve(nodeStatus(deps, startedMs)),
    'network.info': () => Promise.resolve(networkInfo(deps)),
    'network.layers': ({ from, to }) => {
      const layers: LayerInfo[] = [];
      for (let layer = from; layer <= to; layer++) {
        layers.push({ layer, epoch: epochOfLayer(layer, timing.layersPerEpoch), startMs: layerStartMs(timing, layer) });
      }
      return Promise.resolve(layers);
    },
    'network.epochs': ({ from, to }) => {
      const epochs: EpochInfo[] = [];
      for (let epoch = from; epoch <= to; epoch++) {
        // ATXs published in epoch e-1 give weight in epoch e.
        const atxs = epoch === 0 ? [] : deps.node.listAtxs(epoch - 1);
        epochs.push({
          epoch,
          startMs: epochStartMs(timing, epoch),
          firstLayer: firstLayerOfEpoch(epoch, timing.layersPerEpoch),
          lastLayer: lastLayerOfEpoch(epoch, timing.layersPerEpoch),
          atxCount: atxs.length,
          totalWeight: atxs.reduce((sum, a) => sum + BigInt(a.weight), 0n).toString(),
        });
      }
      return Promise.resolve(epochs);
    },
    // A network of one has no peers at all: say so rather than report zero (which would read as "disconnected").
    'network.peers': () => {
      const p2p = deps.node.p2p;
      if (p2p === null) return Promise.reject(notAvailable('the peer list (this network has no peer-to-peer transport)'));
      return Promise.resolve(
        p2p.peers().map((p): PeerInfo => ({ id: p.peerId, address: p.address, direction: p.direction, latencyMs: p.latencyMs, score: p.score })),
      );
    },
    'network.presets': () =>
      Promise.resolve(
        Object.values(PRESETS).map(
          (p): PresetInfo => ({
            name: p.name,
            description: p.description,
            layerDurationMs: p.layerDurationMs,
            layersPerEpoch: p.layersPerEpoch,
            bytesPerUnit: p.post.labelsPerUnit * LABEL_SIZE,
            embeddedPoet: p.poet.embedded,
            current: p.name === deps.node.preset.name,
          }),
        ),
      ),
  };
}
