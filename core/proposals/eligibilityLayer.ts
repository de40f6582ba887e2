/**
 * Which layer a ballot eligibility falls in (docs/protocol/eligibility.md §2; go-spacemesh `proposals/util.go`
 * `CalcEligibleLayer`): `firstLayer(epoch) + (LE_u64(proof[0:8]) mod layersPerEpoch)`. Pure.
 * @module
 */
import { firstLayerOfEpoch } from '../types/layers.js';
import { abytes } from '../util/assert.js';
import { readU64le } from '../util/bytes.js';

/** The layer of `epoch` that the VRF proof of one eligibility selects. */
export function eligibilityLayer(vrfProof: Uint8Array, epoch: number, layersPerEpoch: number): number {
  abytes(vrfProof, 80, 'vrfProof');
  return firstLayerOfEpoch(epoch, layersPerEpoch) + Number(readU64le(vrfProof) % BigInt(layersPerEpoch));
}
