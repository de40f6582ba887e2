/**
 * What a proposal refers to that a node must have before it can validate it (go-spacemesh `proposals/handler.go`
 * `fetchReferences`): the ballot's ATX, its reference ballot (unless it is one), the active set a reference ballot
 * declares, and the transactions the proposal lists; a ballot fetched on its own refers to its ATX and active set.
 * Pure: decodes only.
 * @module
 */
import { decode } from '../codec/index.js';
import { equalBytes } from '../util/bytes.js';
import { Ballot, EMPTY_ID20, decodeProposal } from './wire.js';

export interface ProposalReferences {
  readonly layer: number;
  readonly atxId: Uint8Array;
  /** The reference ballot's id, or null when this ballot is the reference ballot of its epoch. */
  readonly refBallot: Uint8Array | null;
  /** The active set hash a reference ballot declares, or null. */
  readonly activeSetHash: Uint8Array | null;
  /** The base ballot the ballot's votes are relative to, or null for the genesis base. */
  readonly baseBallot: Uint8Array | null;
  readonly txIds: readonly Uint8Array[];
}

/**
 * The references of an encoded proposal.
 * @throws {ScaleError} for bytes that are not a proposal
 */
export function proposalReferences(bytes: Uint8Array): ProposalReferences {
  const proposal = decodeProposal(bytes);
  const inner = proposal.inner.ballot.inner;
  return {
    layer: inner.layer,
    atxId: inner.atxId,
    refBallot: equalBytes(inner.refBallot, EMPTY_ID20) ? null : inner.refBallot,
    activeSetHash: inner.epochData?.activeSetHash ?? null,
    baseBallot: equalBytes(proposal.inner.ballot.votes.base, EMPTY_ID20) ? null : proposal.inner.ballot.votes.base,
    txIds: proposal.inner.txIds,
  };
}

/**
 * The references of an encoded ballot (a reference ballot fetched by id).
 * @throws {ScaleError} for bytes that are not a ballot
 */
export function ballotReferences(bytes: Uint8Array): Pick<ProposalReferences, 'layer' | 'atxId' | 'activeSetHash'> {
  const { inner } = decode(Ballot, bytes);
  return { layer: inner.layer, atxId: inner.atxId, activeSetHash: inner.epochData?.activeSetHash ?? null };
}
