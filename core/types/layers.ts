/**
 * Layer and epoch arithmetic (docs/protocol/time.md §1; go-spacemesh `common/types/layer.go`,
 * `timesync/converter.go`). Layers and epochs are uint32; time is milliseconds since the Unix epoch. Pure.
 * @module
 */
import { aint } from '../util/assert.js';

const U32_MAX = 0xffff_ffff;

export interface LayerTiming {
  readonly genesisTimeMs: number;
  readonly layerDurationMs: number;
  readonly layersPerEpoch: number;
}

/** The epoch a layer belongs to. */
export function epochOfLayer(layer: number, layersPerEpoch: number): number {
  aint(layer, 0, U32_MAX, 'layer');
  return Math.floor(layer / layersPerEpoch);
}

/** The first layer of an epoch. */
export function firstLayerOfEpoch(epoch: number, layersPerEpoch: number): number {
  aint(epoch, 0, U32_MAX, 'epoch');
  return epoch * layersPerEpoch;
}

/** The last layer of an epoch. */
export function lastLayerOfEpoch(epoch: number, layersPerEpoch: number): number {
  return firstLayerOfEpoch(epoch + 1, layersPerEpoch) - 1;
}

/**
 * The last layer of the genesis period, `2·LPE − 1`: epochs 0 and 1 carry no ballots or blocks; the first ATXs
 * are published in epoch 1 and the first eligible layer is `2·LPE`.
 */
export function effectiveGenesisLayer(layersPerEpoch: number): number {
  return 2 * layersPerEpoch - 1;
}

/** When a layer starts. */
export function layerStartMs(timing: LayerTiming, layer: number): number {
  aint(layer, 0, U32_MAX, 'layer');
  return timing.genesisTimeMs + layer * timing.layerDurationMs;
}

/** When an epoch starts (its first layer's start). */
export function epochStartMs(timing: LayerTiming, epoch: number): number {
  return layerStartMs(timing, firstLayerOfEpoch(epoch, timing.layersPerEpoch));
}

/** The layer in progress at `timeMs`; times before genesis map to layer 0, as in go-spacemesh. */
export function layerAt(timing: LayerTiming, timeMs: number): number {
  if (timeMs <= timing.genesisTimeMs) return 0;
  return Math.floor((timeMs - timing.genesisTimeMs) / timing.layerDurationMs);
}

/** The epoch in progress at `timeMs`. */
export function epochAt(timing: LayerTiming, timeMs: number): number {
  return epochOfLayer(layerAt(timing, timeMs), timing.layersPerEpoch);
}
