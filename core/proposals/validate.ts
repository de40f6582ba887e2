/**
 * Validating a proposal and its ballot (docs/protocol/eligibility.md; go-spacemesh `proposals/handler.go`,
 * `proposals/eligibility_validator.go`): decode, layer in range, the ATX is the smesher's and targets the epoch,
 * EpochData (or the reference ballot) with the right beacon, active set and slot count, every eligibility proof a
 * valid VRF of the smesher selecting this layer with strictly increasing counters below the count, and both
 * signatures. Pure: lookups and the signature verifier come in through {@link ProposalContext}.
 * @module
 */
import type { AtxRow } from '../activation/store.js';
import { ScaleError, decode } from '../codec/index.js';
import { SigningDomain } from '../crypto/domains.js';
import { vrfVerify } from '../crypto/ecvrf.js';
import type { EdVerifier } from '../crypto/ed25519.js';
import { ballotVrfMessage } from '../types/vrfMessages.js';
import { epochOfLayer, effectiveGenesisLayer } from '../types/layers.js';
import { bytesToHex, equalBytes } from '../util/bytes.js';
import { eligibilityLayer } from './eligibilityLayer.js';
import { eligibilitySlots } from './eligibility.js';
import { ProposalError } from './errors.js';
import type { ActiveSetRow, BallotRef } from './store.js';
import { Ballot, type Proposal, EMPTY_ID20, ballotId, ballotSignedBytes, decodeProposal, proposalId, proposalSignedBytes } from './wire.js';

export interface ProposalContext {
  readonly layersPerEpoch: number;
  readonly layerAvgSize: number;
  readonly minActiveSetWeight: number;
  readonly txsPerProposal: number;
  /** Proposals for layers after this one are refused (too early). */
  readonly currentLayer: number;
  readonly verifier: EdVerifier;
  getAtx(id: Uint8Array): AtxRow | undefined;
  isMalicious(smesherId: Uint8Array): boolean;
  getActiveSet(id: Uint8Array): ActiveSetRow | undefined;
  /** A known ballot: inside a stored proposal, or a reference ballot fetched on its own. */
  getBallot(ballotId: Uint8Array): BallotRef | undefined;
  /** The beacon a known reference ballot declares. */
  ballotBeacon(ballotId: Uint8Array): Uint8Array | undefined;
  beaconOf(epoch: number): Uint8Array | null;
}

/** A ballot that passed every check of its own (what a proposal adds is checked by {@link validateProposal}). */
export interface ValidBallot {
  readonly ballot: Ballot;
  readonly ballotId: Uint8Array;
  readonly layer: number;
  readonly smesherId: Uint8Array;
  readonly atx: AtxRow;
  readonly refBallot: Uint8Array;
  readonly eligibilityCount: number;
  /**
   * The ballot's epoch declares another beacon than this node's (it was cut off from this node's side while the
   * beacon was computed). Valid all the same, as go judges eligibility by the beacon the reference ballot declares;
   * the tortoise counts such ballots only after the bad-beacon delay, and the hare leaves their proposals out.
   */
  readonly badBeacon: boolean;
}

export interface ValidProposal {
  readonly proposal: Proposal;
  readonly id: Uint8Array;
  readonly ballotId: Uint8Array;
  readonly layer: number;
  readonly smesherId: Uint8Array;
  readonly atx: AtxRow;
  readonly refBallot: Uint8Array;
  readonly eligibilityCount: number;
  /** See {@link ValidBallot.badBeacon}. */
  readonly badBeacon: boolean;
}

/**
 * Checks a proposal from the network: its ballot ({@link validateBallot}), the proposal's own signature and the
 * number of transactions its eligibilities allow.
 * @returns the decoded proposal with its ids and the values the mesh stores
 * @throws {ProposalError} with the reason (MALFORMED, BAD_LAYER, UNKNOWN_ATX, WRONG_ATX, MALICIOUS, BAD_EPOCH_DATA,
 *   UNKNOWN_REF_BALLOT, UNKNOWN_ACTIVE_SET, BAD_BEACON, NO_BEACON, BAD_ELIGIBILITY, BAD_SIGNATURE, TOO_MANY_TXS)
 */
export function validateProposal(ctx: ProposalContext, bytes: Uint8Array): ValidProposal {
  let proposal: Proposal;
  try {
    proposal = decodeProposal(bytes);
  } catch (err) {
    if (err instanceof ScaleError) throw new ProposalError('MALFORMED', `proposal does not decode: ${err.message}`);
    throw err;
  }
  const valid = validateBallot(ctx, proposal.inner.ballot, () => {
    // Signatures before anything that reads state: everything after is about what this smesher claims.
    if (!ctx.verifier.verify(SigningDomain.PROPOSAL, proposal.inner.ballot.smesherId, proposalSignedBytes(proposal.inner), proposal.signature)) {
      throw new ProposalError('BAD_SIGNATURE', 'proposal signature does not verify');
    }
  });
  if (proposal.inner.txIds.length > proposal.inner.ballot.eligibilityProofs.length * ctx.txsPerProposal) {
    throw new ProposalError('TOO_MANY_TXS', `${proposal.inner.txIds.length} tx ids for ${proposal.inner.ballot.eligibilityProofs.length} eligibilities`);
  }
  const { ballotId: bid, layer, smesherId, atx, refBallot, eligibilityCount } = valid;
  return { proposal, id: proposalId(proposal.inner), ballotId: bid, layer, smesherId, atx, refBallot, eligibilityCount, badBeacon: valid.badBeacon };
}

/**
 * Decodes and checks a ballot on its own (a reference ballot fetched by id).
 * @throws {ProposalError} as {@link validateBallot}, MALFORMED for bytes that are not one ballot
 */
export function validateBallotBytes(ctx: ProposalContext, bytes: Uint8Array): ValidBallot {
  let ballot: Ballot;
  try {
    ballot = decode(Ballot, bytes);
  } catch (err) {
    if (err instanceof ScaleError) throw new ProposalError('MALFORMED', `ballot does not decode: ${err.message}`);
    throw err;
  }
  return validateBallot(ctx, ballot);
}

/**
 * Checks a ballot: layer in range, its signature, the ATX is the smesher's and targets the epoch, EpochData (or the
 * reference ballot) with the right beacon, active set and slot count, and every eligibility proof.
 * @param afterSignature - more signature checks of the caller's, run right after the ballot's own
 * @throws {ProposalError} BAD_LAYER, BAD_SIGNATURE, UNKNOWN_ATX, WRONG_ATX, MALICIOUS, NO_BEACON, BAD_EPOCH_DATA,
 *   BAD_BEACON, UNKNOWN_ACTIVE_SET, UNKNOWN_REF_BALLOT, BAD_ELIGIBILITY
 */
export function validateBallot(ctx: ProposalContext, ballot: Ballot, afterSignature?: () => void): ValidBallot {
  const { inner } = ballot;
  const lpe = ctx.layersPerEpoch;
  const layer = inner.layer;
  if (layer <= effectiveGenesisLayer(lpe) || layer > ctx.currentLayer) {
    throw new ProposalError('BAD_LAYER', `layer ${layer} is outside (${effectiveGenesisLayer(lpe)}, ${ctx.currentLayer}]`);
  }
  const epoch = epochOfLayer(layer, lpe);
  const smesherId = ballot.smesherId;
  // Signatures first: everything after is about what this smesher claims.
  if (!ctx.verifier.verify(SigningDomain.BALLOT, smesherId, ballotSignedBytes(inner), ballot.signature)) {
    throw new ProposalError('BAD_SIGNATURE', 'ballot signature does not verify');
  }
  afterSignature?.();
  const atx = ctx.getAtx(inner.atxId);
  if (atx === undefined) throw new ProposalError('UNKNOWN_ATX', `ATX ${bytesToHex(inner.atxId)} is unknown`);
  if (!equalBytes(atx.smesherId, smesherId) || atx.publishEpoch + 1 !== epoch) {
    throw new ProposalError('WRONG_ATX', `ATX ${bytesToHex(atx.id)} is not the smesher's ATX for epoch ${epoch}`);
  }
  if (ctx.isMalicious(smesherId)) throw new ProposalError('MALICIOUS', 'the smesher has a malfeasance proof');
  const beacon = ctx.beaconOf(epoch);
  if (beacon === null) throw new ProposalError('NO_BEACON', `no beacon for epoch ${epoch} yet`);

  const bid = ballotId(inner);
  let eligibilityCount: number;
  let refBallot: Uint8Array;
  /** The beacon the smesher's reference ballot declares: its eligibility proofs are judged by it (go's CheckEligibility). */
  let declared: Uint8Array;
  if (inner.epochData !== null) {
    if (!equalBytes(inner.refBallot, EMPTY_ID20)) throw new ProposalError('BAD_EPOCH_DATA', 'a reference ballot must not point to another');
    if (inner.epochData.beacon.every((b) => b === 0)) throw new ProposalError('BAD_BEACON', 'the reference ballot declares no beacon');
    declared = inner.epochData.beacon;
    const set = ctx.getActiveSet(inner.epochData.activeSetHash);
    if (set === undefined || set.epoch !== epoch) throw new ProposalError('UNKNOWN_ACTIVE_SET', `active set ${bytesToHex(inner.epochData.activeSetHash)} is unknown`);
    if (!set.atxIds.some((a) => equalBytes(a, atx.id))) throw new ProposalError('BAD_EPOCH_DATA', "the smesher's ATX is not in its active set");
    const expected = eligibilitySlots({
      weight: BigInt(atx.weight),
      totalWeight: set.totalWeight,
      layerAvgSize: ctx.layerAvgSize,
      layersPerEpoch: lpe,
      minActiveSetWeight: ctx.minActiveSetWeight,
    });
    if (inner.epochData.eligibilityCount !== expected) {
      throw new ProposalError('BAD_EPOCH_DATA', `eligibility count ${inner.epochData.eligibilityCount} differs from the ${expected} slots the weights give`);
    }
    eligibilityCount = expected;
    refBallot = bid;
  } else {
    const ref = ctx.getBallot(inner.refBallot);
    if (ref === undefined) throw new ProposalError('UNKNOWN_REF_BALLOT', `reference ballot ${bytesToHex(inner.refBallot)} is unknown`);
    if (!equalBytes(ref.smesherId, smesherId) || epochOfLayer(ref.layer, lpe) !== epoch || !equalBytes(ref.ballotId, ref.refBallot)) {
      throw new ProposalError('UNKNOWN_REF_BALLOT', "the reference ballot is not the smesher's reference ballot of this epoch");
    }
    eligibilityCount = ref.eligibilityCount;
    refBallot = ref.ballotId;
    declared = ctx.ballotBeacon(ref.ballotId) ?? beacon;
  }

  const proofs = ballot.eligibilityProofs;
  if (proofs.length === 0) throw new ProposalError('BAD_ELIGIBILITY', 'no eligibility proofs');
  let prev = -1;
  for (const { j, sig } of proofs) {
    if (j <= prev || j >= eligibilityCount) throw new ProposalError('BAD_ELIGIBILITY', `counter ${j} is out of order or not below ${eligibilityCount}`);
    prev = j;
    if (vrfVerify(smesherId, ballotVrfMessage(declared, epoch, BigInt(atx.vrfNonce), j), sig) === null) {
      throw new ProposalError('BAD_ELIGIBILITY', `VRF proof for counter ${j} does not verify`);
    }
    if (eligibilityLayer(sig, epoch, lpe) !== layer) throw new ProposalError('BAD_ELIGIBILITY', `counter ${j} is not eligible in layer ${layer}`);
  }
  return { ballot, ballotId: bid, layer, smesherId, atx, refBallot, eligibilityCount, badBeacon: !equalBytes(declared, beacon) };
}
