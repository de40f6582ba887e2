/**
 * The account of an identity's rewards in one epoch (issue #6 item 9; docs/architecture.md §1 "Predictable"): the forecast
 * made from its eligibilities before the epoch, the actual reward after it, and every difference between them
 * attributed to a named cause, layer by layer. Pure: the facts come in from core/node/rewardAccount.ts.
 *
 * An eligible layer that has not been applied yet (not reached, or still waiting for its hare output or the
 * zdist cut-off) can still pay: it is `pending`, counted apart (`pending`, `pendingLayers`) and never a gap, so a
 * running epoch does not show its future layers as "node offline". Once applied, per eligible layer, in the order
 * they are checked:
 * - `node_offline`: no proposal signed and the layer was never decided by the hare (the node was not running);
 * - `missed_proposal`: no proposal signed although the layer was decided (the node ran but did not propose);
 * - `late_proposal`: a proposal was signed but the layer's block does not pay it: the hare output left it out, or
 *   the layer has a block the network decided without this node's hare;
 * - `empty_layer`: the proposal was signed and not left out by the hare, but the layer has no block (the hare did
 *   not terminate, or agreed on the proposal and no block was built);
 * - `share_variance`: paid, but the other smeshers' eligibilities in the layer differed from their epoch average
 *   the forecast assumes (the forecast's expectation, not an error).
 * Separately, `fees`: transaction fees paid on top of the subsidy, never forecast.
 * @module
 */
import type { EpochForecast } from './forecast.js';

/** Why an applied eligible layer paid nothing. */
export type MissedRewardCause = 'node_offline' | 'missed_proposal' | 'late_proposal' | 'empty_layer';
export type RewardGapCause = MissedRewardCause | 'share_variance' | 'fees';

/** Where one eligible layer stands: paid, still able to pay, or missed with its cause. */
export type EligibleLayerOutcome = 'paid' | 'pending' | MissedRewardCause;

/** What happened in one layer the identity was eligible in. */
export interface EligibleLayerFacts {
  readonly layer: number;
  readonly count: number;
  /** The layer is applied (in the mesh): its reward, if any, is paid; false while it can still pay. */
  readonly applied: boolean;
  readonly proposalSigned: boolean;
  /** The layer has a mesh decision by the hare (false: undecided or terminated as empty after zdist). */
  readonly hareDecided: boolean;
  readonly inHareOutput: boolean;
  readonly layerHasBlock: boolean;
  /** The reward row of the identity in the layer, if paid. */
  readonly paid: { readonly totalReward: bigint; readonly layerReward: bigint } | null;
}

export interface RewardGap {
  readonly layer: number;
  readonly cause: RewardGapCause;
  /** actual − expected, in smidge (negative: less than forecast). */
  readonly amount: bigint;
}

export interface EligibleLayerAccount {
  readonly layer: number;
  readonly count: number;
  /** The forecast for the layer, in smidge of subsidy. */
  readonly expected: bigint;
  readonly outcome: EligibleLayerOutcome;
}

export interface EpochRewardAccount {
  readonly epoch: number;
  readonly expected: bigint;
  /** Σ total rewards (subsidy share + fees). */
  readonly actual: bigint;
  readonly eligibleLayers: number;
  readonly paidLayers: number;
  /** The part of `expected` in eligible layers not applied yet (they can still pay). */
  readonly pending: bigint;
  readonly pendingLayers: number;
  readonly gaps: readonly RewardGap[];
  /** Every eligible layer with its forecast and outcome, in layer order. */
  readonly layers: readonly EligibleLayerAccount[];
}

/**
 * Accounts one identity's epoch. `Σ gaps.amount = actual − (expected − pending)` exactly.
 * @param forecast - {@link expectedEpochReward} with the identity's eligible layers
 */
export function accountEpoch(forecast: EpochForecast, facts: readonly EligibleLayerFacts[]): EpochRewardAccount {
  const expectedBy = new Map(forecast.layers.map((l) => [l.layer, l.expected]));
  const gaps: RewardGap[] = [];
  const layers: EligibleLayerAccount[] = [];
  let actual = 0n;
  let paidLayers = 0;
  let pending = 0n;
  let pendingLayers = 0;
  for (const f of [...facts].sort((a, b) => a.layer - b.layer)) {
    const expected = expectedBy.get(f.layer) ?? 0n;
    // A reward row can only exist for an applied layer; `paid` wins should the facts ever disagree.
    if (f.paid === null && !f.applied) {
      pending += expected;
      pendingLayers++;
      layers.push({ layer: f.layer, count: f.count, expected, outcome: 'pending' });
      continue;
    }
    if (f.paid !== null) {
      paidLayers++;
      layers.push({ layer: f.layer, count: f.count, expected, outcome: 'paid' });
      actual += f.paid.totalReward;
      if (f.paid.layerReward !== expected) gaps.push({ layer: f.layer, cause: 'share_variance', amount: f.paid.layerReward - expected });
      const fees = f.paid.totalReward - f.paid.layerReward;
      if (fees !== 0n) gaps.push({ layer: f.layer, cause: 'fees', amount: fees });
      continue;
    }
    const cause = missedCause(f);
    layers.push({ layer: f.layer, count: f.count, expected, outcome: cause });
    if (expected !== 0n) gaps.push({ layer: f.layer, cause, amount: -expected });
  }
  return { epoch: forecast.epoch, expected: forecast.expected, actual, eligibleLayers: facts.length, paidLayers, pending, pendingLayers, gaps, layers };
}

/** Why an applied eligible layer with no reward row paid nothing (the order of the module comment). */
function missedCause(f: EligibleLayerFacts): MissedRewardCause {
  if (!f.proposalSigned) return f.hareDecided ? 'missed_proposal' : 'node_offline';
  // Decided without us: the hare's output left our proposal out.
  if (f.hareDecided && !f.inHareOutput) return 'late_proposal';
  // A block that does not pay us (the hare agreed on ours but another block was applied, or the layer's block came
  // from the network's certificate or tortoise while our hare had no result).
  if (f.layerHasBlock) return 'late_proposal';
  // No block at all: our hare ended without a result (it did not terminate), or agreed and nothing was built.
  return 'empty_layer';
}
