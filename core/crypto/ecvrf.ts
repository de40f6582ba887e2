/**
 * ECVRF-EDWARDS25519-SHA512-ELL2 (RFC 9381, suite 0x04), the VRF behind Spacemesh eligibility proofs
 * (docs/protocol/primitives.md §3; go-spacemesh `signing/vrf.go` → curve25519-voi `ecvrf.Prove`/`ecvrf.Verify`).
 *
 * It uses the node's Ed25519 key. Proofs are deterministic, 80 bytes `Gamma(32) || c(16) || s(32)`; the output
 * (beta) is 64 bytes. The challenge hashes the public key too (draft v11 and later, as RFC 9381 and curve25519-voi's
 * non-`_v10` functions do). Verification accepts exactly what curve25519-voi accepts: canonical encodings of the
 * public key and Gamma only, no small-order public key, `s < L`. Built on @noble/curves; secret scalars are
 * multiplied with its constant-time `multiply`, public ones with `multiplyUnsafe`. Where the system has libsodium,
 * verification's multiplications go through it (core/crypto/sodium.ts; docs/protocol/primitives.md §3.1 says why the
 * verdict is noble's for every input). Pure, but for one bounded memo:
 * a node verifies every proof it made itself (its own proposals' eligibility slots, its hare messages, all handled
 * as a peer's would be) and hears the same hare messages more than once, so proofs this process made or already
 * verified answer from it instead of costing two variable-base multiplications again (docs/performance.md §3).
 * @module
 */
import { ed25519, ed25519_hasher } from '@noble/curves/ed25519.js';
import type { EdwardsPoint } from '@noble/curves/abstract/edwards.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { abytes } from '../util/assert.js';
import { bigintToBytesLE, bytesToBigintLE, concatBytes, equalBytes, utf8 } from '../util/bytes.js';
import { isCanonicalPointEncoding, isSmallOrderEncoding } from './edwardsEncoding.js';
import { type Sodium, sodium } from './sodium.js';

/** Length of a proof (pi): Gamma, c and s. */
export const VRF_PROOF_LENGTH = 80;
/** Length of a VRF output (beta): one SHA-512 digest. */
export const VRF_OUTPUT_LENGTH = 64;

const POINT_LENGTH = 32;
const C_LENGTH = 16;
const SEED_LENGTH = 32;

const SUITE = 0x04;
const CHALLENGE_FRONT = 0x02;
const PROOF_TO_HASH_FRONT = 0x03;
const BACK = 0x00;
/** RFC 9381 §5.5: "ECVRF_" || h2c_suite_ID_string || suite_string. */
const ENCODE_TO_CURVE_DST = concatBytes(utf8('ECVRF_edwards25519_XMD:SHA-512_ELL2_NU_'), Uint8Array.of(SUITE));

const Point = ed25519.Point;

/** Proofs known valid in this process (made here or verified), as `pk || proof || alpha` → beta; oldest out first. */
const KNOWN_CAPACITY = 8192;
const known = new Map<string, Uint8Array>();

function knownKey(publicKey: Uint8Array, alpha: Uint8Array, proof: Uint8Array): string {
  return Buffer.from(concatBytes(publicKey, proof, alpha)).toString('latin1');
}

function remember(key: string, beta: Uint8Array): void {
  if (known.size >= KNOWN_CAPACITY) known.delete(known.keys().next().value!);
  known.set(key, beta);
}
const Fn = Point.Fn;
const L = Fn.ORDER;

/** Proves for one fixed key: `alpha` in, 80-byte proof out. */
export type VrfProver = (alpha: Uint8Array) => Uint8Array;

/**
 * Derives the proving key once and returns a prover for it, so that repeated proofs (one per eligibility slot) skip
 * the key derivation. The secret scalar and nonce prefix live only in the closure.
 * @param seed - the 32-byte Ed25519 private seed (RFC 8032 private key)
 * @throws {TypeError | RangeError} when `seed` is not 32 bytes
 */
export function createVrfProver(seed: Uint8Array): VrfProver {
  abytes(seed, SEED_LENGTH, 'seed');
  // x = the clamped, reduced Ed25519 scalar; prefix = SHA512(seed)[32:64], the nonce key (RFC 9381 §5.4.2.2).
  const { scalar: x, prefix, pointBytes: pk } = ed25519.utils.getExtendedPublicKey(seed);
  return (alpha) => {
    abytes(alpha, undefined, 'alpha');
    const H = encodeToCurve(pk, alpha);
    const hString = H.toBytes();
    const gamma = H.multiply(x);
    const k = Fn.create(bytesToBigintLE(sha512(concatBytes(prefix, hString))));
    // k is secret (it reveals x given s), so both products use the constant-time ladder.
    const gammaString = gamma.toBytes();
    const c = challenge(pk, hString, gammaString, Point.BASE.multiply(k).toBytes(), H.multiply(k).toBytes());
    const s = Fn.create(k + c * x);
    const proof = concatBytes(gammaString, bigintToBytesLE(c, C_LENGTH), bigintToBytesLE(s, POINT_LENGTH));
    remember(knownKey(pk, alpha, proof), gammaToHash(gamma.clearCofactor().toBytes()));
    return proof;
  };
}

/**
 * ECVRF_prove (RFC 9381 §5.1): the proof that `alpha` maps to the key's VRF output. Deterministic.
 * @param seed - the 32-byte Ed25519 private seed
 * @param alpha - the VRF input (any length)
 * @returns the 80-byte proof `Gamma || c || s`
 * @throws {TypeError | RangeError} when `seed` is not 32 bytes or `alpha` is not a Uint8Array
 * @example
 * ```ts
 * const pi = vrfProve(seed, scaleEncodedVrfMessage);
 * const beta = vrfVerify(publicKey, scaleEncodedVrfMessage, pi); // 64 bytes
 * ```
 */
export function vrfProve(seed: Uint8Array, alpha: Uint8Array): Uint8Array {
  return createVrfProver(seed)(alpha);
}

/**
 * ECVRF_verify (RFC 9381 §5.3) with key validation (§5.4.5), as curve25519-voi `ecvrf.Verify` does it.
 * Returns null for anything that is not a valid proof: wrong lengths, a public key or Gamma that does not decode
 * or is not canonically encoded, a small-order public key, `s >= L`, or a challenge that does not match.
 * @param publicKey - the prover's 32-byte Ed25519 public key (node id)
 * @param alpha - the VRF input
 * @param proof - the 80-byte proof
 * @returns the 64-byte VRF output beta when the proof is valid, otherwise null
 * @throws {TypeError} when an argument is not a Uint8Array (a bug in the caller, not bad input)
 */
export function vrfVerify(publicKey: Uint8Array, alpha: Uint8Array, proof: Uint8Array): Uint8Array | null {
  abytes(publicKey, undefined, 'publicKey');
  abytes(alpha, undefined, 'alpha');
  abytes(proof, undefined, 'proof');
  const key = knownKey(publicKey, alpha, proof);
  const seen = known.get(key);
  if (seen !== undefined) return seen.slice();
  const beta = vrfVerifyFull(publicKey, alpha, proof);
  if (beta !== null) remember(key, beta.slice());
  return beta;
}

/**
 * {@link vrfVerify} without the memo: every call does the whole check. For benchmarks that measure verification
 * and for tests of the check itself.
 * @throws {TypeError} when an argument is not a Uint8Array
 */
export function vrfVerifyFull(publicKey: Uint8Array, alpha: Uint8Array, proof: Uint8Array): Uint8Array | null {
  abytes(publicKey, undefined, 'publicKey');
  abytes(alpha, undefined, 'alpha');
  abytes(proof, undefined, 'proof');
  if (publicKey.length !== POINT_LENGTH || proof.length !== VRF_PROOF_LENGTH) return null;
  const fast = sodium();
  if (fast !== undefined) {
    const verdict = verifyWithSodium(fast, publicKey, alpha, proof);
    if (verdict !== undefined) return verdict;
  }
  const Y = decodePoint(publicKey);
  // A small-order key would let its owner make many valid proofs per alpha (or one output for every alpha).
  if (Y === undefined || Y.isSmallOrder()) return null;
  const decoded = decodeProof(proof);
  if (decoded === undefined) return null;
  const { gamma, c, s } = decoded;
  const H = encodeToCurve(publicKey, alpha);
  // U = s*B - c*Y and V = s*H - c*Gamma; every scalar here is public, so variable time is fine.
  const U = Point.BASE.multiplyUnsafe(s).subtract(Y.multiplyUnsafe(c));
  const V = H.multiplyUnsafe(s).subtract(gamma.multiplyUnsafe(c));
  const expected = challenge(publicKey, H.toBytes(), proof.subarray(0, POINT_LENGTH), U.toBytes(), V.toBytes());
  if (expected !== c) return null;
  return gammaToHash(gamma.clearCofactor().toBytes());
}

/**
 * The same check with libsodium's scalar multiplications (about a tenth of noble's time): its verdict, or undefined
 * when an encoding is not canonical, Y is of small order, or libsodium refused a step, and {@link vrfVerifyFull}'s
 * noble path must decide. Past those, Y and Gamma are canonical encodings that libsodium decoded (to the points noble
 * decodes them to) and its group operations are exact, so noble would compute the same U, V and 8*Gamma: the verdict
 * is the same for every input.
 */
function verifyWithSodium(fast: Sodium, publicKey: Uint8Array, alpha: Uint8Array, proof: Uint8Array): Uint8Array | null | undefined {
  const gammaString = proof.subarray(0, POINT_LENGTH);
  const cBytes = proof.subarray(POINT_LENGTH, POINT_LENGTH + C_LENGTH);
  const sBytes = proof.subarray(POINT_LENGTH + C_LENGTH);
  // The encoding rules by bytes, so that the argument above does not rest on which inputs a libsodium version
  // refuses: anything noble might decode differently, or reject, goes to noble.
  if (!isCanonicalPointEncoding(publicKey) || isSmallOrderEncoding(publicKey) || !isCanonicalPointEncoding(gammaString)) return undefined;
  // As decodeProof: an s >= L would give a second encoding of the same proof (malleability).
  if (bytesToBigintLE(sBytes) >= L) return null;
  const hString = encodeToCurve(publicKey, alpha).toBytes();
  const points = new Uint8Array(3 * POINT_LENGTH);
  if (!fast.ecvrfPoints(publicKey, gammaString, hString, cBytes, sBytes, points)) return undefined;
  const expected = challenge(publicKey, hString, gammaString, points.subarray(0, POINT_LENGTH), points.subarray(POINT_LENGTH, 2 * POINT_LENGTH));
  if (expected !== bytesToBigintLE(cBytes)) return null;
  return gammaToHash(points.subarray(2 * POINT_LENGTH));
}

/**
 * ECVRF_proof_to_hash (RFC 9381 §5.2): the VRF output of a proof, without checking it. Use it only on proofs this
 * node made or has already verified; {@link vrfVerify} returns the same bytes for a valid proof.
 * @param proof - the 80-byte proof
 * @returns beta = SHA512(0x04 || 0x03 || encode(8 * Gamma) || 0x00), 64 bytes
 * @throws {TypeError} when `proof` is not a Uint8Array
 * @throws {RangeError} when `proof` is not 80 bytes or does not decode (Gamma invalid or non-canonical, `s >= L`)
 */
export function vrfProofToHash(proof: Uint8Array): Uint8Array {
  abytes(proof, VRF_PROOF_LENGTH, 'proof');
  const decoded = decodeProof(proof);
  if (decoded === undefined) throw new RangeError('proof: not a valid ECVRF proof encoding');
  return gammaToHash(decoded.gamma.clearCofactor().toBytes());
}

/** RFC 9381 §5.4.1.2 with salt = the public key bytes; noble's encodeToCurve already clears the cofactor. */
function encodeToCurve(publicKey: Uint8Array, alpha: Uint8Array): EdwardsPoint {
  return ed25519_hasher.encodeToCurve(concatBytes(publicKey, alpha), { DST: ENCODE_TO_CURVE_DST });
}

/** RFC 9381 §5.4.3: c = the first 16 bytes of SHA512(0x04 || 0x02 || Y || H || Gamma || U || V || 0x00), LE. */
function challenge(
  publicKey: Uint8Array,
  hString: Uint8Array,
  gammaString: Uint8Array,
  uString: Uint8Array,
  vString: Uint8Array,
): bigint {
  const digest = sha512(concatBytes(Uint8Array.of(SUITE, CHALLENGE_FRONT), publicKey, hString, gammaString, uString, vString, Uint8Array.of(BACK)));
  return bytesToBigintLE(digest.subarray(0, C_LENGTH));
}

/** RFC 9381 §5.4.4 ECVRF_decode_proof; undefined for a proof that does not decode. */
function decodeProof(proof: Uint8Array): { gamma: EdwardsPoint; c: bigint; s: bigint } | undefined {
  if (proof.length !== VRF_PROOF_LENGTH) return undefined;
  const gamma = decodePoint(proof.subarray(0, POINT_LENGTH));
  if (gamma === undefined) return undefined;
  const c = bytesToBigintLE(proof.subarray(POINT_LENGTH, POINT_LENGTH + C_LENGTH));
  const s = bytesToBigintLE(proof.subarray(POINT_LENGTH + C_LENGTH));
  // An s >= L would give a second encoding of the same proof (malleability).
  if (s >= L) return undefined;
  return { gamma, c, s };
}

/**
 * RFC 8032 string_to_point: rejects y >= p and the two x = 0 encodings with the sign bit set, which is exactly
 * curve25519-voi's `IsCanonical` + `SetCompressedY` (noble's non-ZIP-215 decoding). Undefined when invalid.
 */
function decodePoint(bytes: Uint8Array): EdwardsPoint | undefined {
  try {
    const point = Point.fromBytes(bytes, false);
    // The rule is literally "these bytes are the point's canonical encoding"; checking that directly keeps it true
    // whatever noble's decoding flags do in a later version.
    return equalBytes(point.toBytes(), bytes) ? point : undefined;
  } catch {
    return undefined;
  }
}

/** beta from the encoding of 8 * Gamma (RFC 9381 §5.2). */
function gammaToHash(gamma8String: Uint8Array): Uint8Array {
  return sha512(concatBytes(Uint8Array.of(SUITE, PROOF_TO_HASH_FRONT), gamma8String, Uint8Array.of(BACK)));
}
