/**
 * Reward outcomes in words: what each eligible layer's outcome and each gap's cause means for the smesher, and an
 * epoch's layers counted as paid, pending (can still pay) and missed. Pending layers are never counted as misses:
 * a running epoch must not read as "your node failed". Pure.
 * @module
 */
import type { EligibleLayerOutcome, EpochRewardInfo } from '../../../core/api/contract/contract.js';

const OUTCOME_WORDS: Readonly<Record<EligibleLayerOutcome, string>> = {
  paid: 'paid',
  pending: 'pending: the layer is not applied yet, it can still pay',
  node_offline: 'missed: the node was not running at that layer',
  missed_proposal: 'missed: the node ran but published no proposal for that layer',
  late_proposal: 'missed: the proposal came too late to be included in the layer’s block',
  empty_layer: 'missed: the network agreed on an empty layer (no block), so no one was paid',
};

/** Gap causes beyond the outcomes: differences on a paid layer, not misses. */
const GAP_WORDS: Readonly<Record<string, string>> = {
  share_variance: 'other smeshers’ share in the layer differed from the forecast',
  fees: 'transaction fees on top of the subsidy',
};

/** A layer outcome, or a gap or `rewardMissed` cause, as a sentence; unknown codes are shown as they are. */
export function outcomeWords(cause: string): string {
  if (cause in OUTCOME_WORDS) return OUTCOME_WORDS[cause as EligibleLayerOutcome];
  return GAP_WORDS[cause] ?? cause.replace(/_/g, ' ');
}

export interface EpochLayerCounts {
  readonly paid: number;
  readonly pending: number;
  readonly missed: number;
}

/**
 * Counts an epoch's eligible layers by outcome. Uses the per-layer outcomes where the node sent them, else the
 * totals (older nodes: `paidLayers` of `eligibleLayers`, pending from `pendingLayers` or 0).
 */
export function countLayers(e: EpochRewardInfo): EpochLayerCounts {
  if (e.layers !== undefined) {
    const paid = e.layers.filter((l) => l.outcome === 'paid').length;
    const pending = e.layers.filter((l) => l.outcome === 'pending').length;
    return { paid, pending, missed: e.layers.length - paid - pending };
  }
  const pending = e.pendingLayers ?? 0;
  return { paid: e.paidLayers, pending, missed: Math.max(0, e.eligibleLayers - e.paidLayers - pending) };
}
