/**
 * Byte-level rules for Edwards25519 point encodings, shared by the Ed25519 and ECVRF checks
 * (docs/protocol/primitives.md §2.1 items 3 and 9, §3.1): which 32-byte strings curve25519-voi calls canonical, and
 * which canonical ones name a point of small order. No curve arithmetic, so a caller can apply voi's rules before
 * handing bytes to a library with rules of its own. Pure.
 * @module
 */
import { equalBytes, hexToBytes } from '../util/bytes.js';

/**
 * The canonical encodings of the eight points of order dividing 8 (the torsion subgroup E[8]: O, the point of
 * order 2, two of order 4, four of order 8). A canonically encoded A is of small order (voi `IsSmallOrder`: [8]A = O)
 * exactly when its bytes are one of these; the unit tests check each against noble's torsion points.
 */
const SMALL_ORDER_ENCODINGS: readonly Uint8Array[] = [
  '0100000000000000000000000000000000000000000000000000000000000000',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0000000000000000000000000000000000000000000000000000000000000080',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
].map((hex) => hexToBytes(hex));
/** The two encodings with a canonical y (1 and p - 1, so x = 0) and the sign bit set: voi's `noncanonicalSignBits`. */
const NEGATIVE_ZERO_X_ENCODINGS: readonly Uint8Array[] = [
  '0100000000000000000000000000000000000000000000000000000000000080',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
].map((hex) => hexToBytes(hex));

/**
 * voi `CompressedEdwardsY.IsCanonicalVartime`: y (the low 255 bits) < p = 2^255 - 19, and not y in {1, p - 1} (x = 0)
 * with the sign bit set. Whether the bytes are a curve point at all is not checked here. Byte checks only.
 */
export function isCanonicalPointEncoding(bytes: Uint8Array): boolean {
  // y >= p exactly when bytes[1..30] are all 0xff, bytes[31] & 0x7f = 0x7f and bytes[0] >= 0xed.
  let yBelowP = bytes[0]! < 0xed || (bytes[31]! & 0x7f) !== 0x7f;
  for (let i = 1; i < 31 && !yBelowP; i++) yBelowP = bytes[i] !== 0xff;
  return yBelowP && !NEGATIVE_ZERO_X_ENCODINGS.some((e) => equalBytes(e, bytes));
}

/** Whether canonically encoded bytes name one of the eight small-order points. Byte checks only. */
export function isSmallOrderEncoding(bytes: Uint8Array): boolean {
  return SMALL_ORDER_ENCODINGS.some((e) => e[0] === bytes[0] && equalBytes(e, bytes));
}
