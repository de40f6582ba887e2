/**
 * Building a signed proposal (docs/protocol/eligibility.md §4; go-spacemesh `miner/proposal_builder.go`): the ballot with
 * its eligibility proofs for the layer, EpochData on the identity's first ballot of the epoch (else a pointer to
 * that reference ballot), the ballot signature, then the proposal with its tx ids and mesh hash and the proposal
 * signature. Pure: the signer comes in.
 * @module
 */
import type { EdSigner } from '../crypto/ed25519.js';
import { SigningDomain } from '../crypto/domains.js';
import {
  type EpochData,
  type InnerBallot,
  type InnerProposal,
  type Proposal,
  type VotingEligibility,
  type Votes,
  EMPTY_ID20,
  ballotId,
  ballotSignedBytes,
  proposalId,
  proposalSignedBytes,
} from './wire.js';

export interface ProposalDraft {
  readonly layer: number;
  readonly atxId: Uint8Array;
  /** The opinion (aggregated) hash of layer − 1 the ballot votes for (tortoise, docs/protocol/tortoise.md §2). */
  readonly opinionHash: Uint8Array;
  readonly votes: Votes;
  /** EpochData on the first ballot of the epoch; otherwise the reference ballot's id. */
  readonly epoch: { readonly data: EpochData } | { readonly refBallot: Uint8Array };
  readonly eligibilities: readonly VotingEligibility[];
  readonly txIds: readonly Uint8Array[];
  /** go sends the aggregated hash of layer − 1 here too. */
  readonly meshHash: Uint8Array;
}

export interface BuiltProposal {
  readonly proposal: Proposal;
  readonly id: Uint8Array;
  readonly ballotId: Uint8Array;
}

/**
 * Signs a ballot and a proposal for `draft` with `signer`.
 * @throws {RangeError} when there are no eligibilities or their counters are not strictly increasing
 */
export function buildProposal(signer: EdSigner, draft: ProposalDraft): BuiltProposal {
  if (draft.eligibilities.length === 0) throw new RangeError('a proposal needs at least one eligibility');
  for (let i = 1; i < draft.eligibilities.length; i++) {
    if (draft.eligibilities[i]!.j <= draft.eligibilities[i - 1]!.j) throw new RangeError('eligibility counters must strictly increase');
  }
  const inner: InnerBallot = {
    layer: draft.layer,
    atxId: draft.atxId,
    opinionHash: draft.opinionHash,
    refBallot: 'data' in draft.epoch ? EMPTY_ID20 : draft.epoch.refBallot,
    epochData: 'data' in draft.epoch ? draft.epoch.data : null,
  };
  const ballot = {
    inner,
    signature: signer.sign(SigningDomain.BALLOT, ballotSignedBytes(inner)),
    smesherId: signer.publicKey,
    votes: draft.votes,
    eligibilityProofs: [...draft.eligibilities],
    activeSet: [],
  };
  const innerProposal: InnerProposal = { ballot, txIds: [...draft.txIds], meshHash: draft.meshHash };
  const proposal = { inner: innerProposal, signature: signer.sign(SigningDomain.PROPOSAL, proposalSignedBytes(innerProposal)) };
  return { proposal, id: proposalId(innerProposal), ballotId: ballotId(inner) };
}
