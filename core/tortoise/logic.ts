/**
 * Tortoise rules that are plain functions (docs/protocol/tortoise.md; go-spacemesh `tortoise/model`,
 * `tortoise/state.go`): the layer opinion hash chain, ballot weight, and the verifying-mode thresholds. Pure.
 * @module
 */
import { blake3 } from '../crypto/hash.js';
import { u64le } from '../util/bytes.js';

/** The opinion hash before the first layer that can have blocks. */
export const GENESIS_OPINION = new Uint8Array(32);

/** Why a layer holds what it holds: a hare output (possibly empty), or termination as empty after zdist. */
export type Decision = { readonly by: 'hare'; readonly block: { readonly id: Uint8Array; readonly height: bigint } | null } | { readonly by: 'empty' };

/**
 * `opinion(L) = blake3(opinion(L−1) || X)`: X is `blockId(20) || height(u64 LE)` for the supported block, nothing
 * for an empty hare output, and `0x00` for a layer the hare never terminated.
 */
export function nextOpinion(prev: Uint8Array, decision: Decision): Uint8Array {
  if (decision.by === 'empty') return blake3(prev, new Uint8Array([0]));
  if (decision.block === null) return blake3(prev);
  return blake3(prev, decision.block.id, u64le(decision.block.height));
}

/** A ballot's weight: `atxWeight / eligibilityCount · proofs` (as a float; only compared with thresholds). */
export function ballotWeight(atxWeight: number, eligibilityCount: number, proofs: number): number {
  return (atxWeight / eligibilityCount) * proofs;
}

/**
 * The weight of good ballots in layers `(target, last]` that verifies `target`: `expected/3 + local`, where
 * `expected` is the weight the epochs expect in those layers and `local = epochWeight / 3 / LPE`.
 */
export function globalThreshold(expectedPerLayer: (layer: number) => number, target: number, last: number): number {
  let expected = 0;
  for (let l = target + 1; l <= last; l++) expected += expectedPerLayer(l);
  return expected / 3 + expectedPerLayer(target) / 3;
}
