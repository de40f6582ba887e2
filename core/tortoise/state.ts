/**
 * The tortoise's in-memory state (docs/protocol/tortoise.md; go-spacemesh `tortoise/state.go`): per layer its blocks,
 * hare termination, empty-vote weight, verifying-mode counters and local opinion hash; per epoch the ATX weight,
 * median ATX height and beacon; every ballot with its weight, reference data and opinion chain. The algorithm
 * (core/tortoise/turtle.ts) reads and updates it. Pure.
 * @module
 */
import type { Fixed } from '../util/fixed.js';
import { ABSTAIN, type BlockInfo, type LayerVote, type Sign, SUPPORT, linkOpinion, sortBlocks } from './votes.js';

export interface EpochInfo {
  /** Sum of the weights of non-malicious ATXs targeting the epoch. */
  weight: Fixed;
  /** Median tick height of those ATXs (computed at the epoch's first layer). */
  height: bigint;
  /** This node's beacon for the epoch (hex), or null while unknown. */
  beacon: string | null;
}

/** What a reference ballot declares for its smesher's epoch (shared by the smesher's later ballots). */
export interface ReferenceInfo {
  readonly smesher: string;
  readonly atxId: string;
  readonly beacon: string;
  readonly height: bigint;
  /** ATX weight / eligibility count, reduced (go's `big.Rat`). */
  readonly weightNum: bigint;
  readonly weightDen: bigint;
}

export interface BallotInfo {
  readonly id: string;
  readonly layer: number;
  malicious: boolean;
  weight: Fixed;
  readonly reference: ReferenceInfo;
  votes: LayerVote | null;
  badBeacon: boolean;
}

export function ballotOpinion(b: { votes: LayerVote | null }): Uint8Array {
  return b.votes?.opinion ?? new Uint8Array(32);
}

export interface LayerInfo {
  readonly layer: number;
  /** Weight of ballots that vote the layer empty, minus those that vote for a block (full mode). */
  empty: Fixed;
  hareTerminated: boolean;
  blocks: BlockInfo[];
  /** Weight of good ballots that cannot vote on this layer (verifying mode). */
  goodUncounted: Fixed;
  /** The highest block height at or below the epoch's median ATX height, in this or an earlier layer. */
  referenceHeight: bigint;
  /** The hare's weak coin for the layer (support: true), neutral while unknown. */
  coinflip: Sign;
  /** Opinion chains of this layer's ballots, by their hash (ballots share them). */
  readonly opinions: Map<string, LayerVote | null>;
  /** This node's opinion hash up to and including the layer. */
  opinion: Uint8Array;
  /**
   * The previous layer (its opinion chains into this one's): the live layer, or once it is evicted only its last
   * opinion; null for the effective genesis layer.
   */
  prev: { readonly opinion: Uint8Array } | null;
}

export function newLayerInfo(layer: number, prev: LayerInfo['prev']): LayerInfo {
  return {
    layer,
    empty: 0n,
    hareTerminated: false,
    blocks: [],
    goodUncounted: 0n,
    referenceHeight: 0n,
    coinflip: ABSTAIN,
    opinions: new Map(),
    opinion: new Uint8Array(32),
    prev,
  };
}

/**
 * The layer's local opinion hash (go's `layerInfo.computeOpinion`): abstain while the hare has not terminated;
 * within hdist of `last` the hare's block; beyond it the valid blocks.
 */
export function computeLayerOpinion(layer: LayerInfo, hdist: number, last: number): void {
  const supported = !layer.hareTerminated
    ? []
    : withinDistance(hdist, layer.layer, last)
      ? layer.blocks.filter((b) => b.hare === SUPPORT)
      : layer.blocks.filter((b) => b.validity === SUPPORT);
  sortBlocks(supported);
  layer.opinion = linkOpinion(layer.prev?.opinion ?? null, supported, !layer.hareTerminated);
}

/** `layer + dist > last`: the layer is within `dist` of the last layer. */
export function withinDistance(dist: number, layer: number, last: number): boolean {
  return layer + dist > last;
}
