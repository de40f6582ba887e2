/**
 * The issuance curve: how many smidge of subsidy each layer mints (docs/protocol/blocks-and-rewards.md §4; spacemeshos/economics
 * `rewards/rewards.go`).
 *
 * `accumulated(k) = floor(S * (1 - e^(-λ(k+1))))` and `subsidy(k) = accumulated(k) - accumulated(k-1)`, with
 * `k = layer - (2·LPE - 1)` layers after the first effective genesis. Every intermediate is a 34-significant-digit
 * decimal rounded half-to-even after each operation, because that is what the reference computes with
 * ericlagergren/decimal `Context128`; λ is derived through the same chain of roundings (ln 2, the ten-year issuance
 * fraction, the half-life), not typed in, so a different order of operations would show up as a wrong vector.
 * Truncation to an integer matches `decimal.Big.Uint64()`. Pure.
 * @module
 */
import { Decimal } from 'decimal.js';
import { RewardsError } from './errors.js';

/** Context128: 34 significant digits, round half to even, and an exponent range that never clamps here. */
const D = Decimal.clone({ precision: 34, rounding: Decimal.ROUND_HALF_EVEN, toExpNeg: -9e15, toExpPos: 9e15 });

const ONE_SMESH = 1_000_000_000n;
/** Layers in 365 days of 5-minute layers (economics `constants.OneYear`). */
const ONE_YEAR_LAYERS = 105_120n;
const TOTAL_VAULTED = 150_000_000n * ONE_SMESH;
const TEN_YEAR_TARGET = 600_000_000n * ONE_SMESH;
const TOTAL_ISSUANCE = 2_400_000_000n * ONE_SMESH;

/** Smidge the curve will ever mint: 2.25e18 (total issuance less the vaulted genesis supply). */
export const TOTAL_SUBSIDY: bigint = TOTAL_ISSUANCE - TOTAL_VAULTED;

const one = new D(1);
const logTwo = new D(2).ln();
// Ten years plus one layer: the effective genesis layer itself is k = 0 and already mints.
const tenYears = new D((10n * ONE_YEAR_LAYERS + 1n).toString());
const issuanceFrac = one.minus(new D((TEN_YEAR_TARGET - TOTAL_VAULTED).toString()).div(TOTAL_SUBSIDY.toString()));
const halfLife = tenYears.neg().mul(logTwo.div(issuanceFrac.ln()));
const lambda = logTwo.div(halfLife);
const negLambda = lambda.neg();
const totalSubsidy = new D(TOTAL_SUBSIDY.toString());
const finalIssuanceFrac = totalSubsidy.minus(one).div(totalSubsidy);
const finalLayer = one.minus(finalIssuanceFrac).ln().div(negLambda);

/** λ per layer as a 34-digit decimal string (`2.122748659050074683778792926470147e-7`). */
export const LAMBDA: string = lambda.toString();
/** Half-life in layers as a 34-digit decimal string (`3265328.552227785343043597296961386`). */
export const HALF_LIFE_LAYERS: string = halfLife.toString();
/** The last k whose subsidy is non-zero (one smidge); afterwards every layer mints 0. */
export const FINAL_SUBSIDY_LAYER: number = Number(finalLayer.trunc().toString());

const U32_MAX = 0xffff_ffff;

/**
 * Totals already computed, by k: a 34-digit exp costs ~70 µs, and the forecast and the reward account ask for the
 * same epoch's layers again and again (a mainnet epoch is 4032 layers). Bounded: cleared when full.
 */
const MEMO_ENTRIES = 3 * 4032;
const memo = new Map<number, bigint>();

function checkK(k: number): void {
  if (!Number.isSafeInteger(k) || k < 0 || k > U32_MAX) {
    throw new RangeError(`layers after genesis: expected an integer in [0, ${U32_MAX}], got ${String(k)}`);
  }
}

/**
 * Smidge minted in total up to and including `k` layers after the first effective genesis layer.
 * @param k - layers after the first effective genesis layer (uint32, as in go-spacemesh)
 * @throws {RangeError} when `k` is not a uint32
 */
export function accumulatedSubsidy(k: number): bigint {
  checkK(k);
  let total = memo.get(k);
  if (total === undefined) {
    const exp = negLambda.mul(k + 1).exp();
    total = BigInt(totalSubsidy.mul(one.minus(exp)).trunc().toFixed(0));
    if (memo.size >= MEMO_ENTRIES) memo.clear();
    memo.set(k, total);
  }
  return total;
}

/**
 * Smidge minted by the layer `k` layers after the first effective genesis layer: the difference of two
 * accumulated totals, so the sum over layers telescopes to `accumulatedSubsidy` exactly.
 * @throws {RangeError} when `k` is not a uint32
 */
export function subsidyAt(k: number): bigint {
  const total = accumulatedSubsidy(k);
  return k === 0 ? total : total - accumulatedSubsidy(k - 1);
}

/**
 * The subsidy of `layer` in a network with `layersPerEpoch`, whose first effective genesis layer is `2·LPE − 1`.
 * @throws {RewardsError} BEFORE_GENESIS for an earlier layer
 */
export function layerSubsidy(layer: number, layersPerEpoch: number): bigint {
  const first = 2 * layersPerEpoch - 1;
  if (layer < first) {
    throw new RewardsError('BEFORE_GENESIS', `layer ${layer} is before the first effective genesis layer ${first}`, { layer });
  }
  return subsidyAt(layer - first);
}
