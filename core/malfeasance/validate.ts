/**
 * Validating a received malfeasance proof as go-spacemesh's `malfeasance/handler.go` and `activation/malfeasance.go`
 * do. Kinds 1-3: both messages verify for their smesher with the proof type's signing domain (ATX, BALLOT, HARE) over
 * the SCALE bytes of their metadata; the first message's smesher is an identity this node knows; the second is by
 * the same smesher, for the same publish epoch (kind 1), layer (2) or layer and round (3), with a different message
 * hash. Kind 4 (invalid post index): the ATX's signature verifies and its NIPoST PoST, checked at the one index
 * position the proof names, fails (any PoST failure counts, as in go); the commitment ATX is the ATX's own or the
 * identity's from this node's database. Kind 5 (invalid previous ATX): the identity is known, both ATXs are signed by
 * it, they differ, and they name the same previous ATX. Pure but for the verifiers and the lookups.
 * @module
 */
import { type Codec, ScaleError, encode } from '../codec/index.js';
import { SigningDomain } from '../crypto/domains.js';
import type { EdVerifier } from '../crypto/ed25519.js';
import { type ActivationTxV1, atxIdV1, atxSignedBytesV1 } from '../activation/wire.js';
import type { PostParams } from '../params/types.js';
import { PostError } from '../post/errors.js';
import type { LabelKernel } from '../post/kernel.js';
import { verifyProof } from '../post/verify.js';
import { bytesToHex, equalBytes, hexToBytes } from '../util/bytes.js';
import { MalfeasanceError } from './errors.js';
import {
  AtxMetadata,
  BallotMetadata,
  HareMetadata,
  type InvalidPostIndexProof,
  type InvalidPrevAtxProof,
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
  /** What judging kind 4 needs; without it kind-4 proofs are refused as UNSUPPORTED (not the sender's fault). */
  readonly post?: PostCheckContext;
}

/** The network's PoST parameters and the identity → commitment ATX lookup, for kind 4. */
export interface PostCheckContext {
  readonly params: PostParams;
  /** The commitment ATX of the identity's initial ATX, if this node has it. */
  commitmentOf(smesherId: Uint8Array): Uint8Array | undefined;
  readonly kernel?: LabelKernel;
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
 * @throws {MalfeasanceError} BAD_SIGNATURE, NOT_A_PROOF, UNKNOWN_IDENTITY or UNSUPPORTED (kind 4 without a PoST context)
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
      smesherId = checkInvalidPostIndex(ctx, p.data);
      break;
    case MalfeasanceKind.INVALID_PREV_ATX:
      smesherId = checkInvalidPrevAtx(ctx, p.data);
      break;
  }
  return { smesherId, kind: p.type, proof };
}

function atxSignatureHolds(ctx: ProofValidationContext, atx: ActivationTxV1): boolean {
  return ctx.verifier.verify(SigningDomain.ATX, atx.smesherId, atxSignedBytesV1(atx.inner), atx.signature);
}

function checkInvalidPostIndex(ctx: ProofValidationContext, data: InvalidPostIndexProof): Uint8Array {
  const name = malfeasanceKindName(MalfeasanceKind.INVALID_POST_INDEX);
  const { atx, invalidIdx } = data;
  if (ctx.post === undefined) throw new MalfeasanceError('UNSUPPORTED', `${name} proofs are not judged by this node`);
  if (!atxSignatureHolds(ctx, atx)) throw new MalfeasanceError('BAD_SIGNATURE', `${name} proof: the ATX's signature does not verify`);
  const nipost = atx.inner.nipost;
  if (nipost === null || nipost.post === null || nipost.postMetadata === null) {
    throw new MalfeasanceError('NOT_A_PROOF', `${name} proof: the ATX carries no PoST`);
  }
  const commitmentAtxId = atx.inner.challenge.commitmentAtxId ?? ctx.post.commitmentOf(atx.smesherId);
  if (commitmentAtxId === undefined) throw new MalfeasanceError('UNKNOWN_IDENTITY', `${name} proof names ${bytesToHex(atx.smesherId)}, an identity with no known ATX`);
  const { params } = ctx.post;
  const verifyParams = {
    k1: params.k1,
    k2: params.k2,
    scryptN: params.scryptN,
    powDifficulty: hexToBytes(params.powDifficultyHex, 32),
    minUnits: params.minUnits,
    maxUnits: params.maxUnits,
  };
  const metadata = {
    nodeId: atx.smesherId,
    commitmentAtxId,
    challenge: nipost.postMetadata.challenge,
    numUnits: atx.inner.numUnits,
    labelsPerUnit: nipost.postMetadata.labelsPerUnit,
  };
  const proof = { nonce: nipost.post.nonce, indices: nipost.post.indices, pow: nipost.post.pow };
  try {
    verifyProof(proof, metadata, verifyParams, { kind: 'one', position: invalidIdx }, ctx.post.kernel === undefined ? {} : { kernel: ctx.post.kernel });
  } catch (err) {
    if (err instanceof PostError) return atx.smesherId;
    throw err;
  }
  throw new MalfeasanceError('NOT_A_PROOF', `${name} proof: the PoST verifies at index position ${invalidIdx}`);
}

function checkInvalidPrevAtx(ctx: ProofValidationContext, data: InvalidPrevAtxProof): Uint8Array {
  const name = malfeasanceKindName(MalfeasanceKind.INVALID_PREV_ATX);
  const { atx1, atx2 } = data;
  if (!ctx.hasIdentity(atx1.smesherId)) throw new MalfeasanceError('UNKNOWN_IDENTITY', `${name} proof names ${bytesToHex(atx1.smesherId)}, an identity with no known ATX`);
  if (!atxSignatureHolds(ctx, atx1)) throw new MalfeasanceError('BAD_SIGNATURE', `${name} proof: ATX 1's signature does not verify`);
  if (!equalBytes(atx1.smesherId, atx2.smesherId)) throw new MalfeasanceError('NOT_A_PROOF', `${name} proof: the ATXs are by different smeshers`);
  if (!atxSignatureHolds(ctx, atx2)) throw new MalfeasanceError('BAD_SIGNATURE', `${name} proof: ATX 2's signature does not verify`);
  if (equalBytes(atxIdV1(atx1.inner), atxIdV1(atx2.inner))) throw new MalfeasanceError('NOT_A_PROOF', `${name} proof: both ATXs are the same ATX`);
  if (!equalBytes(atx1.inner.challenge.prevAtxId, atx2.inner.challenge.prevAtxId)) {
    throw new MalfeasanceError('NOT_A_PROOF', `${name} proof: the ATXs name different previous ATXs`);
  }
  return atx1.smesherId;
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
