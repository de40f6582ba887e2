/**
 * The 72/56 fixed-point numbers of spacemeshos/fixed v0.1.2 (commit 9c89065, the version go-spacemesh cc65f271f3e2
 * requires; Apache-2.0, this file a translation of it to TypeScript, changed only as described here), ported
 * operation for operation with bigint so that every result, rounding and overflow matches the Go library bit for bit
 * (docs/protocol/hare.md §9). Upstream files: `fixednat.go` (the representation, shifts, comparisons),
 * `addsub128.go`, `mul128.go`, `div128.go`, `fixed.go` (`DivUint64`, `FracFromBytes`), `float.go` and `format.go`.
 *
 * A value is the raw 128-bit word `hi:lo` of Go's `Fixed` struct held in one bigint: sign-magnitude, the sign in bit
 * 127, a 127-bit magnitude with 56 fraction bits. Negative zero exists, and comparisons are Go's, on the raw words
 * (`less`/`greater` compare `hi` then `lo` unsigned, so every negative value is above every positive one); the
 * binomial CDF relies on both. Where Go panics (`ErrOverflow`, division by zero, a shift Go refuses) these functions
 * throw {@link FixedOverflowError}. Pure.
 * @module
 */

/** A spacemeshos/fixed `Fixed`: the raw 128-bit `hi:lo` word (sign in bit 127, 56 fraction bits). */
export type Fixed = bigint;

/** Go's `panic(ErrOverflow)` (and the runtime panics the library can reach: division by zero, quotient overflow). */
export class FixedOverflowError extends Error {
  constructor(what: string) {
    super(`fixed-point overflow: ${what}`);
    this.name = 'FixedOverflowError';
  }
}

export const FRAC_BITS = 56n;
/** `oneValue`: 1.0 in the 56-bit fraction. */
export const ONE_VALUE = 1n << FRAC_BITS;
export const FRAC_MASK = ONE_VALUE - 1n;
export const HALF_VALUE = ONE_VALUE >> 1n;
const SIGN = 1n << 127n;
const MAG = SIGN - 1n;
const M64 = (1n << 64n) - 1n;
const M128 = (1n << 128n) - 1n;

/** `Zero`, `One`. */
export const FIXED_ZERO: Fixed = 0n;
export const FIXED_ONE: Fixed = ONE_VALUE;

/** Bit length of a non-negative bigint (`bits.Len`). */
export function bitLen(x: bigint): number {
  return x === 0n ? 0 : x.toString(2).length;
}

/** `bits.LeadingZeros64`. */
function clz64(x: bigint): number {
  return 64 - bitLen(x);
}

/** `rawfixed(x)`: an int64 taken as a 56-bit fraction value (`|x|` with x's sign). */
export function rawFixed(x: bigint): Fixed {
  return x < 0n ? SIGN | -x : x;
}

/** `fixed(x)` / `New64`: the integer x (int64). */
export function fixedInt(x: bigint): Fixed {
  return x < 0n ? SIGN | (-x << FRAC_BITS) : x << FRAC_BITS;
}

/** `ufixed(x)`: the integer x (uint64). */
export function fixedUint(x: bigint): Fixed {
  return x << FRAC_BITS;
}

export function isNegative(x: Fixed): boolean {
  return (x & SIGN) !== 0n;
}

/** `x.abs()`: the magnitude. */
export function abs(x: Fixed): Fixed {
  return x & MAG;
}

/** `x.neg()`: flips the sign bit (0 becomes −0). */
export function neg(x: Fixed): Fixed {
  return x ^ SIGN;
}

/** `x.iszero()`: true for 0 and −0. */
export function isZero(x: Fixed): boolean {
  return (x & MAG) === 0n;
}

/** `x.less(y)` / `LessThan`: the raw words compared unsigned. */
export function less(x: Fixed, y: Fixed): boolean {
  return x < y;
}

/** `x.greater(y)` / `GreaterThan`: the raw words compared unsigned. */
export function greater(x: Fixed, y: Fixed): boolean {
  return x > y;
}

/** `add(x, y)`; throws when the magnitude reaches 2^127. (Sign tests compare with 2^127 rather than mask: fewer bigints.) */
export function add(x: Fixed, y: Fixed): Fixed {
  const xn = x >= SIGN;
  if (xn !== y >= SIGN) {
    // usub: the positive one minus the other's magnitude, negative when the magnitude is larger.
    const pos = xn ? y : x;
    const m = xn ? x - SIGN : y - SIGN;
    return pos < m ? SIGN + (m - pos) : pos - m;
  }
  const s = xn ? x + y - SIGN - SIGN : x + y;
  if (s > MAG) throw new FixedOverflowError('add');
  return xn ? s + SIGN : s;
}

/** `sub(x, y)` = `add(x, y.neg())`. */
export function sub(x: Fixed, y: Fixed): Fixed {
  return add(x, y >= SIGN ? y - SIGN : y + SIGN);
}

/** `mul(x, y)`: the magnitudes' product shifted right 56 (truncated), the signs xor-ed; throws past 2^127. */
export function mul(x: Fixed, y: Fixed): Fixed {
  const xn = x >= SIGN;
  const yn = y >= SIGN;
  const p = ((xn ? x - SIGN : x) * (yn ? y - SIGN : y)) >> FRAC_BITS;
  if (p > MAG) throw new FixedOverflowError('mul');
  return xn !== yn ? p + SIGN : p;
}

/** `mul64_(x, y)`: the raw word times a uint64; throws past 2^128. */
function mul64(x: Fixed, y: bigint): Fixed {
  const r = x * y;
  if (r > M128) throw new FixedOverflowError('mul64');
  return r;
}

/** `x.shl(n)`: the magnitude shifted left, sign kept; throws when bits reach the sign. */
export function shl(x: Fixed, n: number): Fixed {
  const m = (x & MAG) << BigInt(n);
  if (m > MAG) throw new FixedOverflowError('shl');
  return m | (x & SIGN);
}

/** `x.shr(n)`: the magnitude shifted right (truncated), sign kept. */
export function shr(x: Fixed, n: number): Fixed {
  return ((x & MAG) >> BigInt(n)) | (x & SIGN);
}

/** `x.shlmax(m)`: shifts the raw word left by min(m, leading zeros of hi − 1). */
function shlmax(x: Fixed, m: number): [Fixed, number] {
  const n = clz64(x >> 64n) - 1;
  if (n < m) m = n;
  if (m < 0) throw new FixedOverflowError('negative shift');
  return [(x << BigInt(m)) & M128, m];
}

/** `div64(u, v)`: exact 128-by-64 division of the raw word. */
function div64(u: bigint, v: bigint): [bigint, bigint] {
  if (v === 0n) throw new FixedOverflowError('division by zero');
  return [u / v, u % v];
}

/**
 * `div128(u, v)`: the quotient estimated from v's top 64 bits (normalised), decremented, then one correction step
 * with `greater` (not ≥) and the library's sign-magnitude `sub`, exactly as Go — including its off-by-one results.
 */
function div128(u: bigint, v: bigint): [bigint, bigint] {
  const vhi = v >> 64n;
  if (vhi === 0n) return div64(u, v);
  const n = clz64(vhi);
  const v1hi = ((v << BigInt(n)) & M128) >> 64n;
  if (u >> 64n >= v1hi) throw new FixedOverflowError('div128 quotient');
  let tq = (u / v1hi) >> BigInt(64 - n);
  if (tq !== 0n) tq -= 1n;
  let q = tq;
  let r = sub(u, mul64(v, tq));
  if (r > v) {
    q += 1n;
    r = sub(r, v);
  }
  return [q, r];
}

/** `udiv(u, v)`: u / v of two non-negative values, truncated to 56 fraction bits (the library's way). */
function udiv(u: bigint, v: bigint): Fixed {
  if (u >> 64n < 128n) {
    // div128 of a divisor below 2^64 is div64, an exact quotient: the common case, without the remainder.
    if (v > 0n && v <= M64) return (u << FRAC_BITS) / v;
    return div128(u << FRAC_BITS, v)[0];
  }
  const [a, rem] = div128(u, v);
  const [b0, n] = shlmax(rem, 56);
  const [b] = div128(b0, shr(v, 56 - n));
  return add(shl(a, 56), b);
}

/** `div(x, y)`: |x| / |y| with the signs xor-ed. */
export function div(x: Fixed, y: Fixed): Fixed {
  const xn = x >= SIGN;
  const yn = y >= SIGN;
  const q = udiv(xn ? x - SIGN : x, yn ? y - SIGN : y);
  return xn !== yn ? q | SIGN : q;
}

/** `x.inv()` = 1 / x. */
export function inv(x: Fixed): Fixed {
  return div(FIXED_ONE, x);
}

/** `DivUint64(p, q)`: p / q of two uint64. */
export function divUint64(p: bigint, q: bigint): Fixed {
  return udiv(fixedUint(p), fixedUint(q));
}

/** `FracFromBytes(b)`: the low 56 bits of `LE_u64(b[0:8])` as a fraction in [0, 1). */
export function fracFromBytes(b: Uint8Array): Fixed {
  if (b.length < 8) throw new RangeError('FracFromBytes needs 8 bytes');
  let v = 0n;
  for (let i = 7; i >= 0; i--) v = (v << 8n) | BigInt(b[i]!);
  return v & FRAC_MASK;
}

/** `x.fixed56()`: the value as an int64 with 56 fraction bits; throws when |x| >= 128. */
export function toFixed56(x: Fixed): bigint {
  const m = x & MAG;
  if (m >= 1n << 63n) throw new FixedOverflowError('fixed56');
  return x & SIGN ? -m : m;
}

/** `x.integer()`: the integer part, truncated toward zero. */
export function integerPart(x: Fixed): bigint {
  const m = x & MAG;
  if (bitLen(m) > 56 + 63) throw new FixedOverflowError('integer');
  return x & SIGN ? -(m >> FRAC_BITS) : m >> FRAC_BITS;
}

/** `From(f)`: a float64 taken exactly (bits below 2^-56 truncated). */
export function fromFloat(f: number): Fixed {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, f);
  const a = view.getBigUint64(0);
  if (a === 0n) return 0n;
  let v = a & ((1n << 52n) - 1n);
  let e = Number((a >> 52n) & 0x7ffn) - 1023 - 52 + 56;
  v |= 1n << 52n;
  const s = a & (1n << 63n) ? SIGN : 0n;
  if (e < 0) {
    e = -e;
    // Go: v>>e on a uint64 is 0 for e >= 64.
    return (e >= 64 ? 0n : v >> BigInt(e)) | s;
  }
  if (bitLen(v) + e > 127) throw new FixedOverflowError('from');
  return shl(v | s, e);
}

/** `x.Float()`: to a float64, truncating below 53 significant bits. */
export function toFloat(x: Fixed): number {
  const l = bitLen(x & MAG);
  let lo: bigint;
  if (l > 53) lo = shr(x, l - 53) & M64;
  else lo = ((x & M64) << BigInt(53 - l)) & M64;
  let a = lo;
  if (a !== 0n) {
    a &= ~(1n << 52n) & M64;
    a |= BigInt.asUintN(64, BigInt(1023 + l - 57) << 52n);
    a |= (x >> 64n) & (1n << 63n);
  }
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, a & M64);
  return view.getFloat64(0);
}

/** `x.String()`: `±integer'fraction/56`, the fraction as 14 hex digits. */
export function formatFixed(x: Fixed): string {
  const m = x & MAG;
  return `${x & SIGN ? '-' : '+'}${integerPart(m)}'${(m & FRAC_MASK).toString(16).padStart(14, '0')}/56`;
}
