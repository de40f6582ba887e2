/**
 * Ballot and proposal wire formats, ids and signed bytes (docs/protocol/eligibility.md §4; go-spacemesh
 * `common/types/ballot.go`, `proposal.go`). Field order and limits follow the Go structs, so the bytes, ids and
 * signatures are those a go-spacemesh node computes. Pure.
 * @module
 */
import { compact32, compact64, type Infer, decode, encode, fixedBytes, option, struct, vec } from '../codec/index.js';
import { blake3 } from '../crypto/hash.js';

const id20 = fixedBytes(20);
const hash32 = fixedBytes(32);

/** What the first ballot of an identity in an epoch declares (the "reference ballot"). */
export const EpochData = struct('EpochData', {
  activeSetHash: hash32,
  beacon: fixedBytes(4),
  eligibilityCount: compact32,
});
export type EpochData = Infer<typeof EpochData>;

export const InnerBallot = struct('InnerBallot', {
  layer: compact32,
  atxId: hash32,
  opinionHash: hash32,
  /** The identity's reference ballot in this epoch; all zero in the reference ballot itself. */
  refBallot: id20,
  epochData: option(EpochData),
});
export type InnerBallot = Infer<typeof InnerBallot>;

const BlockHeader = struct('BlockHeader', { id: id20, layer: compact32, height: compact64 });

/** A ballot's votes relative to its base ballot (tortoise, docs/protocol/tortoise.md §2). */
export const Votes = struct('Votes', {
  base: id20,
  support: vec(BlockHeader, 10_000),
  against: vec(BlockHeader, 10_000),
  abstain: vec(compact32, 10_000),
});
export type Votes = Infer<typeof Votes>;

/** One ballot eligibility: counter j of the epoch and its VRF proof. */
export const VotingEligibility = struct('VotingEligibility', { j: compact32, sig: fixedBytes(80) });
export type VotingEligibility = Infer<typeof VotingEligibility>;

export const Ballot = struct('Ballot', {
  inner: InnerBallot,
  signature: fixedBytes(64),
  smesherId: hash32,
  votes: Votes,
  eligibilityProofs: vec(VotingEligibility, 25_000),
  /** Legacy field, always empty here (the active set travels separately). */
  activeSet: vec(hash32, 1),
});
export type Ballot = Infer<typeof Ballot>;

export const InnerProposal = struct('InnerProposal', {
  ballot: Ballot,
  txIds: vec(hash32, 100_000),
  meshHash: hash32,
});
export type InnerProposal = Infer<typeof InnerProposal>;

export const Proposal = struct('Proposal', { inner: InnerProposal, signature: fixedBytes(64) });
export type Proposal = Infer<typeof Proposal>;

/** `BallotMetadata{Layer, MsgHash}`: what ballot and proposal signatures cover. */
const BallotMetadata = struct('BallotMetadata', { layer: compact32, msgHash: hash32 });

/** The bytes the ballot signature covers (domain BALLOT). */
export function ballotSignedBytes(inner: InnerBallot): Uint8Array {
  return encode(BallotMetadata, { layer: inner.layer, msgHash: blake3(encode(InnerBallot, inner)) });
}

/** `BallotID = blake3(scale(InnerBallot))[:20]`. */
export function ballotId(inner: InnerBallot): Uint8Array {
  return blake3(encode(InnerBallot, inner)).slice(0, 20);
}

/** The bytes the proposal signature covers (domain PROPOSAL). */
export function proposalSignedBytes(inner: InnerProposal): Uint8Array {
  return encode(BallotMetadata, { layer: inner.ballot.inner.layer, msgHash: blake3(encode(InnerProposal, inner)) });
}

/** `ProposalID = blake3(signedBytes)[:20]`. */
export function proposalId(inner: InnerProposal): Uint8Array {
  return blake3(proposalSignedBytes(inner)).slice(0, 20);
}

/** SCALE bytes of a proposal. @throws {TypeError | RangeError} for a field that does not fit */
export function encodeProposal(p: Proposal): Uint8Array {
  return encode(Proposal, p);
}

/** Decodes a proposal. @throws {ScaleError} for bytes that are not exactly one proposal */
export function decodeProposal(bytes: Uint8Array): Proposal {
  return decode(Proposal, bytes);
}

/** `blake3(concat(sorted ATX ids))`: the active set's id (docs/protocol/eligibility.md §3). Sorts a copy. */
export function activeSetHash(atxIds: readonly Uint8Array[]): Uint8Array {
  const sorted = [...atxIds].sort(compareIds);
  return blake3(...sorted);
}

function compareIds(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

export const EMPTY_ID20 = new Uint8Array(20);
