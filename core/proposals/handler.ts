/**
 * Proposal input (gossip `pp1`, or this node's own publisher): validate → duplicate? → equivocation? → store in
 * one transaction → verdict (docs/conventions.md §2 handler). A second, different proposal by one identity for one layer is
 * not stored; both signed ballots go to {@link ProposalHandlerDeps.onDoubleBallot}, which keeps them as a go-format
 * `MultipleBallots` malfeasance proof (core/malfeasance, wired by the node; docs/protocol/p2p.md §5), and the identity's
 * later proposals are refused. I/O: state.sql.
 * @module
 */
import { getAtx, getMalfeasance } from '../activation/store.js';
import type { BallotBeaconReport, ReportedReference } from '../beacon/index.js';
import type { EdVerifier } from '../crypto/ed25519.js';
import type { Executor } from '../db/index.js';
import { bytesToHex, equalBytes } from '../util/bytes.js';
import { type Verdict, accept, ignore, reject } from '../util/verdict.js';
import { ProposalError } from './errors.js';
import { getActiveSet, getKnownBallot, getProposal, getProposalBySmesherLayer, insertBallot, insertProposal, knownBallotBeacon } from './store.js';
import { type ProposalContext, type ValidBallot, type ValidProposal, validateBallot, validateBallotBytes, validateProposal } from './validate.js';
import { Ballot, decodeProposal } from './wire.js';
import { decode } from '../codec/index.js';
import { epochOfLayer } from '../types/layers.js';
import { hasTransaction } from '../vm/txStore.js';

/** accept: stored; ignore: already known or not for us now; reject: invalid (the sender is at fault). */
export type ProposalVerdict = Verdict<ValidProposal, ProposalError>;

export interface ProposalHandlerDeps {
  readonly db: Executor;
  readonly verifier: EdVerifier;
  readonly params: Pick<ProposalContext, 'layersPerEpoch' | 'layerAvgSize' | 'minActiveSetWeight' | 'txsPerProposal'>;
  beaconOf(epoch: number): Uint8Array | null;
  currentLayer(): number;
  now(): number;
  /**
   * A second, different signed ballot of one identity in one layer (`first` is the stored one), inside the
   * handler's transaction. Keeps the pair as a malfeasance proof (the node wires core/malfeasance).
   */
  onDoubleBallot(first: Ballot, second: Ballot): void;
  /**
   * While the node has no beacon for an epoch (it missed the beacon protocol), each reference ballot valid under the
   * beacon it carries is reported here with its weight; the beacon component adopts the one enough weight agrees on.
   */
  reportBeacon?(report: BallotBeaconReport): void;
  /** A reference ballot reported so (not stored): an identity's later ballots of the epoch are judged by it. */
  reportedReference?(ballotId: Uint8Array): ReportedReference | undefined;
}

/** Codes that mean "not for us now" rather than "the sender is broken or hostile". */
const IGNORE_CODES = new Set(['NO_BEACON', 'UNKNOWN_ATX', 'UNKNOWN_REF_BALLOT', 'UNKNOWN_ACTIVE_SET', 'MALICIOUS', 'UNKNOWN_TX']);

/**
 * Handles one encoded proposal. Nothing is stored unless the verdict is accept (or an equivocation, whose proof is
 * stored).
 * @returns the verdict; never throws for bad input
 * @throws rethrows database failures
 */
export function handleProposal(deps: ProposalHandlerDeps, bytes: Uint8Array): ProposalVerdict {
  const ctx = context(deps);
  let valid: ValidProposal;
  try {
    valid = validateProposal(ctx, bytes);
  } catch (err) {
    if (err instanceof ProposalError && err.code === 'NO_BEACON' && reportClaimedBeacon(deps, () => decodeProposal(bytes).inner.ballot)) return handleProposal(deps, bytes);
    if (err instanceof ProposalError) return IGNORE_CODES.has(err.code) ? ignore(err) : reject(err);
    throw err;
  }
  return handleValid(deps, valid, bytes);
}

/** accept: stored; ignore: known already, or not checkable now; reject: invalid, or not a reference ballot. */
export type BallotVerdict = Verdict<ValidBallot, ProposalError>;

/**
 * Handles a reference ballot fetched by id without its proposal (a node that missed it needs it to validate the
 * identity's later ballots of the epoch). Only reference ballots are stored this way: a ballot that names another
 * one is no use on its own. A second ballot of one identity in one layer is kept as a malfeasance proof.
 * @returns the verdict; never throws for bad input
 * @throws rethrows database failures
 */
export function handleBallot(deps: ProposalHandlerDeps, bytes: Uint8Array): BallotVerdict {
  const { db } = deps;
  let valid: ValidBallot;
  try {
    valid = validateBallotBytes(context(deps), bytes);
  } catch (err) {
    if (err instanceof ProposalError && err.code === 'NO_BEACON' && reportClaimedBeacon(deps, () => decode(Ballot, bytes))) return handleBallot(deps, bytes);
    if (err instanceof ProposalError) return IGNORE_CODES.has(err.code) ? ignore(err) : reject(err);
    throw err;
  }
  if (valid.ballot.inner.epochData === null) return reject(new ProposalError('BAD_EPOCH_DATA', 'a ballot fetched on its own must be a reference ballot'));
  return db.transaction((): BallotVerdict => {
    if (getKnownBallot(db, valid.ballotId) !== undefined) return ignore(new ProposalError('DUPLICATE', `ballot ${bytesToHex(valid.ballotId)} is known`));
    const other = getProposalBySmesherLayer(db, valid.smesherId, valid.layer);
    if (other !== undefined && !equalBytes(other.ballotId, valid.ballotId)) {
      deps.onDoubleBallot(decodeProposal(other.bytes).inner.ballot, valid.ballot);
      return reject(new ProposalError('EQUIVOCATION', `second ballot by ${bytesToHex(valid.smesherId)} in layer ${valid.layer}`));
    }
    insertBallot(db, {
      ballotId: valid.ballotId,
      layer: valid.layer,
      smesherId: valid.smesherId,
      atxId: valid.atx.id,
      refBallot: valid.refBallot,
      eligibilityCount: valid.eligibilityCount,
      receivedMs: deps.now(),
      bytes,
    });
    return accept(valid);
  }).immediate();
}

/**
 * Validates a ballot of any kind without storing it: sync reads the ballots of layers it catches up on
 * (docs/protocol/sync.md §4), and only reference ballots are kept (through {@link handleBallot}).
 * @returns accept with the valid ballot, or the verdict handleBallot would give; never throws for bad input
 */
export function checkBallot(deps: ProposalHandlerDeps, bytes: Uint8Array): BallotVerdict {
  try {
    return accept(validateBallotBytes(context(deps), bytes));
  } catch (err) {
    if (err instanceof ProposalError && err.code === 'NO_BEACON' && reportClaimedBeacon(deps, () => decode(Ballot, bytes))) return checkBallot(deps, bytes);
    if (err instanceof ProposalError) return IGNORE_CODES.has(err.code) ? ignore(err) : reject(err);
    throw err;
  }
}

/**
 * A reference ballot of an epoch this node has no beacon for, judged under the beacon it carries, and reported with
 * its weight when valid so (docs/protocol/beacon.md §7; go-spacemesh `proposals/eligibility_validator.go
 * CheckEligibility` → `ReportBeaconFromBallot`).
 * @returns true when the epoch's beacon is known now (adopted from the ballots seen): the caller judges again
 */
function reportClaimedBeacon(deps: ProposalHandlerDeps, ballotOf: () => Ballot): boolean {
  if (deps.reportBeacon === undefined) return false;
  let valid: ValidBallot;
  let claimed: Uint8Array;
  try {
    const ballot = ballotOf();
    const ctx = context(deps);
    if (ballot.inner.epochData !== null) {
      claimed = ballot.inner.epochData.beacon;
      valid = validateBallot({ ...ctx, beaconOf: () => claimed }, ballot);
    } else {
      // A later ballot counts with the beacon of its reference ballot, as go's validateSecondary.
      const ref = deps.reportedReference?.(ballot.inner.refBallot);
      if (ref === undefined) return false;
      claimed = ref.beacon;
      const refRow = { ...ref, refBallot: ref.ballotId };
      valid = validateBallot(
        {
          ...ctx,
          beaconOf: () => claimed,
          getBallot: (id) => (equalBytes(id, ref.ballotId) ? refRow : ctx.getBallot(id)),
          ballotBeacon: (id) => (equalBytes(id, ref.ballotId) ? claimed : ctx.ballotBeacon(id)),
        },
        ballot,
      );
    }
  } catch {
    return false;
  }
  const epoch = epochOfLayer(valid.layer, deps.params.layersPerEpoch);
  deps.reportBeacon({
    epoch,
    ballotId: valid.ballotId,
    beacon: claimed,
    atxWeight: BigInt(valid.atx.weight),
    eligibilityCount: valid.eligibilityCount,
    eligibilities: valid.ballot.eligibilityProofs.length,
    ...(valid.ballot.inner.epochData === null ? {} : { reference: { layer: valid.layer, smesherId: valid.smesherId, atxId: valid.atx.id } }),
  });
  return deps.beaconOf(epoch) !== null;
}

function context(deps: ProposalHandlerDeps): ProposalContext {
  const { db } = deps;
  return {
    ...deps.params,
    currentLayer: deps.currentLayer(),
    verifier: deps.verifier,
    getAtx: (id) => getAtx(db, id),
    isMalicious: (id) => getMalfeasance(db, id) !== undefined,
    getActiveSet: (id) => getActiveSet(db, id),
    getBallot: (id) => getKnownBallot(db, id),
    ballotBeacon: (id) => knownBallotBeacon(db, id),
    beaconOf: (epoch) => deps.beaconOf(epoch),
  };
}

/**
 * go-spacemesh `proposals/handler.go checkTransactions`, after the ballot and before the proposal is stored: a
 * transaction listed twice is invalid; every listed transaction must be stored (the node fetched the missing ones
 * through its transaction handler before judging, core/node/foreignData.ts). A stored proposal can then always be
 * built into a block (core/blocks/generate.ts refuses to leave a transaction out).
 */
function checkTransactions(db: Executor, txIds: readonly Uint8Array[]): ProposalError | null {
  const seen = new Set<string>();
  for (const id of txIds) {
    const key = bytesToHex(id);
    if (seen.has(key)) return new ProposalError('DUPLICATE_TX', `transaction ${key} is listed twice`);
    seen.add(key);
  }
  const missing = txIds.filter((id) => !hasTransaction(db, id));
  if (missing.length > 0) return new ProposalError('UNKNOWN_TX', `${missing.length} of ${txIds.length} transactions are not stored (first ${bytesToHex(missing[0]!)})`);
  return null;
}

function handleValid(deps: ProposalHandlerDeps, valid: ValidProposal, bytes: Uint8Array): ProposalVerdict {
  const { db } = deps;
  return db.transaction((): ProposalVerdict => {
    if (getProposal(db, valid.id) !== undefined) return ignore(new ProposalError('DUPLICATE', `proposal ${bytesToHex(valid.id)} is known`));
    const other = getProposalBySmesherLayer(db, valid.smesherId, valid.layer);
    if (other !== undefined && !equalBytes(other.id, valid.id)) {
      // Only two different signed ballots prove anything (go's MultipleBallots); one ballot in two proposals does not.
      if (!equalBytes(other.ballotId, valid.ballotId)) deps.onDoubleBallot(decodeProposal(other.bytes).inner.ballot, valid.proposal.inner.ballot);
      return reject(new ProposalError('EQUIVOCATION', `second proposal by ${bytesToHex(valid.smesherId)} in layer ${valid.layer}`));
    }
    const txProblem = checkTransactions(db, valid.proposal.inner.txIds);
    if (txProblem !== null) return txProblem.code === 'DUPLICATE_TX' ? reject(txProblem) : ignore(txProblem);
    insertProposal(db, {
      id: valid.id,
      ballotId: valid.ballotId,
      layer: valid.layer,
      smesherId: valid.smesherId,
      atxId: valid.atx.id,
      refBallot: valid.refBallot,
      eligibilityCount: valid.eligibilityCount,
      proofs: valid.proposal.inner.ballot.eligibilityProofs.length,
      opinionHash: valid.proposal.inner.ballot.inner.opinionHash,
      receivedMs: deps.now(),
      bytes,
    });
    return accept(valid);
  }).immediate();
}
