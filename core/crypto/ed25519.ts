/**
 * Ed25519 signatures (RFC 8032) on node:crypto, and the node's signer/verifier for domain-separated consensus
 * messages and for transactions (docs/protocol/primitives.md §2). node:crypto (OpenSSL) signs about 15x and verifies about
 * 11x faster than @noble/curves (docs/performance.md §2.3); the unit tests check that both give identical signatures.
 *
 * Verification semantics (docs/protocol/primitives.md §2.1). go-spacemesh at cc65f271f3e2 verifies every signature
 * (`signing/verifier.go`, the wallet template, the multisig batch) with curve25519-voi `primitives/ed25519.Verify`,
 * i.e. `VerifyOptionsDefault`: A must be a canonical encoding of a point that is not of small order; R must be a
 * canonical encoding of a curve point (small order allowed); S < L; k = SHA-512(R bytes || A bytes || M) mod L; and
 * the **cofactored** equation [8]([S]B - [k]A - R) = O. {@link verifyEd25519Cofactored} is that check, step by step,
 * on @noble/curves point math. OpenSSL's `ossl_ed25519_verify` (crypto/ec/curve25519.c) differs: it checks S < L,
 * accepts any A that decodes (small-order and non-canonical ones too) and accepts iff ENC([S]B - [k]A) == R bytes
 * (cofactorless, byte-compared), with k over the same raw bytes.
 *
 * libsodium's `crypto_sign_ed25519_verify_detached` (core/crypto/sodium.ts, where the system has libsodium) rejects
 * S >= L, small-order R and A, and an A with y >= p, then accepts iff ENC([S]B - [k]A) == R bytes: the same
 * cofactorless byte comparison as OpenSSL, at about twice its speed.
 *
 * {@link verifyEd25519} gets voi's answer with libsodium, or OpenSSL without it, as the fast path:
 *  1. wrong lengths, a non-canonical A, a small-order A or S >= L: false (voi's own rejections; byte checks only);
 *  2. the fast path accepts: true;
 *  3. otherwise: {@link verifyEd25519Cofactored}.
 * The argument below holds word for word for libsodium's accept, which also means ENC([S]B - [k]A) == R bytes with
 * k over the raw bytes; its extra rejections (small-order R) only send more inputs to step 3.
 * Soundness. (2) Once step 1 passed, OpenSSL's accept means the R bytes equal ENC(P) for P = [S]B - [k]A, the point
 * voi decodes A to (a canonical encoding names one point in both), with voi's k (both hash the raw bytes). ENC output
 * is canonical, so voi's R checks pass with R = P (small order or not: voi allows it), and [8]([S]B - [k]A - R) =
 * [8]O = O: voi accepts. (3) Where OpenSSL rejects, its answer is not used; the exact check decides. So the result is
 * voi's for every input, and rests only on OpenSSL never accepting where its own cofactorless equation fails; none
 * of its edge-case policy (A decoding, S range) is trusted. Only (3) costs noble's speed (about 10x OpenSSL): valid
 * signatures never reach it, and invalid ones come from faulty or hostile peers, which lose score.
 * Disagreements with OpenSSL (test/vectors/ed25519-edge.json): small-order or non-canonical A (voi rejects, OpenSSL
 * may accept), and [S]B - [k]A - R a non-zero small-order point, possible only when A or R has a torsion component
 * (voi accepts, OpenSSL rejects). Non-canonical R and S >= L: both reject. Do not swap in another verifier (noble's
 * ZIP-215 default, Go's stdlib, OpenSSL alone): on crafted signatures they disagree with go-spacemesh, and
 * disagreement on consensus messages splits the network.
 *
 * An {@link EdSigner} holds its seed only inside a KeyObject (plus, after the first `vrfProve`, the derived VRF
 * scalar in a closure); it never returns the seed or shows it in JSON or `util.inspect` output. No I/O.
 * @module
 */
import { Buffer } from 'node:buffer';
import {
  type KeyObject,
  createHash,
  createPrivateKey,
  createPublicKey,
  sign as nodeSign,
  verify as nodeVerify,
} from 'node:crypto';
import { inspect } from 'node:util';
import type { EdwardsPoint } from '@noble/curves/abstract/edwards.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { abytes } from '../util/assert.js';
import { bytesToBigintLE, bytesToHex, concatBytes, equalBytes, hexToBytes } from '../util/bytes.js';
import { type SigningDomain, signingBytes } from './domains.js';
import { type VrfProver, createVrfProver } from './ecvrf.js';
import { isCanonicalPointEncoding, isSmallOrderEncoding } from './edwardsEncoding.js';
import { sodium } from './sodium.js';

export const SEED_LENGTH = 32;
export const PUBLIC_KEY_LENGTH = 32;
export const SIGNATURE_LENGTH = 64;

const GENESIS_ID_LENGTH = 20;
/** DER PKCS#8 header of an Ed25519 private key; the 32-byte seed follows (RFC 8410 §7). */
const PKCS8_PREFIX = hexToBytes('302e020100300506032b657004220420');
/** DER SubjectPublicKeyInfo header of an Ed25519 public key; the 32-byte key follows (RFC 8410 §4). */
const SPKI_PREFIX = hexToBytes('302a300506032b6570032100');

const Point = ed25519.Point;
const Fn = Point.Fn;
/** The prime order of the base point, 2^252 + 27742317777372353535851937790883648493. */
const L = Fn.ORDER;
/**
 * The public key of a private seed.
 * @param seed - the 32-byte Ed25519 private seed (RFC 8032 private key)
 * @returns the 32-byte public key
 * @throws {TypeError | RangeError} when `seed` is not 32 bytes
 */
export function publicKeyFromSeed(seed: Uint8Array): Uint8Array {
  abytes(seed, SEED_LENGTH, 'seed');
  return publicKeyOf(privateKeyObject(seed));
}

/**
 * Signs `message` with a raw seed. Builds a KeyObject per call; use {@link EdSigner} to sign repeatedly.
 * @param seed - the 32-byte private seed
 * @param message - the exact bytes to sign (no prefix is added)
 * @returns the 64-byte signature R || S
 * @throws {TypeError | RangeError} when `seed` is not 32 bytes or `message` is not a Uint8Array
 */
export function signEd25519(seed: Uint8Array, message: Uint8Array): Uint8Array {
  abytes(seed, SEED_LENGTH, 'seed');
  abytes(message, undefined, 'message');
  return toUint8Array(nodeSign(null, message, privateKeyObject(seed)));
}

/**
 * Verifies an Ed25519 signature with go-spacemesh's semantics: curve25519-voi `VerifyOptionsDefault` (see the module
 * comment), with libsodium or OpenSSL as the fast path. Never throws for bad input: a key or signature of the wrong
 * length, or a key that is not a curve point, is simply invalid.
 * @param publicKey - the signer's 32-byte public key
 * @param message - the exact bytes that were signed
 * @param signature - the 64-byte signature
 * @returns true when the signature is valid
 * @throws {TypeError} when an argument is not a Uint8Array (a bug in the caller, not bad input)
 */
export function verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  abytes(publicKey, undefined, 'publicKey');
  abytes(message, undefined, 'message');
  abytes(signature, undefined, 'signature');
  if (publicKey.length !== PUBLIC_KEY_LENGTH || signature.length !== SIGNATURE_LENGTH) return false;
  // Step 1: voi's rejections that OpenSSL lacks (A) or that the soundness argument must not take from OpenSSL (S).
  if (!isCanonicalPointEncoding(publicKey) || isSmallOrderEncoding(publicKey)) return false;
  if (!isCanonicalScalar(signature.subarray(32))) return false;
  // Step 2: OpenSSL's accept (or libsodium's, where it is loaded: the same cofactorless byte comparison, twice as
  // fast) is voi's accept once step 1 passed.
  if (fastVerify(publicKey, message, signature)) return true;
  // Step 3: the cases where voi may accept what the fast path rejects (torsion in A or R) need the exact equation.
  return verifyEd25519Cofactored(publicKey, message, signature);
}

/**
 * curve25519-voi's `VerifyWithOptions` with `VerifyOptionsDefault` (`primitives/ed25519/ed25519.go`
 * `verifyWithOptionsNoPanic`), on @noble/curves point math alone: the reference that {@link verifyEd25519} equals.
 * About 10x slower than OpenSSL; use {@link verifyEd25519}.
 * @param publicKey - the signer's 32-byte public key
 * @param message - the exact bytes that were signed
 * @param signature - the 64-byte signature R || S
 * @returns true when voi's default verification accepts
 * @throws {TypeError} when an argument is not a Uint8Array
 */
export function verifyEd25519Cofactored(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  abytes(publicKey, undefined, 'publicKey');
  abytes(message, undefined, 'message');
  abytes(signature, undefined, 'signature');
  if (publicKey.length !== PUBLIC_KEY_LENGTH || signature.length !== SIGNATURE_LENGTH) return false;
  // unpackPublicKey: A decodes (SetCompressedY), is not of small order (AllowSmallOrderA = false) and is canonical
  // (AllowNonCanonicalA = false).
  const A = decodeCanonicalPoint(publicKey);
  if (A === undefined || A.isSmallOrder()) return false;
  // unpackSignature: S < L (ScMinimalVartime); R decodes and is canonical (AllowNonCanonicalR = false); a small-order
  // R is allowed (AllowSmallOrderR = true), so its order is not checked.
  const rBytes = signature.subarray(0, 32);
  const sBytes = signature.subarray(32);
  if (!isCanonicalScalar(sBytes)) return false;
  const R = decodeCanonicalPoint(rBytes);
  if (R === undefined) return false;
  // hram = SHA-512(R bytes || A bytes || M) mod L (SetBytesModOrderWide).
  const digest = createHash('sha512').update(rBytes).update(publicKey).update(message).digest();
  const k = Fn.create(bytesToBigintLE(digest));
  // The cofactored equation: [8]([S]B - [k]A - R) = O, i.e. [8][S]B = [8]R + [8][k]A (voi: IsSmallOrder of the
  // TripleScalarMulBasepointVartime result). Every scalar is public, so variable time is fine.
  const S = bytesToBigintLE(sBytes);
  return Point.BASE.multiplyUnsafe(S).subtract(A.multiplyUnsafe(k)).subtract(R).clearCofactor().is0();
}

/**
 * One identity's signer: consensus messages over `genesisId || domain || msg` (docs/protocol/primitives.md §2) and transactions over
 * `genesisId || tx`. Holds the key as a KeyObject, so signing skips the DER import each time.
 * @example
 * ```ts
 * const signer = new EdSigner(seed, genesisId);
 * const sig = signer.sign(SigningDomain.BALLOT, encodedBallotMetadata);
 * new EdVerifier(genesisId).verify(SigningDomain.BALLOT, signer.publicKey, encodedBallotMetadata, sig); // true
 * ```
 */
export class EdSigner {
  /** The 32-byte public key (the node id). Treat it as read-only. */
  readonly publicKey: Uint8Array;
  readonly #key: KeyObject;
  readonly #genesisId: Uint8Array;
  #vrfProver: VrfProver | undefined;

  /**
   * @param seed - the 32-byte private seed; copied into a KeyObject, so the caller may wipe its array afterwards
   * @param genesisId - the 20-byte GenesisID of the network this signer signs for
   * @throws {TypeError | RangeError} when `seed` is not 32 bytes or `genesisId` not 20
   */
  constructor(seed: Uint8Array, genesisId: Uint8Array) {
    abytes(seed, SEED_LENGTH, 'seed');
    abytes(genesisId, GENESIS_ID_LENGTH, 'genesisId');
    this.#key = privateKeyObject(seed);
    this.#genesisId = genesisId.slice();
    this.publicKey = publicKeyOf(this.#key);
  }

  /**
   * Signs a consensus message in `domain`.
   * @returns the 64-byte signature over `genesisId || domain || msg`
   * @throws {TypeError | RangeError} when `domain` is not a signing domain or `msg` is not a Uint8Array
   */
  sign(domain: SigningDomain, msg: Uint8Array): Uint8Array {
    return toUint8Array(nodeSign(null, signingBytes(this.#genesisId, domain, msg), this.#key));
  }

  /**
   * Signs a transaction body (everything but the signature).
   * @returns the 64-byte signature over `genesisId || tx`: no domain byte, as go-spacemesh and smapp do
   * @throws {TypeError} when `tx` is not a Uint8Array
   */
  signTransaction(tx: Uint8Array): Uint8Array {
    abytes(tx, undefined, 'tx');
    return toUint8Array(nodeSign(null, concatBytes(this.#genesisId, tx), this.#key));
  }

  /**
   * ECVRF proof of `alpha` with this identity's key (see core/crypto/ecvrf.ts). The VRF key is derived on first
   * use and kept, since an epoch's eligibility proofs come in a burst.
   * @returns the 80-byte proof
   * @throws {TypeError} when `alpha` is not a Uint8Array
   */
  vrfProve(alpha: Uint8Array): Uint8Array {
    this.#vrfProver ??= this.#createVrfProver();
    return this.#vrfProver(alpha);
  }

  /** What JSON.stringify shows: the public key only. */
  toJSON(): { publicKey: string } {
    return { publicKey: bytesToHex(this.publicKey) };
  }

  /** What console.log / util.inspect show: the public key only. */
  [inspect.custom](): string {
    return `EdSigner { publicKey: ${bytesToHex(this.publicKey)} }`;
  }

  #createVrfProver(): VrfProver {
    // The seed is read back from the KeyObject rather than kept in a field, so only one copy lives on.
    const der = this.#key.export({ format: 'der', type: 'pkcs8' });
    try {
      return createVrfProver(new Uint8Array(der.buffer, der.byteOffset + PKCS8_PREFIX.length, SEED_LENGTH));
    } finally {
      der.fill(0);
    }
  }
}

/** Verifies consensus-message and transaction signatures for one network. */
export class EdVerifier {
  readonly #genesisId: Uint8Array;

  /**
   * @param genesisId - the 20-byte GenesisID of the network whose signatures this checks
   * @throws {TypeError | RangeError} when `genesisId` is not 20 bytes
   */
  constructor(genesisId: Uint8Array) {
    abytes(genesisId, GENESIS_ID_LENGTH, 'genesisId');
    this.#genesisId = genesisId.slice();
  }

  /**
   * Checks a consensus-message signature (see {@link verifyEd25519} for what is accepted).
   * @returns true when `sig` is `publicKey`'s signature over `genesisId || domain || msg`
   * @throws {TypeError | RangeError} when `domain` is not a signing domain or an argument is not a Uint8Array
   */
  verify(domain: SigningDomain, publicKey: Uint8Array, msg: Uint8Array, sig: Uint8Array): boolean {
    return verifyEd25519(publicKey, signingBytes(this.#genesisId, domain, msg), sig);
  }

  /**
   * Checks a transaction signature.
   * @returns true when `sig` is `publicKey`'s signature over `genesisId || tx`
   * @throws {TypeError} when an argument is not a Uint8Array
   */
  verifyTransaction(publicKey: Uint8Array, tx: Uint8Array, sig: Uint8Array): boolean {
    abytes(tx, undefined, 'tx');
    return verifyEd25519(publicKey, concatBytes(this.#genesisId, tx), sig);
  }
}

/** libsodium's verdict where its addon is loaded, else OpenSSL's (see the module comment). */
function fastVerify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  const fast = sodium();
  return fast !== undefined ? fast.verify(publicKey, message, signature) : opensslVerify(publicKey, message, signature);
}

/** OpenSSL's verdict (see the module comment); false when OpenSSL refuses the key. */
function opensslVerify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    return nodeVerify(null, message, publicKeyObject(publicKey), signature);
  } catch {
    // Whether a key that is not a curve point fails at import or at verify depends on the OpenSSL build; either way
    // OpenSSL did not accept, and the exact check decides (it rejects such a key).
    return false;
  }
}

/** voi `scalar.ScMinimalVartime`: the 32 little-endian bytes are < L. */
function isCanonicalScalar(bytes: Uint8Array): boolean {
  const top = bytes[31]!;
  if ((top & 0xf0) === 0) return true; // < 2^252 <= L
  if ((top & 0xe0) !== 0) return false; // >= 2^253 > L
  return bytesToBigintLE(bytes) < L;
}

/** RFC 8032 decoding restricted to canonical encodings (voi `SetCompressedY` + `IsCanonicalVartime`). */
function decodeCanonicalPoint(bytes: Uint8Array): EdwardsPoint | undefined {
  try {
    const point = Point.fromBytes(bytes, false);
    // The rule is literally "these bytes are the point's canonical encoding"; checking that directly keeps it true
    // whatever noble's decoding flags do in a later version.
    return equalBytes(point.toBytes(), bytes) ? point : undefined;
  } catch {
    return undefined;
  }
}

function privateKeyObject(seed: Uint8Array): KeyObject {
  const der = concatBytes(PKCS8_PREFIX, seed);
  try {
    return createPrivateKey({ key: Buffer.from(der.buffer, der.byteOffset, der.byteLength), format: 'der', type: 'pkcs8' });
  } finally {
    // OpenSSL has copied the seed; wipe the temporary copy we made.
    der.fill(0);
  }
}

/**
 * Imported public keys by their base64url bytes, oldest first: an identity signs many messages an epoch (ballots,
 * proposals, hare rounds), and the import is about a tenth of a verification. A key is the same KeyObject whichever
 * message it checks, so the verdicts do not change; only keys OpenSSL imported are kept.
 */
const importedKeys = new Map<string, KeyObject>();
/** Enough for every identity of a network of ten thousand; the oldest import goes first beyond it. */
const IMPORTED_KEYS_KEPT = 16_384;

function publicKeyObject(publicKey: Uint8Array): KeyObject {
  // A JWK imports about 2x faster than the equivalent SPKI DER (measured: verify incl. import 8.3k vs 4.6k/s, with a
  // cached KeyObject 9.0k/s): OpenSSL 3 runs DER through its generic decoder chain, while Node builds an OKP JWK
  // with EVP_PKEY_new_raw_public_key. The key bytes reach OpenSSL unchanged either way.
  const x = Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.byteLength).toString('base64url');
  let key = importedKeys.get(x);
  if (key === undefined) {
    key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
    if (importedKeys.size >= IMPORTED_KEYS_KEPT) importedKeys.delete(importedKeys.keys().next().value!);
    importedKeys.set(x, key);
  }
  return key;
}

function publicKeyOf(key: KeyObject): Uint8Array {
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  return toUint8Array(spki.subarray(SPKI_PREFIX.length));
}

/** A plain copy: node:crypto returns Buffers, which compare unequal to Uint8Arrays in deepStrictEqual. */
function toUint8Array(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer);
}
