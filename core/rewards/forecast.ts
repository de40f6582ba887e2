/**
 * What an identity should earn in an epoch, before the epoch, for the dashboard's forecast (spec spacemesh-node
 * §3.1, §5). Pure bigint arithmetic over the issuance curve.
 *
 * Every slot of an identity is worth `weight / eligibilities` of reward weight, and every other identity `j` fills
 * a layer with, on average, `slots_j / LPE` slots of `weight_j / slots_j` each, i.e. `weight_j / LPE`. So in a layer
 * where this identity holds `c` slots its expected share of the layer's subsidy is
 * `c·w/E / (c·w/E + (T − w)/LPE) = c·w·LPE / (c·w·LPE + (T − w)·E)`, and 0 in the layers where it holds none.
 * Without the per-layer eligibilities (before the VRF proofs exist) the expectation over the whole epoch is
 * `Σ subsidy · w / T`. Fees are not forecast: they are named as a cause of difference afterwards.
 * @module
 */
import { RewardsError } from './errors.js';
import { layerSubsidy } from './issuance.js';

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
  const genesis = 2 * lpe - 1;
  const layers: LayerForecast[] = [];
  let expected = 0n;
  for (let layer = Math.max(first, genesis); layer < first + lpe; layer++) {
    const subsidy = layerSubsidy(layer, lpe);
    let share: bigint;
    if (input.eligibleLayers === undefined) {
      share = (subsidy * w) / t;
    } else {
      const c = BigInt(slots.get(layer) ?? 0);
      const mine = c * w * BigInt(lpe);
      share = c === 0n ? 0n : (subsidy * mine) / (mine + (t - w) * BigInt(e));
    }
    layers.push({ layer, subsidy, expected: share });
    expected += share;
  }
  return { epoch, expected, layers };
}
