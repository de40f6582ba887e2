/**
 * Tortoise weights and thresholds in go-spacemesh's fixed-point arithmetic (docs/protocol/tortoise.md §3;
 * `tortoise/threshold.go`): the weight the epochs expect in a span of layers, the global threshold a layer's margin
 * must cross, and the three-way threshold test. Fixed-point (spacemeshos/fixed, core/util/fixed.ts) rather than
 * floats so that every node reaches the same decision whatever order its ballots came in. Pure.
 * @module
 */
import { type Fixed, abs, div, fixedInt, greater, isNegative, isZero, mul, add } from '../util/fixed.js';
import { ABSTAIN, AGAINST, SUPPORT, type Sign } from './votes.js';

/** By assumption the adversary holds at most a third of the weight. */
export const ADVERSARIAL_WEIGHT_FRACTION = 3;
/** Honest nodes must not land on different sides of the local threshold through the adversary's votes. */
export const LOCAL_THRESHOLD_FRACTION = 3;

/** `weight / 3 / layersPerEpoch`: a third of one layer's expected weight. */
export function localThreshold(epochWeight: Fixed, layersPerEpoch: number): Fixed {
  return div(div(epochWeight, fixedInt(BigInt(LOCAL_THRESHOLD_FRACTION))), fixedInt(BigInt(layersPerEpoch)));
}

/** `support` when `w` is positive and above `t`, `against` when negative and below `−t`, else neutral. */
export function crossesThreshold(w: Fixed, t: Fixed): Sign {
  if (!isZero(w) && !isNegative(w) && greater(w, t)) return SUPPORT;
  if (!isZero(w) && isNegative(w) && greater(abs(w), t)) return AGAINST;
  return ABSTAIN;
}

/** go's `getMedian` of ATX heights (the mean of the middle two for an even count; 0 for none). */
export function median(heights: readonly bigint[]): bigint {
  if (heights.length === 0) return 0n;
  const sorted = [...heights].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 0 ? (sorted[mid - 1]! + sorted[mid]!) / 2n : sorted[mid]!;
}

/**
 * The weight all ballots in layers `(target, last]` carry when every eligible one is there: whole epochs at their
 * weight, partial epochs pro rata by layer (go's `computeExpectedWeight`).
 */
export function expectedWeight(epochWeight: (epoch: number) => Fixed, layersPerEpoch: number, target: number, last: number): Fixed {
  const start = target + 1;
  const startEpoch = Math.floor(start / layersPerEpoch);
  const lastEpoch = Math.floor(last / layersPerEpoch);
  const lpe = fixedInt(BigInt(layersPerEpoch));
  if (startEpoch === lastEpoch) return div(mul(epochWeight(startEpoch), fixedInt(BigInt(last - start + 1))), lpe);
  let weight = div(mul(epochWeight(startEpoch), fixedInt(BigInt(layersPerEpoch - (start % layersPerEpoch)))), lpe);
  for (let epoch = startEpoch + 1; epoch < lastEpoch; epoch++) weight = add(weight, epochWeight(epoch));
  return add(weight, div(mul(epochWeight(lastEpoch), fixedInt(BigInt((last % layersPerEpoch) + 1))), lpe));
}

/** The expected weight voting on `target`, capped at the window (go's `computeExpectedWeightInWindow`). */
export function expectedWeightInWindow(
  epochWeight: (epoch: number) => Fixed,
  layersPerEpoch: number,
  windowSize: number,
  target: number,
  processed: number,
  last: number,
): Fixed {
  let window = last;
  if (last - target > windowSize) {
    window = target + windowSize;
    if (processed > window) window = processed;
  }
  return expectedWeight(epochWeight, layersPerEpoch, target, window);
}

/** `expectedWeightInWindow / 3 + localThreshold` (go's `computeGlobalThreshold`). */
export function globalThreshold(expectedInWindow: Fixed, local: Fixed): Fixed {
  return add(div(expectedInWindow, fixedInt(BigInt(ADVERSARIAL_WEIGHT_FRACTION))), local);
}
