/**
 * Replaying the mesh into an empty state (issue #6 "done when"): every decided layer's block, re-applied in order
 * through the VM into a fresh database, must end in the state hash the node stored. I/O.
 * @module
 */
import type { Executor } from '../db/index.js';
import { type VmConfig, applyLayer, getStateHash } from '../vm/vm.js';
import { MeshError } from './errors.js';
import { layerInput } from './resolve.js';
import { getLastMeshLayer, listMeshLayers } from './store.js';

/**
 * Applies `source`'s decided layers to `target` (an empty state database).
 * @returns the last layer and both state hashes
 * @throws {MeshError} STATE_MISMATCH at the first layer whose replayed state hash differs; MISSING_DATA
 */
export function replayMesh(source: Executor, target: Executor, vm: VmConfig): { layer: number | null; stateHash: Uint8Array | null } {
  const last = getLastMeshLayer(source);
  if (last === undefined) return { layer: null, stateHash: null };
  let hash: Uint8Array | null = null;
  for (const m of listMeshLayers(source, 0, last.layer)) {
    hash = applyLayer(target, vm, layerInput(source, m)).stateHash;
    const stored = getStateHash(source, m.layer);
    if (stored === null || Buffer.compare(stored, hash) !== 0) {
      throw new MeshError('STATE_MISMATCH', `replayed state hash of layer ${m.layer} differs from the stored one`, { layer: m.layer });
    }
  }
  return { layer: last.layer, stateHash: hash };
}
