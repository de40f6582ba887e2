/**
 * Validating a received malfeasance proof as go-spacemesh's `malfeasance/handler.go` does: both messages verify
 * for their smesher with the proof type's signing domain (ATX, BALLOT, HARE) over the SCALE bytes of their
 * metadata; the first message's smesher is an identity this node knows; the second is by the same smesher, for the
 * same publish epoch (kind 1), layer (2) or layer and round (3), with a different message hash. Kinds 4 (invalid
 * post index) and 5 (invalid previous ATX) decode but are refused as UNSUPPORTED: judging them needs PoST
 * verification of one label and the previous-ATX rules, not wired here yet. Pure but for the verifier and the
 * identity lookup.
 * @module
 */
import { type Codec, ScaleError, encode } from '../codec/index.js';
import { SigningDomain } from '../crypto/domains.js';
import type { EdVerifier } from '../crypto/ed25519.js';
import { bytesToHex, equalBytes } from '../util/bytes.js';
import { MalfeasanceError } from './errors.js';
import {
  AtxMetadata,
  BallotMetadata,
  HareMetadata,
  MalfeasanceKind,
  type MalfeasanceProof,
  decodeMalfeasanceGossip,
  decodeMalfeasanceProof,
  malfeasanceKindName,
} from './wire.js';

export interface ProofValidationContext {
  readonly verifier: Pick<EdVerifier, 'verify'>;
  /** Whether this node knows an ATX of `smesherId` (go's `checkIdentityExists`). */
  hasIdentity(smesherId: Uint8Array): boolean;
}

/** A proof that holds: the proven smesher and the proof's kind. */
export interface ValidProof {
  readonly smesherId: Uint8Array;
  readonly kind: MalfeasanceKind;
  readonly proof: MalfeasanceProof;
}

interface Msg<T> {
  readonly innerMsg: T;
  readonly smesherId: Uint8Array;
  readonly signature: Uint8Array;
}

function checkPair<T extends { msgHash: Uint8Array }>(
  ctx: ProofValidationContext,
  kind: MalfeasanceKind,
  domain: SigningDomain,
  codec: Codec<T>,
  messages: readonly [Msg<T>, Msg<T>],
  sameSlot: (a: T, b: T) => boolean,
): Uint8Array {
  const name = malfeasanceKindName(kind);
  for (const [i, m] of messages.entries()) {
    if (!ctx.verifier.verify(domain, m.smesherId, encode(codec, m.innerMsg), m.signature)) {
      throw new MalfeasanceError('BAD_SIGNATURE', `${name} proof: message ${i + 1}'s signature does not verify`);
    }
  }
  const [a, b] = messages;
  if (!ctx.hasIdentity(a.smesherId)) throw new MalfeasanceError('UNKNOWN_IDENTITY', `${name} proof names ${bytesToHex(a.smesherId)}, an identity with no known ATX`);
  if (!equalBytes(a.smesherId, b.smesherId)) throw new MalfeasanceError('NOT_A_PROOF', `${name} proof: the messages are by different smeshers`);
  if (!sameSlot(a.innerMsg, b.innerMsg)) throw new MalfeasanceError('NOT_A_PROOF', `${name} proof: the messages are not for the same ${kind === MalfeasanceKind.MULTIPLE_ATXS ? 'epoch' : kind === MalfeasanceKind.MULTIPLE_BALLOTS ? 'layer' : 'layer and round'}`);
  if (equalBytes(a.innerMsg.msgHash, b.innerMsg.msgHash)) throw new MalfeasanceError('NOT_A_PROOF', `${name} proof: both messages are the same message`);
  return a.smesherId;
}

/**
 * Judges a decoded proof.
 * @throws {MalfeasanceError} BAD_SIGNATURE, NOT_A_PROOF, UNKNOWN_IDENTITY or UNSUPPORTED
 */
export function validateProof(ctx: ProofValidationContext, proof: MalfeasanceProof): ValidProof {
  const p = proof.proof;
  let smesherId: Uint8Array;
  switch (p.type) {
    case MalfeasanceKind.MULTIPLE_ATXS:
      smesherId = checkPair(ctx, p.type, SigningDomain.ATX, AtxMetadata, p.messages, (a, b) => a.publishEpoch === b.publishEpoch);
      break;
    case MalfeasanceKind.MULTIPLE_BALLOTS:
      smesherId = checkPair(ctx, p.type, SigningDomain.BALLOT, BallotMetadata, p.messages, (a, b) => a.layer === b.layer);
      break;
    case MalfeasanceKind.HARE_EQUIVOCATION:
      smesherId = checkPair(ctx, p.type, SigningDomain.HARE, HareMetadata, p.messages, (a, b) => a.layer === b.layer && a.round === b.round);
      break;
    case MalfeasanceKind.INVALID_POST_INDEX:
    case MalfeasanceKind.INVALID_PREV_ATX:
      throw new MalfeasanceError('UNSUPPORTED', `${malfeasanceKindName(p.type)} proofs are not judged by this node yet`);
  }
  return { smesherId, kind: p.type, proof };
}

function decoded<T>(what: string, decodeFn: () => T): T {
  try {
    return decodeFn();
  } catch (err) {
    if (err instanceof ScaleError) throw new MalfeasanceError('MALFORMED', `not a ${what}: ${err.message}`);
    throw err;
  }
}

/** Decodes and judges a `MalfeasanceProof` (fetched by `malfeasance` hint). @throws {MalfeasanceError} */
export function validateProofBytes(ctx: ProofValidationContext, bytes: Uint8Array): ValidProof {
  return validateProof(ctx, decoded('MalfeasanceProof', () => decodeMalfeasanceProof(bytes)));
}

/** Decodes and judges a `MalfeasanceGossip` (from `mp1`); the eligibility is not used. @throws {MalfeasanceError} */
export function validateGossipBytes(ctx: ProofValidationContext, bytes: Uint8Array): ValidProof {
  return validateProof(ctx, decoded('MalfeasanceGossip', () => decodeMalfeasanceGossip(bytes)).proof);
}
