/**
 * The binomial CDF of spacemeshos/fixed v0.1.2 (commit 9c89065, go-spacemesh cc65f271f3e2's version; Apache-2.0,
 * this file a translation of it to TypeScript), ported with its exact integer
 * arithmetic (docs/protocol/hare.md §9): `BinCDF` (`fixed.go`) through the regularized incomplete beta function and
 * its continued fraction (`beta.go`), `exp` (`exp.go`), `log`/`log2` (`log.go`), `lgamma` for integers (`lgamma.go`)
 * and the int64 helpers `mul56`, `mul56u`, `div56` (`fixedraw.go`). int64 and uint64 wrap-around is reproduced with
 * `BigInt.asIntN`/`asUintN` where Go's can occur. Pure; throws {@link FixedOverflowError} where Go panics.
 * @module
 */
import {
  FIXED_ONE,
  FIXED_ZERO,
  FRAC_BITS,
  FRAC_MASK,
  type Fixed,
  FixedOverflowError,
  HALF_VALUE,
  ONE_VALUE,
  add,
  bitLen,
  div,
  fixedInt,
  fromFloat,
  integerPart,
  inv,
  isZero,
  less,
  mul,
  rawFixed,
  shl,
  shr,
  sub,
  toFixed56,
} from '../util/fixed.js';

const i64 = (x: bigint): bigint => BigInt.asIntN(64, x);
const u64 = (x: bigint): bigint => BigInt.asUintN(64, x);

/** logₑ(2) and log₂(e) with 56 fraction bits. */
const LN2 = 0xb17217f7d1cf78n;
const LOG2E = 0x171547652b82fe0n;

/** `mul56(x, y)`: int64 product with 56 fraction bits, rounded half up, with Go's (partial) overflow check. */
export function mul56(x: bigint, y: bigint): bigint {
  const t = u64(x) * u64(y);
  let hi = t >> 64n;
  const lo2 = t & 0xffffffffffffffffn;
  const loSum = lo2 + HALF_VALUE;
  const lo = u64(loSum);
  const c = loSum >> 64n;
  hi = u64(hi - u64((x >> 63n) & y) - u64((y >> 63n) & x) + c);
  if (hi >> 63n !== ((hi >> (FRAC_BITS - 1n)) & 1n)) throw new FixedOverflowError('mul56');
  return i64((u64(hi << 8n)) | (lo >> FRAC_BITS));
}

/** `mul56u(x, y)`: the uint64 product shifted right 56, as an int64. */
export function mul56u(x: bigint, y: bigint): bigint {
  return i64((u64(x) * u64(y)) >> FRAC_BITS);
}

/** `div56(x, y)`: int64 quotient with 56 fraction bits, rounded to nearest. */
export function div56(x: bigint, y: bigint): bigint {
  const xs = x >> 63n;
  const ys = y >> 63n;
  const a = u64((x ^ xs) - xs);
  const b = u64((y ^ ys) - ys);
  const num = a << FRAC_BITS;
  if (b === 0n || num >> 64n >= b) throw new FixedOverflowError('div56');
  let v = num / b;
  const rem = num % b;
  v += u64(rem << 1n) / b;
  if (v > 0xffffffffffffffffn) throw new FixedOverflowError('div56');
  return i64(i64(v) * ((xs ^ ys) * 2n + 1n));
}

/** `log2(x, onew)`: log₂ of x (x with `onew` fraction bits) with 56 fraction bits, by repeated squaring. */
export function log2(x: bigint, onew: number): bigint {
  const one = 1n << BigInt(onew);
  let b: bigint;
  const len = bitLen(x);
  if (x < one) {
    if (x <= 0n) throw new FixedOverflowError('log of a non-positive value');
    b = -(BigInt(onew + 1 - len) << FRAC_BITS);
  } else {
    if (x === one) return 0n;
    b = BigInt(len - (onew + 1)) << FRAC_BITS;
  }
  let a = u64(x << BigInt(64 - len)) >> 1n;
  for (let i = 0n; i < FRAC_BITS; i++) {
    const sq = a * a;
    a = u64(((sq >> 64n) << 2n) | ((sq & 0xffffffffffffffffn) >> 62n));
    const c = a >> 63n;
    a >>= c;
    b = i64(b + (HALF_VALUE >> i) * c);
  }
  return b;
}

/** `log56(x)`: ln of a 56-fraction-bit value. */
export function log56(x: bigint): bigint {
  return mul56(log2(x, 56), LN2);
}

/** `ilog56(x)`: ln of an integer, with 56 fraction bits. */
export function ilog56(x: bigint): bigint {
  return mul56(log2(x, 0), LN2);
}

/** `alogx(x, a)` = a · ln(x), x with 56 fraction bits. */
function alogx(x: bigint, a: bigint): Fixed {
  return mul(rawFixed(log56(x)), fixedInt(a));
}

const INV_FACT = [2n, 6n, 24n, 120n, 720n, 5040n, 40320n, 362880n, 3628800n, 39916800n, 479001600n, 6227020800n, 87178291200n].map(
  (f) => ONE_VALUE / f,
);

/** `exp_(x)`: e^|x| = 2^k · e^y with y = |x| − k·ln 2, the Taylor series to 1/14!. */
function expParts(x: bigint): [bigint, bigint] {
  const xs = x >> 63n;
  const a = i64((x ^ xs) - xs);
  const t = mul56u(a, LOG2E);
  let k = t & ~FRAC_MASK;
  const u = mul56u(k, LN2);
  k >>= FRAC_BITS;
  const y = i64(a - u);
  let ey = i64(ONE_VALUE + y);
  let py = y;
  for (const j of INV_FACT) {
    py = mul56u(py, y);
    ey = i64(ey + mul56u(py, j));
  }
  return [ey, k];
}

/** `exp56(x)`: e^x of a 56-fraction-bit int64. */
export function exp56(x: bigint): Fixed {
  const [ey, k0] = expParts(x);
  let k = k0;
  let z = rawFixed(ey);
  if (x < 0n) {
    if (isZero(z)) throw new FixedOverflowError('exp');
    z = inv(z);
    k = -k;
  }
  return k < 0n ? shr(z, Number(-k)) : shl(z, Number(k));
}

/** `exp(x)`: 0 below e^-38, else `exp56`. */
export function exp(x: Fixed): Fixed {
  if (integerPart(x) < -38n) return fixedInt(0n);
  return exp56(toFixed56(x));
}

const G_W = [0x6b3f8e4325f5a4n, 0x1555555555553bn, -0xb60b60b58172n, 0x34033f319e71n, -0x270197181fcen, 0x36cf7499b5abn, -0x6ae2742e790fn];

/** `lgamma(x)` of a positive integer: exact ln((x−1)!) below 8, Stirling's series with fdlibm's coefficients above. */
export function lgamma(x: bigint): Fixed {
  if (x <= 0n) throw new FixedOverflowError('lgamma of a non-positive value');
  if (x <= 2n) return fixedInt(0n);
  if (x < 8n) {
    let z = 1n;
    for (x -= 1n; x >= 2n; x -= 1n) z *= x;
    return rawFixed(ilog56(z));
  }
  const [w0, w1, w2, w3, w4, w5, w6] = G_W as [bigint, bigint, bigint, bigint, bigint, bigint, bigint];
  const t = i64(ilog56(x) - ONE_VALUE);
  const z = div56(1n, x);
  const y = mul56(z, z);
  const w = i64(w0 + mul56(z, i64(w1 + mul56(y, i64(w2 + mul56(y, i64(w3 + mul56(y, i64(w4 + mul56(y, i64(w5 + mul56(y, w6))))))))))));
  const a = sub(fixedInt(x), rawFixed(HALF_VALUE));
  return add(mul(a, rawFixed(t)), rawFixed(w));
}

const BCF_EPSILON = fromFloat(1e-14);
const RAW_ONE = rawFixed(1n);

function nonzero(z: Fixed): Fixed {
  return isZero(z) ? RAW_ONE : z;
}

/**
 * `bcf(x, a, b)`: Lentz's continued fraction for the incomplete beta function, at most 299 steps. The stop test is
 * Go's `sub(del, One).less(eps)` on raw words, so it never stops while del < 1 (a negative difference compares
 * above every positive value).
 */
function bcf(x: bigint, a: bigint, b: bigint): Fixed {
  const xx = rawFixed(x);
  let c = FIXED_ONE;
  let d = inv(nonzero(sub(FIXED_ONE, div(mul(xx, fixedInt(a + b)), fixedInt(a + 1n)))));
  let h = d;
  for (let m = 1n; m < 300n; m++) {
    let n = div(mul(xx, fixedInt(i64(m * (b - m)))), fixedInt(i64((a + m + m - 1n) * (a + m + m))));
    d = inv(nonzero(add(mul(n, d), FIXED_ONE)));
    c = nonzero(add(div(n, c), FIXED_ONE));
    h = mul(mul(h, d), c);
    n = div(mul(fixedInt(i64((-a - m) * (a + b + m))), xx), fixedInt(i64((a + m + m) * (a + m + m + 1n))));
    d = inv(nonzero(add(mul(n, d), FIXED_ONE)));
    c = nonzero(add(div(n, c), FIXED_ONE));
    const del = mul(d, c);
    h = mul(h, del);
    if (less(sub(del, FIXED_ONE), BCF_EPSILON)) return h;
  }
  return h;
}

/**
 * `incomplete(a, b, x)`: the regularized incomplete beta function Iₓ(a, b) for integers a, b and x in [0, 1] with 56
 * fraction bits, with the symmetry transform when x > (a+1)/(a+b+2).
 */
export function incomplete(a: bigint, b: bigint, x: bigint): Fixed {
  if (a > 1n << 30n || b > 1n << 30n) throw new FixedOverflowError('incomplete beta arguments above 2^30');
  let bt = fixedInt(0n);
  if (0n < x && x < ONE_VALUE) {
    bt = exp(add(add(sub(sub(lgamma(a + b), lgamma(a)), lgamma(b)), alogx(x, a)), alogx(ONE_VALUE - x, b)));
  } else if (x < 0n || x > ONE_VALUE) {
    throw new FixedOverflowError('incomplete beta x outside [0, 1]');
  }
  const bcfx = (x: bigint, a: bigint, b: bigint): Fixed => (isZero(bt) ? bt : div(mul(bt, bcf(x, a, b)), fixedInt(a)));
  if (x > toFixed56(div(fixedInt(a + 1n), fixedInt(a + b + 2n)))) return sub(FIXED_ONE, bcfx(ONE_VALUE - x, b, a));
  return bcfx(x, a, b);
}

/** `BinCDF(n, p, x)`: P[X ≤ x] for X ~ Binomial(n, p); 0 for x < 0, 1 for x ≥ n. */
export function binCDF(n: number, p: Fixed, x: number): Fixed {
  if (x < 0) return FIXED_ZERO;
  if (x >= n) return FIXED_ONE;
  return incomplete(BigInt(n - x), BigInt(x + 1), ONE_VALUE - toFixed56(p));
}
