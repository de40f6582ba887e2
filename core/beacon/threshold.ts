/**
 * The proposal eligibility threshold, bit for bit as go-spacemesh computes it (docs/protocol/beacon.md §3.1;
 * go-spacemesh `beacon/beacon.go atxThreshold`, `atxThresholdFraction`): a proposal passes when the big-endian
 * value of its 80-byte VRF proof is below `2^640 · (1 − 2^(−κ / ((1 − q) · numATXs)))`.
 *
 * go evaluates this in `big.Float` at 64 bits of mantissa: the exponent is rounded to 64 bits, `2^exponent` is
 * computed (bigfloat.Pow, extra internal precision) and rounded to 64 bits, `1 − that` is rounded to 64 bits again,
 * and the product with 2^640 is truncated to an integer. Each rounding is to nearest, ties to even. This module
 * repeats those steps in exact integer arithmetic, with 2^x evaluated to 320 bits before its rounding, so the result
 * equals go's for every input go's own tests cover (test/vectors/beacon). Pure.
 * @module
 */

/** go's VRF signature length in bits (80 bytes). */
const VRF_BITS = 640;
/** go `big.Float`'s default mantissa when it is set from an int64, a small rational or an integer. */
const MANTISSA_BITS = 64;
/** Working precision of the 2^x evaluation: far beyond the 64 bits kept, so rounding after it is go's rounding. */
const WORK_BITS = 320n;

/** A binary float: value = mant · 2^exp, mant ≥ 0. */
interface BinFloat {
  readonly mant: bigint;
  readonly exp: number;
}

const bitLength = (n: bigint): number => (n === 0n ? 0 : n.toString(2).length);

/** num/den (both > 0) rounded to `bits` significant bits, ties to even. */
function roundRatio(num: bigint, den: bigint, bits: number): BinFloat {
  // Scale so the integer quotient has at least bits+2 bits; the remainder says where in the last place we are.
  let shift = bits + 2 - (bitLength(num) - bitLength(den));
  const n = shift >= 0 ? num << BigInt(shift) : num;
  const d = shift >= 0 ? den : den << BigInt(-shift);
  let q = n / d;
  const sticky = n % d !== 0n;
  const extra = bitLength(q) - bits;
  if (extra > 0) {
    const dropped = q & ((1n << BigInt(extra)) - 1n);
    const half = 1n << BigInt(extra - 1);
    q >>= BigInt(extra);
    shift -= extra;
    const above = dropped > half || (dropped === half && sticky);
    const tie = dropped === half && !sticky;
    if (above || (tie && (q & 1n) === 1n)) q += 1n;
    if (bitLength(q) > bits) {
      q >>= 1n;
      shift -= 1;
    }
  }
  return { mant: q, exp: -shift };
}

/** ln 2 in fixed point with WORK_BITS + 16 fraction bits: Σ 1 / (k · 2^k). */
function ln2Fixed(bits: bigint): bigint {
  const one = 1n << bits;
  let sum = 0n;
  for (let k = 1n; k <= bits + 8n; k++) sum += one / (k << k);
  return sum;
}

/** e^(−y) for 0 ≤ y < 1 in fixed point (`bits` fraction bits): the alternating series. */
function expNegFixed(y: bigint, bits: bigint): bigint {
  const one = 1n << bits;
  let term = one;
  let sum = one;
  for (let k = 1n; term !== 0n; k++) {
    term = (term * y) / (one * k);
    sum += k % 2n === 1n ? -term : term;
  }
  return sum;
}

/** 2^(−x) for x = mant · 2^exp > 0, rounded to 64 significant bits. */
function pow2Neg(x: BinFloat): BinFloat {
  const bits = WORK_BITS + 16n;
  // x = whole + frac with frac in fixed point.
  const xFixed = x.exp >= 0 ? (x.mant << BigInt(x.exp)) << bits : (x.mant << bits) >> BigInt(-x.exp);
  const whole = xFixed >> bits;
  const frac = xFixed - (whole << bits);
  // 2^(−frac) = e^(−frac · ln 2); the value is in (1/2, 1].
  const value = expNegFixed((frac * ln2Fixed(bits)) >> bits, bits);
  const r = roundRatio(value, 1n << bits, MANTISSA_BITS);
  return { mant: r.mant, exp: r.exp - Number(whole) };
}

/**
 * go `atxThresholdFraction(κ, q, n)` as a 64-bit binary float: 1 − 2^(−κ / ((1 − q) · n)).
 * @throws {RangeError} for κ ≤ 0, q outside [0, 1) or a negative n
 */
export function atxThresholdFraction(kappa: number, q: { num: number; den: number }, numAtxs: number): BinFloat {
  if (!Number.isSafeInteger(kappa) || kappa <= 0) throw new RangeError(`kappa: expected a positive integer, got ${kappa}`);
  if (!Number.isSafeInteger(q.num) || !Number.isSafeInteger(q.den) || q.den <= 0 || q.num < 0 || q.num >= q.den) throw new RangeError(`q: expected a fraction in [0, 1), got ${q.num}/${q.den}`);
  if (!Number.isSafeInteger(numAtxs) || numAtxs < 0) throw new RangeError(`numAtxs: expected a non-negative integer, got ${numAtxs}`);
  if (numAtxs === 0) return { mant: 0n, exp: 0 };
  // κ / ((1 − q) · n) = κ · den / ((den − num) · n), as go's big.Rat, then rounded to 64 bits by SetRat.
  const exponent = roundRatio(BigInt(kappa) * BigInt(q.den), BigInt(q.den - q.num) * BigInt(numAtxs), MANTISSA_BITS);
  const p = pow2Neg(exponent);
  // 1 − p, exact over the common denominator 2^(−p.exp), then rounded to 64 bits (big.Float.Sub).
  const den = 1n << BigInt(-p.exp);
  const diff = den - p.mant;
  return diff === 0n ? { mant: 0n, exp: 0 } : roundRatio(diff, den, MANTISSA_BITS);
}

/** go `atxThreshold`: ⌊2^640 · fraction⌋. A proof passes when its big-endian value is below this. */
export function atxThreshold(kappa: number, q: { num: number; den: number }, numAtxs: number): bigint {
  const f = atxThresholdFraction(kappa, q, numAtxs);
  const shift = f.exp + VRF_BITS;
  return shift >= 0 ? f.mant << BigInt(shift) : f.mant >> BigInt(-shift);
}

/** The value of a binary float as a JS number (logs, tests). */
export function binFloatToNumber(f: BinFloat): number {
  return Number(f.mant) * 2 ** f.exp;
}

/** A VRF proof as go's `new(big.Int).SetBytes(proof)`: big-endian. */
export function proofAsBigInt(proof: Uint8Array): bigint {
  let v = 0n;
  for (const b of proof) v = (v << 8n) | BigInt(b);
  return v;
}
