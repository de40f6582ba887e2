/**
 * Hare committee membership exactly as go-spacemesh cc65f271f3e2 `hare3/eligibility/oracle.go` computes it
 * (docs/protocol/hare.md §3, §9): `prepareEligibilityCheck` (n, p), `CalcEligibility` (the count) and `Validate`
 * (a claimed count), over the fixed-point binomial CDF of spacemeshos/fixed v0.1.2 (core/hare/fixedCdf.ts). For the
 * same weights, committee and VRF proof these return what go returns, bit for bit.
 *
 * With `n` the identity's weight, `N` the active set's total and `c` the committee (leaders in propose rounds): when
 * c > N both n and N are multiplied by c (uint64, wrapping as Go's); n above 2^30 gives count 0 (go's oracle logs an
 * error that `CalcEligibility` then drops); `p = DivUint64(c, N)`; the count is the first x in [0, n) with
 * `BinCDF(n, p, x) > frac`, else n, truncated to uint16 as Go's cast does. A count of 0 means "not in the committee".
 *
 * A CDF value depends on (n, p, x) only, and n and p are fixed for an identity and a committee size through an epoch,
 * so draws and their values are kept in a bounded cache: the count walk costs one fixed-point BinCDF (up to about a
 * millisecond; 0 far below the mean is cheap) per new x and one comparison per known x. Pure (the cache only saves
 * work).
 * @module
 */
import { type Fixed, divUint64, greater, less } from '../util/fixed.js';
import { binCDF } from './fixedCdf.js';

/** Eligibility counts travel as compact16 (go's `uint16(x)`). */
export const MAX_ELIGIBILITY_COUNT = 0xffff;

/** go-spacemesh `maxSupportedN` = MaxInt32/2 + 1: larger n overflow the CDF (`incomplete` refuses a, b > 2^30). */
export const MAX_SUPPORTED_N = 2 ** 30;

const CACHE_ENTRIES = 1024;
/** Values kept for x past the prefix (claimed counts) per draw; more are computed and not kept. */
const SPARSE_VALUES = 256;

/** One identity's draw in a committee: n, p and the CDF values known so far. */
interface Draw {
  readonly n: number;
  readonly p: Fixed;
  /** BinCDF(n, p, x) for x = 0, 1, … (what the count walk needs). */
  readonly prefix: Fixed[];
  /** The running maximum of prefix: the first x with prefix[x] > frac is the first with runMax[x] > frac. */
  readonly runMax: Fixed[];
  /** Other x (claimed counts past the prefix). */
  readonly sparse: Map<number, Fixed>;
}

/** `${weight}/${total}/${committee}` → its draw (null above maxSupportedN); oldest dropped first. */
const draws = new Map<string, Draw | null>();

function cdf(d: Draw, x: number): Fixed {
  if (x >= 0 && x < d.prefix.length) return d.prefix[x]!;
  let v = d.sparse.get(x);
  if (v === undefined) v = binCDF(d.n, d.p, x);
  if (x === d.prefix.length) {
    d.sparse.delete(x);
    d.prefix.push(v);
    const last = d.runMax.at(-1);
    d.runMax.push(last !== undefined && greater(last, v) ? last : v);
  } else if (d.sparse.size < SPARSE_VALUES) {
    d.sparse.set(x, v);
  }
  return v;
}

/**
 * go's `prepareEligibilityCheck` after the VRF check: n and p, or null for n above {@link MAX_SUPPORTED_N}.
 * @throws {RangeError} for a committee below 1 (`errZeroCommitteeSize`), a zero total (`errZeroTotalWeight`) or a
 * negative weight
 */
function committeeDraw(weight: bigint, totalWeight: bigint, committee: number): Draw | null {
  const key = `${weight}/${totalWeight}/${committee}`;
  const cached = draws.get(key);
  if (cached !== undefined) return cached;
  if (!Number.isSafeInteger(committee) || committee < 1) throw new RangeError(`committee size ${committee} is not positive`);
  if (totalWeight <= 0n || weight < 0n) throw new RangeError(`weight ${weight} of total ${totalWeight} is not a committee draw`);
  const c = BigInt(committee);
  let n = weight;
  let total = totalWeight;
  if (c > total) {
    total = BigInt.asUintN(64, total * c);
    n = BigInt.asUintN(64, n * c);
  }
  const draw = n > BigInt(MAX_SUPPORTED_N) ? null : { n: Number(n), p: divUint64(c, total), prefix: [], runMax: [], sparse: new Map<number, Fixed>() };
  if (draws.size >= CACHE_ENTRIES) draws.delete(draws.keys().next().value!);
  draws.set(key, draw);
  return draw;
}

/**
 * The eligibility count for a VRF fraction (go's `CalcEligibility`).
 * @param weight - the identity's ATX weight (n)
 * @param totalWeight - the active set's total weight
 * @param committee - expected committee size for the round (committee, or leaders in propose rounds)
 * @param fracNumerator - `LE_u64(proof[0:8]) & (2^56 − 1)` (core/hare/vrfFraction.ts), i.e. `FracFromBytes`
 * @throws {RangeError} for a non-positive committee or total weight
 */
export function eligibilityCount(weight: bigint, totalWeight: bigint, committee: number, fracNumerator: bigint): number {
  const draw = committeeDraw(weight, totalWeight, committee);
  if (draw === null) return 0;
  const { n, runMax } = draw;
  const known = runMax.length;
  if (known > 0 && greater(runMax[known - 1]!, fracNumerator)) {
    // The answer lies in the known prefix: binary search of the running maximum, exact even if the CDF is not monotone.
    let lo = 0;
    let hi = known - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (greater(runMax[mid]!, fracNumerator)) hi = mid;
      else lo = mid + 1;
    }
    return lo & MAX_ELIGIBILITY_COUNT;
  }
  for (let x = known; x < n; x++) {
    if (greater(cdf(draw, x), fracNumerator)) return x & MAX_ELIGIBILITY_COUNT;
  }
  return n & MAX_ELIGIBILITY_COUNT;
}

/**
 * Whether a claimed count is valid (go's `Validate`): `!(BinCDF(n, p, x − 1) > frac) && frac < BinCDF(n, p, x)`.
 * It costs at most two CDF values whatever the count claims. A count of 0 passes here when the fraction is below
 * BinCDF(n, p, 0); go's hare grades such a message 0 before asking (`legacy_oracle.go`), and so does the session.
 * @throws {RangeError} as {@link eligibilityCount}
 */
export function isValidEligibility(weight: bigint, totalWeight: bigint, committee: number, fracNumerator: bigint, count: number): boolean {
  if (!Number.isSafeInteger(count) || count < 0 || count > MAX_ELIGIBILITY_COUNT) return false;
  const draw = committeeDraw(weight, totalWeight, committee);
  if (draw === null) return false;
  return !greater(cdf(draw, count - 1), fracNumerator) && less(fracNumerator, cdf(draw, count));
}
