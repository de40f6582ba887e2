/**
 * Signing domains and the bytes a consensus signature covers: `GenesisID(20) || domain(1) || msg`
 * (docs/protocol/primitives.md §2, go-spacemesh `signing/signer.go`). The GenesisID prefix keeps a signature from being
 * replayed on another network; the domain byte keeps one message kind from being replayed as another. Pure.
 * @module
 */
import { abytes } from '../util/assert.js';

/** The domain byte of each kind of consensus message. The values are wire format: never renumber them. */
export const SigningDomain = {
  ATX: 0,
  PROPOSAL: 1,
  BALLOT: 2,
  HARE: 3,
  POET: 4,
  MARRIAGE: 5,
  BEACON_FIRST_MSG: 10,
  BEACON_FOLLOWUP_MSG: 11,
} as const;
export type SigningDomain = (typeof SigningDomain)[keyof typeof SigningDomain];

/** Length of the GenesisID that prefixes every signed message (`Hash20`). */
const GENESIS_ID_LENGTH = 20;

const KNOWN_DOMAINS: ReadonlySet<number> = new Set(Object.values(SigningDomain));

/**
 * Checks that `domain` is one of {@link SigningDomain}. A typo'd number would sign bytes no peer verifies, so it
 * fails here rather than on the network.
 * @throws {TypeError} when `domain` is not a number
 * @throws {RangeError} when `domain` is not a known signing domain
 */
export function assertSigningDomain(domain: unknown): asserts domain is SigningDomain {
  if (typeof domain !== 'number') throw new TypeError(`domain: expected a number, got ${typeof domain}`);
  if (!KNOWN_DOMAINS.has(domain)) throw new RangeError(`domain: ${domain} is not a signing domain`);
}

/**
 * The bytes an Ed25519 consensus signature covers: `genesisId || domain || msg`.
 * @param genesisId - the network's 20-byte GenesisID
 * @param domain - which kind of message this is
 * @param msg - the message (usually a SCALE encoding or a hash of one)
 * @returns a new array of `21 + msg.length` bytes
 * @throws {TypeError | RangeError} when `genesisId` is not 20 bytes, `msg` is not a Uint8Array, or `domain` is unknown
 * @example
 * ```ts
 * const bytes = signingBytes(genesisId, SigningDomain.BALLOT, encodedBallotMetadata);
 * ```
 */
export function signingBytes(genesisId: Uint8Array, domain: SigningDomain, msg: Uint8Array): Uint8Array {
  abytes(genesisId, GENESIS_ID_LENGTH, 'genesisId');
  assertSigningDomain(domain);
  abytes(msg, undefined, 'msg');
  const out = new Uint8Array(GENESIS_ID_LENGTH + 1 + msg.length);
  out.set(genesisId, 0);
  out[GENESIS_ID_LENGTH] = domain;
  out.set(msg, GENESIS_ID_LENGTH + 1);
  return out;
}
