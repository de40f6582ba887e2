/**
 * Tortoise rules that are plain functions (docs/protocol/tortoise.md; go-spacemesh `tortoise/model`,
 * `tortoise/state.go`): the layer opinion hash chain and a ballot's weight as a float (the sync decision; the tortoise
 * itself weighs in fixed point, core/tortoise/threshold.ts). Pure.
 * @module
 */
import { blake3 } from '../crypto/hash.js';
import { u64le } from '../util/bytes.js';

/**
 * The opinion hash of the effective genesis layer: hare-terminated, no block, nothing before it, so the hash of
 * nothing (go's tortoise computes it so in `newTurtle`).
 */
export const GENESIS_OPINION = blake3();

/** Why a layer holds what it holds: a hare output (possibly empty), or termination as empty after zdist. */
export type Decision = { readonly by: 'hare'; readonly block: { readonly id: Uint8Array; readonly height: bigint } | null } | { readonly by: 'empty' };

/**
 * `opinion(L) = blake3(opinion(L−1) || X)`: X is `blockId(20) || height(u64 LE)` for the supported block, and
 * nothing for a layer decided empty, whether by an empty hare output or terminated empty after zdist (go's tortoise
 * records both as an empty hare output). The abstain sentinel `0x00` is only ever in ballots' votes, for a layer
 * whose hare had not finished (core/tortoise/votes.ts).
 */
export function nextOpinion(prev: Uint8Array, decision: Decision): Uint8Array {
  if (decision.by === 'empty' || decision.block === null) return blake3(prev);
  return blake3(prev, decision.block.id, u64le(decision.block.height));
}

/** A ballot's weight: `atxWeight / eligibilityCount · proofs` (as a float; only compared with thresholds). */
export function ballotWeight(atxWeight: number, eligibilityCount: number, proofs: number): number {
  return (atxWeight / eligibilityCount) * proofs;
}
