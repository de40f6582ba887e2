/**
 * What an identity should earn in an epoch, before the epoch, for the dashboard's forecast (docs/protocol/eligibility.md
 * §1; docs/protocol/blocks-and-rewards.md §4–5). Pure bigint arithmetic over the issuance curve.
 *
 * Every slot of an identity is worth `weight / eligibilities` of reward weight, and a layer pays
 * `floor(subsidy · own weight / total weight of the layer's eligible ballots)` (docs/protocol/blocks-and-rewards.md §5). In a layer where this
 * identity holds `c` slots:
 * - when the other ballots' reward weights are known (`knownLayers`: after the layer, from its block) the
 *   forecast is that exact split;
 * - otherwise it is `E[c/(c+K)]` over the other slots `K` the VRF may put in the layer (core/rewards/layerShare.ts
 *   says what is estimated and why the plain ratio of averages would run low),
 * and 0 in the layers where it holds none. Without the per-layer eligibilities (before the VRF proofs exist) the
 * expectation over the whole epoch is `Σ subsidy · w / T` (every slot is equally likely in every layer; the
 * chance of a layer with no slot at all, which burns, is negligible at ~50 slots a layer). Fees are not forecast:
 * they are named as a cause of difference afterwards.
 * @module
 */
import { RewardsError } from './errors.js';
import { layerSubsidy } from './issuance.js';
import { applyShare, expectedShare } from './layerShare.js';
import { type RatNum, proposalRewardWeight, splitLayerReward } from './split.js';

export interface EpochForecastInput {
  readonly epoch: number;
  readonly layersPerEpoch: number;
  /** The identity's ATX weight for the epoch. */
  readonly weight: bigint;
  /** The sum of the epoch's active-set weights (this identity included). */
  readonly totalWeight: bigint;
  /** The identity's eligibility slots in the epoch (its reference ballot's count). */
  readonly eligibilities: number;
  /** The layers the VRF made it eligible in, with the slot count per layer; absent for the epoch-average estimate. */
  readonly eligibleLayers?: readonly { readonly layer: number; readonly count: number }[];
  /** Layers whose other eligible ballots are known: their reward weights (block entries of the other ATXs). */
  readonly knownLayers?: readonly { readonly layer: number; readonly others: readonly RatNum[] }[];
}

export interface LayerForecast {
  readonly layer: number;
  readonly subsidy: bigint;
  /** Smidge of subsidy this identity should receive in the layer (floored). */
  readonly expected: bigint;
}

export interface EpochForecast {
  readonly epoch: number;
  /** Σ expected over the layers (each floored, as the real split floors per layer). */
  readonly expected: bigint;
  /** Every layer of the epoch at or after the first effective genesis layer. */
  readonly layers: LayerForecast[];
}

/**
 * The expected subsidy reward of one identity over one epoch.
 * @throws {RewardsError} INVALID_ARGUMENT for a non-positive weight, a weight above the total, a non-positive
 *   eligibility count, or an eligible layer outside the epoch
 */
export function expectedEpochReward(input: EpochForecastInput): EpochForecast {
  const { epoch, layersPerEpoch: lpe, weight: w, totalWeight: t, eligibilities: e } = input;
  if (!Number.isSafeInteger(lpe) || lpe <= 0 || !Number.isSafeInteger(epoch) || epoch < 0) {
    throw new RewardsError('INVALID_ARGUMENT', `epoch ${epoch} with ${lpe} layers per epoch is not an epoch`);
  }
  if (w <= 0n || t < w) throw new RewardsError('INVALID_ARGUMENT', `weight ${w} must be positive and at most the total ${t}`);
  if (!Number.isSafeInteger(e) || e <= 0) throw new RewardsError('INVALID_ARGUMENT', `eligibilities ${e} must be a positive integer`);
  const first = epoch * lpe;
  const slots = new Map<number, number>();
  for (const { layer, count } of input.eligibleLayers ?? []) {
    if (layer < first || layer >= first + lpe || !Number.isSafeInteger(count) || count <= 0) {
      throw new RewardsError('INVALID_ARGUMENT', `eligible layer ${layer} x${count} is not in epoch ${epoch}`);
    }
    slots.set(layer, (slots.get(layer) ?? 0) + count);
  }
  const known = new Map<number, readonly RatNum[]>();
  for (const { layer, others } of input.knownLayers ?? []) {
    if (layer < first || layer >= first + lpe) throw new RewardsError('INVALID_ARGUMENT', `known layer ${layer} is not in epoch ${epoch}`);
    known.set(layer, others);
  }
  // The other smeshers' slots in the epoch, each weighing w/E like ours (layerShare.ts), memoised per slot count.
  const otherSlots = Number(((t - w) * BigInt(e) * 2n + w) / (2n * w));
  const shareOf = new Map<number, number>();
  const estimated = (c: number): number => {
    let s = shareOf.get(c);
    if (s === undefined) shareOf.set(c, (s = expectedShare(c, otherSlots, 1 / lpe)));
    return s;
  };
  const genesis = 2 * lpe - 1;
  const layers: LayerForecast[] = [];
  let expected = 0n;
  for (let layer = Math.max(first, genesis); layer < first + lpe; layer++) {
    const subsidy = layerSubsidy(layer, lpe);
    let share: bigint;
    const c = slots.get(layer) ?? 0;
    const others = known.get(layer);
    if (input.eligibleLayers === undefined) {
      share = (subsidy * w) / t;
    } else if (c === 0) {
      share = 0n;
    } else if (others !== undefined) {
      const mine = proposalRewardWeight(w, e, c);
      share = splitLayerReward(subsidy, 0n, [mine, ...others].map((weight) => ({ weight }))).shares[0]!.layerReward;
    } else {
      share = applyShare(subsidy, estimated(c));
    }
    layers.push({ layer, subsidy, expected: share });
    expected += share;
  }
  return { epoch, expected, layers };
}
