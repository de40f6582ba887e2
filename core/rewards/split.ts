/**
 * Splitting a layer's reward among the proposals the hare agreed on (docs/protocol/blocks-and-rewards.md §5; go-spacemesh
 * `blocks/utils.go rewardInfoAndHeight`, `genvm/rewards.go addRewards`).
 *
 * Each ATX whose proposal is in the block gets the weight `w = atx.weight / eligibilityCount * proofs` as an exact,
 * reduced fraction (go `big.Rat`, carried in the block as `RatNum{Num, Denom}`). The layer's `total = subsidy +
 * fees` is split as `floor(total * w / Σw)` per entry and, for reporting only, `layerReward = floor(subsidy * w /
 * Σw)`. Whatever the floors leave over is burnt: minted by nobody, credited to nobody, never carried to the next
 * layer. Pure bigint arithmetic, no rounding anywhere but the two floors.
 * @module
 */
import { compareBytes } from '../util/bytes.js';
import { RewardsError } from './errors.js';

const U64_MAX = (1n << 64n) - 1n;

/** A non-negative fraction with u64 numerator and denominator, reduced (go-spacemesh `types.RatNum`). */
export interface RatNum {
  readonly num: bigint;
  readonly denom: bigint;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

function reduce(num: bigint, denom: bigint): RatNum {
  const g = gcd(num, denom);
  return g === 0n ? { num, denom } : { num: num / g, denom: denom / g };
}

function checkWeight(w: RatNum, title: string): void {
  if (typeof w.num !== 'bigint' || typeof w.denom !== 'bigint' || w.num <= 0n || w.denom <= 0n || w.num > U64_MAX || w.denom > U64_MAX) {
    throw new RewardsError('INVALID_WEIGHT', `${title}: weight must be a positive u64 fraction, got ${String(w.num)}/${String(w.denom)}`);
  }
}

/**
 * The reward weight of one proposal's ATX: `atxWeight / eligibilityCount * proofs`, reduced.
 * @param atxWeight - the ATX's weight (space units x ticks)
 * @param eligibilityCount - the identity's eligibilities in the epoch (from its reference ballot)
 * @param proofs - eligibility proofs carried by the proposal for this layer
 * @throws {RewardsError} INVALID_WEIGHT when an input is zero or the reduced fraction does not fit u64/u64
 */
export function proposalRewardWeight(atxWeight: bigint, eligibilityCount: number, proofs: number): RatNum {
  if (atxWeight <= 0n || !Number.isSafeInteger(eligibilityCount) || eligibilityCount <= 0 || !Number.isSafeInteger(proofs) || proofs <= 0) {
    throw new RewardsError('INVALID_WEIGHT', `weight ${atxWeight}/${eligibilityCount}*${proofs} is not positive`);
  }
  const w = reduce(atxWeight * BigInt(proofs), BigInt(eligibilityCount));
  checkWeight(w, 'proposal');
  return w;
}

export interface ProposalRewardInput {
  readonly atxId: Uint8Array;
  readonly atxWeight: bigint;
  readonly eligibilityCount: number;
  readonly proofs: number;
}

export interface BlockRewardEntry {
  readonly atxId: Uint8Array;
  readonly weight: RatNum;
}

/**
 * The reward entries a block carries for the proposals the hare output: one per ATX, sorted by ATX id so every
 * node builds the same block.
 * @throws {RewardsError} DUPLICATE_ATX when two proposals share an ATX (go aborts block generation), or
 *   INVALID_WEIGHT
 */
export function blockRewardEntries(proposals: readonly ProposalRewardInput[]): BlockRewardEntry[] {
  const entries = proposals.map((p) => ({ atxId: p.atxId, weight: proposalRewardWeight(p.atxWeight, p.eligibilityCount, p.proofs) }));
  entries.sort((a, b) => compareBytes(a.atxId, b.atxId));
  for (let i = 1; i < entries.length; i++) {
    if (compareBytes(entries[i - 1]!.atxId, entries[i]!.atxId) === 0) {
      throw new RewardsError('DUPLICATE_ATX', 'two proposals in one block share an ATX');
    }
  }
  return entries;
}

export interface RewardShareInput {
  readonly weight: RatNum;
}

export interface RewardShare {
  /** Credited to the coinbase: `floor(total * w / Σw)`. */
  readonly totalReward: bigint;
  /** The subsidy part alone, for reporting: `floor(subsidy * w / Σw)`. */
  readonly layerReward: bigint;
}

export interface LayerSplit {
  /** One share per input entry, in input order. */
  readonly shares: RewardShare[];
  readonly subsidy: bigint;
  readonly fees: bigint;
  /** `subsidy + fees - Σ totalReward`: the rounding dust, or the whole total when no one is paid. */
  readonly burnt: bigint;
}

/**
 * Splits `subsidy + fees` by weight. With no entries (an empty layer) everything is burnt.
 * @throws {RewardsError} INVALID_WEIGHT for a weight that is not a positive u64 fraction; OVERFLOW when
 *   `subsidy + fees` does not fit a u64
 */
export function splitLayerReward(subsidy: bigint, fees: bigint, entries: readonly RewardShareInput[]): LayerSplit {
  const total = subsidy + fees;
  if (subsidy < 0n || fees < 0n || total > U64_MAX) {
    throw new RewardsError('OVERFLOW', `layer total ${subsidy} + ${fees} is outside u64`);
  }
  // Σw as one exact fraction sumNum/sumDen, then w_i/Σw = num_i·sumDen / (denom_i·sumNum): the same value go's
  // big.Rat quotient reduces to, so the floors agree.
  let sumNum = 0n;
  let sumDen = 1n;
  entries.forEach((e, i) => {
    checkWeight(e.weight, `entry ${i}`);
    const next = reduce(sumNum * e.weight.denom + e.weight.num * sumDen, sumDen * e.weight.denom);
    sumNum = next.num;
    sumDen = next.denom;
  });
  let paid = 0n;
  const shares = entries.map((e) => {
    const num = e.weight.num * sumDen;
    const den = e.weight.denom * sumNum;
    const share = { totalReward: (total * num) / den, layerReward: (subsidy * num) / den };
    paid += share.totalReward;
    return share;
  });
  return { shares, subsidy, fees, burnt: total - paid };
}
