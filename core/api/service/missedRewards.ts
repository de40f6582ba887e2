/**
 * The `rewardMissed` event: when the node applies a layer, that layer can no longer pay (its block, or its empty
 * decision, is in the mesh), so each of our identities that was eligible in it and got no reward is reported once,
 * with the cause the node's reward account names (core/rewards/account.ts). Layers that were not applied yet are
 * never reported: the account calls them pending. Reads the node's consensus port only.
 * @module
 */
import { epochOfLayer } from '../../types/layers.js';
import type { MeshEvent } from '../../types/timeline.js';
import { hexToBytes } from '../../util/bytes.js';
import type { Logger } from '../../util/logger.js';
import type { ApiEvents } from '../contract/contract.js';
import type { ApiNode } from './interface.js';

/** Epochs of eligible-layer sets and reported layers kept: the current one and the one before (catch-up, reverts). */
const KEPT_EPOCHS = 2;

/**
 * Starts reporting missed rewards through `emit`; returns the function that stops it.
 * Runs inside the node's event delivery, so a failure is logged here and never reaches the node's loop.
 */
export function watchMissedRewards(node: Pick<ApiNode, 'events' | 'consensus' | 'identities' | 'preset'>, emit: (data: ApiEvents['rewardMissed']) => void, logger: Logger): () => void {
  const lpe = node.preset.layersPerEpoch;
  // `${smesherId}:${epoch}` → the identity's eligible layers, so layers it is not eligible in cost one map lookup.
  const eligible = new Map<string, { epoch: number; layers: ReadonlySet<number> }>();
  // `${smesherId}:${layer}` → its epoch, for the layers already reported (a re-applied layer is not reported again).
  const reported = new Map<string, number>();

  const check = (layer: number): void => {
    const consensus = node.consensus;
    if (consensus === undefined) return;
    const epoch = epochOfLayer(layer, lpe);
    for (const { smesherId } of node.identities()) {
      const key = `${smesherId}:${layer}`;
      if (reported.has(key)) continue;
      const known = eligible.get(`${smesherId}:${epoch}`);
      if (known !== undefined && !known.layers.has(layer)) continue;
      const account = consensus.rewardAccount(hexToBytes(smesherId), epoch);
      if (account === null) continue;
      if (known === undefined) eligible.set(`${smesherId}:${epoch}`, { epoch, layers: new Set(account.layers.map((l) => l.layer)) });
      const outcome = account.layers.find((l) => l.layer === layer)?.outcome;
      if (outcome === undefined || outcome === 'paid' || outcome === 'pending') continue;
      reported.set(key, epoch);
      emit({ smesherId, layer, reason: outcome });
    }
    for (const [k, v] of eligible) if (v.epoch <= epoch - KEPT_EPOCHS) eligible.delete(k);
    for (const [k, e] of reported) if (e <= epoch - KEPT_EPOCHS) reported.delete(k);
  };
  const onMesh = (event: MeshEvent): void => {
    if (event.event !== 'block_applied') return;
    try {
      check(event.layer);
    } catch (err) {
      logger.warn('missed-reward check failed', { layer: event.layer, error: (err as Error).message });
    }
  };
  node.events.on('mesh', onMesh);
  return () => node.events.off('mesh', onMesh);
}
