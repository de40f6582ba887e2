/**
 * Ed25519 signatures (RFC 8032) on node:crypto, and the node's signer/verifier for domain-separated consensus
 * messages and for transactions (docs/protocol/primitives.md §2). node:crypto (OpenSSL) signs about 15x and verifies about
 * 11x faster than @noble/curves (docs/performance.md §2.3); the unit tests check that both give identical signatures.
 *
 * Verification semantics. OpenSSL's `ED25519_verify` checks the cofactorless equation by recomputing
 * R' = [S]B - [k]A and comparing its canonical encoding with the signature's R bytes; it rejects S >= L and
 * accepts any A that decodes, including small-order points and non-canonical encodings (y >= p, x = 0 with the
 * sign bit set); observed with the OpenSSL 3.0 that Node 20 bundles. go-spacemesh's `signing/verifier.go`
 * (checked at commit 374703c8) verifies with Go's standard `crypto/ed25519.Verify`, not curve25519-voi, which
 * go-spacemesh uses only for ECVRF. Go's Verify has the same four properties: cofactorless, canonical S,
 * byte-compared R, and `edwards25519.Point.SetBytes` accepting non-canonical A. So this module accepts and rejects
 * what go-spacemesh does, edge cases included, and the unit tests pin those edge cases. Do not swap in a cofactored
 * or ZIP-215 verifier (noble's default) without a protocol decision: on crafted signatures they disagree, and
 * disagreement on consensus messages splits the network.
 *
 * An {@link EdSigner} holds its seed only inside a KeyObject (plus, after the first `vrfProve`, the derived VRF
 * scalar in a closure); it never returns the seed or shows it in JSON or `util.inspect` output. No I/O.
 * @module
 */
import { Buffer } from 'node:buffer';
import { type KeyObject, createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { inspect } from 'node:util';
import { abytes } from '../util/assert.js';
import { bytesToHex, concatBytes, hexToBytes } from '../util/bytes.js';
import { type SigningDomain, signingBytes } from './domains.js';
import { type VrfProver, createVrfProver } from './ecvrf.js';

export const SEED_LENGTH = 32;
export const PUBLIC_KEY_LENGTH = 32;
export const SIGNATURE_LENGTH = 64;

const GENESIS_ID_LENGTH = 20;
/** DER PKCS#8 header of an Ed25519 private key; the 32-byte seed follows (RFC 8410 §7). */
const PKCS8_PREFIX = hexToBytes('302e020100300506032b657004220420');
/** DER SubjectPublicKeyInfo header of an Ed25519 public key; the 32-byte key follows (RFC 8410 §4). */
const SPKI_PREFIX = hexToBytes('302a300506032b6570032100');

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
 * Verifies an Ed25519 signature with go-spacemesh's semantics (see the module comment).
 * Never throws for bad input: a key or signature of the wrong length, or a key that is not a curve point, is
 * simply invalid.
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
  try {
    return nodeVerify(null, message, publicKeyObject(publicKey), signature);
  } catch {
    // Whether a key that is not a curve point fails at import or at verify depends on the OpenSSL build; either way
    // it is an invalid signature, never an exception, since keys and signatures come from the network.
    return false;
  }
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

function privateKeyObject(seed: Uint8Array): KeyObject {
  const der = concatBytes(PKCS8_PREFIX, seed);
  try {
    return createPrivateKey({ key: Buffer.from(der.buffer, der.byteOffset, der.byteLength), format: 'der', type: 'pkcs8' });
  } finally {
    // OpenSSL has copied the seed; wipe the temporary copy we made.
    der.fill(0);
  }
}

function publicKeyObject(publicKey: Uint8Array): KeyObject {
  // A JWK imports about 2x faster than the equivalent SPKI DER (measured: verify incl. import 8.3k vs 4.6k/s, with a
  // cached KeyObject 9.0k/s): OpenSSL 3 runs DER through its generic decoder chain, while Node builds an OKP JWK
  // with EVP_PKEY_new_raw_public_key. The key bytes reach OpenSSL unchanged either way.
  const x = Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.byteLength).toString('base64url');
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' });
}

function publicKeyOf(key: KeyObject): Uint8Array {
  const spki = createPublicKey(key).export({ format: 'der', type: 'spki' });
  return toUint8Array(spki.subarray(SPKI_PREFIX.length));
}

/** A plain copy: node:crypto returns Buffers, which compare unequal to Uint8Arrays in deepStrictEqual. */
function toUint8Array(buffer: Buffer): Uint8Array {
  return new Uint8Array(buffer);
}
