/**
 * One epoch of the beacon protocol as a state machine (docs/protocol/beacon.md §3; go-spacemesh `beacon/beacon.go`,
 * `beacon/handlers.go`, `beacon/state.go`): the active identities and their weights, the proposals received and
 * their category, the vote margins, who already proposed or voted in which round, each voter's first-round list,
 * and this epoch's weak coin. Messages in, verdicts out; the messages this node's identities send are built here and
 * signed by the caller. Time is an argument. Pure (the crypto checks are deterministic functions).
 * @module
 */
import { SigningDomain } from '../crypto/domains.js';
import type { EdVerifier } from '../crypto/ed25519.js';
import { bytesToHex } from '../util/bytes.js';
import { type Verdict, accept, ignore, reject } from '../util/verdict.js';
import { BeaconError } from './errors.js';
import { type OwnVotes, type ProposalKey, calcVotes, decodeVoteBits, proposalKey, sortProposals, votingThreshold } from './logic.js';
import { atxThreshold, proofAsBigInt } from './threshold.js';
import { WeakCoin } from './weakCoin.js';
import {
  type FirstVotingBody,
  type FollowingVotingBody,
  PROPOSAL_LENGTH,
  decodeFirstVotingMessage,
  decodeFollowingVotingMessage,
  decodeProposalMessage,
  firstVotingSignedBytes,
  followingVotingSignedBytes,
  proposalVrfMessage,
} from './wire.js';

/** An identity with an ATX targeting the epoch (go `minerInfo` with the ATX header it points to). */
export interface BeaconMiner {
  readonly smesherId: Uint8Array;
  readonly weight: bigint;
  readonly numUnits: number;
  readonly vrfNonce: bigint;
  /** When this node received the ATX (its own: when it stored it). */
  readonly receivedMs: number;
  readonly malicious: boolean;
}

export interface ProtocolConfig {
  readonly kappa: number;
  readonly q: { readonly num: number; readonly den: number };
  readonly theta: { readonly num: number; readonly den: number };
  readonly gracePeriodMs: number;
  readonly votesLimit: number;
  readonly rounds: number;
}

export interface EpochSetup {
  /** The epoch the protocol runs in; its result is the beacon of epoch + 1. */
  readonly epoch: number;
  readonly epochStartMs: number;
  /** Identities with an ATX targeting `epoch`, one each (the first seen: a second ATX is malfeasance). */
  readonly miners: readonly BeaconMiner[];
  readonly config: ProtocolConfig;
  readonly verifier: EdVerifier;
  /**
   * An identity's ATX targeting the epoch that came after the state was made (go `OnAtx`): it may then take part,
   * though the epoch weight and thresholds stay as they were made.
   */
  lateMiner?(smesherId: Uint8Array): BeaconMiner | undefined;
  /** ECVRF verification: the 64-byte output, or null when the proof does not verify. */
  vrfVerify(publicKey: Uint8Array, alpha: Uint8Array, proof: Uint8Array): Uint8Array | null;
}

export type Category = 'valid' | 'potentiallyValid' | 'invalid';
export type BeaconVerdict = Verdict<unknown, BeaconError>;

/** Proposals kept from senders with no ATX here yet, per epoch (see {@link EpochProtocol.retryPending}). */
export const PENDING_PROPOSALS_LIMIT = 1_000;

const err = (code: ConstructorParameters<typeof BeaconError>[0], message: string): BeaconError => new BeaconError(code, message);

export class EpochProtocol {
  readonly epoch: number;
  readonly epochWeight: bigint;
  readonly weakCoin: WeakCoin;
  readonly #s: EpochSetup;
  readonly #miners = new Map<string, BeaconMiner>();
  /** go `proposalChecker`: `threshold` from the ATXs received a grace period before the epoch, `strict` from all. */
  readonly #threshold: bigint;
  readonly #thresholdStrict: bigint;
  readonly #valid = new Set<ProposalKey>();
  readonly #potentiallyValid = new Set<ProposalKey>();
  readonly #margins = new Map<ProposalKey, bigint>();
  readonly #proposed = new Set<string>();
  readonly #voted = new Map<string, Set<number>>();
  readonly #firstRound = new Map<string, Uint8Array[]>();
  /** Proposals whose sender had no ATX here when they came, by their bytes, with their sender and when they came. */
  readonly #pending = new Map<string, { readonly bytes: Uint8Array; readonly sender: Uint8Array; readonly receivedMs: number }>();
  #proposalPhaseEndMs: number | null = null;
  #round = 0;
  #earliestVoteMs = 0;

  constructor(setup: EpochSetup) {
    this.#s = setup;
    this.epoch = setup.epoch;
    let weight = 0n;
    let early = 0;
    let onTime = 0;
    const earlyMs = setup.epochStartMs - setup.config.gracePeriodMs;
    for (const m of setup.miners) {
      const id = bytesToHex(m.smesherId);
      if (this.#miners.has(id)) continue;
      this.#miners.set(id, m);
      if (!m.malicious) weight += m.weight;
      if (m.receivedMs < earlyMs) early++;
      else if (m.receivedMs < setup.epochStartMs) onTime++;
    }
    this.epochWeight = weight;
    const { kappa, q } = setup.config;
    // go createProposalChecker: zero ATXs in time means no proposal passes.
    this.#threshold = early + onTime === 0 ? 0n : atxThreshold(kappa, q, early);
    this.#thresholdStrict = early + onTime === 0 ? 0n : atxThreshold(kappa, q, early + onTime);
    this.weakCoin = new WeakCoin({ epoch: setup.epoch, vrfVerify: (pk, alpha, proof) => setup.vrfVerify(pk, alpha, proof), miner: (id) => this.miner(id) });
  }

  /** The miner of an identity in this epoch, if it has an ATX targeting it. */
  miner(smesherId: Uint8Array): BeaconMiner | undefined {
    const id = bytesToHex(smesherId);
    let m = this.#miners.get(id);
    if (m === undefined && (m = this.#s.lateMiner?.(smesherId)) !== undefined) this.#miners.set(id, m);
    return m;
  }

  /** The vote weight of an identity: its ATX weight, zero when proven malicious. */
  #weightOf(m: BeaconMiner): bigint {
    return m.malicious ? 0n : m.weight;
  }

  get round(): number {
    return this.#round;
  }

  /** go `classifyProposal`: by the ATX's and the proposal's delay and the two thresholds. */
  classify(vrfSignature: Uint8Array, atxReceivedMs: number, receivedMs: number): Category {
    const grace = this.#s.config.gracePeriodMs;
    const atxDelay = atxReceivedMs - this.#s.epochStartMs;
    const proposalDelay = this.#proposalPhaseEndMs === null ? 0 : receivedMs - this.#proposalPhaseEndMs;
    const value = proofAsBigInt(vrfSignature);
    if (atxDelay <= 0 && proposalDelay <= 0 && value < this.#thresholdStrict) return 'valid';
    if (atxDelay <= grace && proposalDelay <= grace && value < this.#threshold) return 'potentiallyValid';
    return 'invalid';
  }

  /** True when the VRF proof passes the looser threshold at all (eligibility, regardless of timing). */
  #eligible(vrfSignature: Uint8Array): boolean {
    return proofAsBigInt(vrfSignature) < this.#threshold;
  }

  /** The proposal an identity of this node would send, or null when it is not eligible or not active. */
  ownProposal(smesherId: Uint8Array, vrfSignature: Uint8Array, nowMs: number): Category {
    const m = this.miner(smesherId);
    if (m === undefined || m.malicious) return 'invalid';
    return this.classify(vrfSignature, m.receivedMs, nowMs);
  }

  /** Network input on `bp1` (go `HandleProposal`). */
  onProposal(bytes: Uint8Array, receivedMs: number): BeaconVerdict {
    let msg;
    try {
      msg = decodeProposalMessage(bytes);
    } catch (e) {
      return reject(err('MALFORMED', `beacon proposal does not decode: ${(e as Error).message}`));
    }
    if (msg.epoch !== this.epoch) return ignore(err('WRONG_EPOCH', `proposal for epoch ${msg.epoch}, running ${this.epoch}`));
    const m = this.miner(msg.nodeId);
    if (m === undefined) {
      // Its ATX may be on its way: one gossiped while this node was down or restarting comes by sync within a layer.
      // Kept (unverified: nothing is spent on it yet) and judged again when the proposal phase ends.
      if (this.#pending.size < PENDING_PROPOSALS_LIMIT) this.#pending.set(bytesToHex(bytes), { bytes: bytes.slice(), sender: msg.nodeId, receivedMs });
      return ignore(err('UNKNOWN_IDENTITY', `proposer ${bytesToHex(msg.nodeId)} has no ATX for epoch ${this.epoch} here (yet)`));
    }
    if (this.#s.vrfVerify(msg.nodeId, proposalVrfMessage(this.epoch, m.vrfNonce), msg.vrfSignature) === null) {
      return reject(err('BAD_VRF', `proposal VRF of ${bytesToHex(msg.nodeId)} does not verify`));
    }
    const id = bytesToHex(msg.nodeId);
    if (this.#proposed.has(id)) return ignore(err('DUPLICATE', `${id} already proposed in epoch ${this.epoch}`));
    // Above even the looser threshold no timing makes it count: the proposer knew it was not eligible.
    if (!this.#eligible(msg.vrfSignature)) return reject(err('NOT_ELIGIBLE', `proposal of ${id} is above the eligibility threshold`));
    this.#proposed.add(id);
    let cat = this.classify(msg.vrfSignature, m.receivedMs, receivedMs);
    if (cat === 'valid' && m.malicious) cat = 'potentiallyValid';
    const p = proposalKey(msg.vrfSignature.subarray(0, PROPOSAL_LENGTH));
    if (cat === 'invalid') return ignore(err('UNTIMELY', `proposal of ${id} arrived too late to count`));
    (cat === 'valid' ? this.#valid : this.#potentiallyValid).add(p);
    this.#margins.set(p, 0n);
    return accept(cat);
  }

  /** The proposal phase ended at `atMs`: later proposals are at most potentially valid. */
  endProposalPhase(atMs: number): void {
    this.#proposalPhaseEndMs = atMs;
  }

  /**
   * Judges again, each with the time it came, the proposals whose sender had no ATX here then; those whose ATX
   * arrived since count as if it had been here (by the ATX's own arrival, a late one makes them potentially valid).
   * go drops them, and a node restarted while an ATX was gossiped would then miss that proposal, which never enters
   * its margins: another beacon (test/sim/beaconKill.test.ts). The rest are dropped.
   * @returns how many of them count now
   */
  retryPending(): number {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    let counted = 0;
    for (const { bytes, sender, receivedMs } of pending) {
      if (this.miner(sender) === undefined) continue;
      if (this.onProposal(bytes, receivedMs).kind === 'accept') counted++;
    }
    return counted;
  }

  /** The body every identity of this node signs for the first voting round. */
  firstVotingBody(): FirstVotingBody {
    return { epoch: this.epoch, valid: sortProposals(this.#valid), potentiallyValid: sortProposals(this.#potentiallyValid) };
  }

  /** A following round begins (go `setRoundInProgress`): votes for the next round count from `earliestVoteMs`. */
  startRound(round: number, earliestVoteMs: number): void {
    this.#round = round;
    this.#earliestVoteMs = earliestVoteMs;
  }

  /** Network input on `bf1` (go `HandleFirstVotes`). */
  onFirstVotes(bytes: Uint8Array): BeaconVerdict {
    let msg;
    try {
      msg = decodeFirstVotingMessage(bytes);
    } catch (e) {
      return reject(err('MALFORMED', `first votes do not decode: ${(e as Error).message}`));
    }
    if (msg.body.epoch !== this.epoch) return ignore(err('WRONG_EPOCH', `first votes for epoch ${msg.body.epoch}, running ${this.epoch}`));
    if (this.#round > 0) return ignore(err('UNTIMELY', `first votes after the first round closed (round ${this.#round})`));
    if (!this.#s.verifier.verify(SigningDomain.BEACON_FIRST_MSG, msg.smesherId, firstVotingSignedBytes(msg.body), msg.signature)) {
      return reject(err('BAD_SIGNATURE', 'first votes signature does not verify'));
    }
    const m = this.miner(msg.smesherId);
    if (m === undefined) return ignore(err('UNKNOWN_IDENTITY', `voter ${bytesToHex(msg.smesherId)} has no ATX for epoch ${this.epoch}`));
    if (!this.#registerVote(msg.smesherId, 0)) return ignore(err('DUPLICATE', `${bytesToHex(msg.smesherId)} already voted in round 0`));
    const w = this.#weightOf(m);
    for (const p of msg.body.valid) this.#addVote(proposalKey(p), w);
    for (const p of msg.body.potentiallyValid) this.#addVote(proposalKey(p), -w);
    // The list the voter's bit vectors index, cut at votesLimit as go does.
    this.#firstRound.set(bytesToHex(msg.smesherId), [...msg.body.valid, ...msg.body.potentiallyValid].slice(0, this.#s.config.votesLimit));
    return accept();
  }

  /** The list an identity voted on in the first round (its own, for encoding its bit vectors), if seen. */
  firstRoundList(smesherId: Uint8Array): readonly Uint8Array[] | undefined {
    return this.#firstRound.get(bytesToHex(smesherId));
  }

  /** Network input on `bo1` (go `HandleFollowingVotes`). */
  onFollowingVotes(bytes: Uint8Array, receivedMs: number): BeaconVerdict {
    let msg;
    try {
      msg = decodeFollowingVotingMessage(bytes);
    } catch (e) {
      return reject(err('MALFORMED', `following votes do not decode: ${(e as Error).message}`));
    }
    const { body } = msg;
    if (body.epoch !== this.epoch) return ignore(err('WRONG_EPOCH', `following votes for epoch ${body.epoch}, running ${this.epoch}`));
    const timely = body.round === this.#round || (body.round === this.#round + 1 && receivedMs > this.#earliestVoteMs);
    if (!timely || body.round === 0) return ignore(err('UNTIMELY', `votes for round ${body.round} while round ${this.#round} runs`));
    if (!this.#s.verifier.verify(SigningDomain.BEACON_FOLLOWUP_MSG, msg.smesherId, followingVotingSignedBytes(body), msg.signature)) {
      return reject(err('BAD_SIGNATURE', 'following votes signature does not verify'));
    }
    const m = this.miner(msg.smesherId);
    if (m === undefined) return ignore(err('UNKNOWN_IDENTITY', `voter ${bytesToHex(msg.smesherId)} has no ATX for epoch ${this.epoch}`));
    if (!this.#registerVote(msg.smesherId, body.round)) return ignore(err('DUPLICATE', `${bytesToHex(msg.smesherId)} already voted in round ${body.round}`));
    const first = this.#firstRound.get(bytesToHex(msg.smesherId));
    if (first === undefined) return ignore(err('NO_FIRST_VOTE', `no first votes of ${bytesToHex(msg.smesherId)} to read its bit vector against`));
    const votes = decodeVoteBits(body.votes, first);
    const w = this.#weightOf(m);
    for (const p of votes.support) this.#addVote(p, w);
    for (const p of votes.against) this.#addVote(p, -w);
    return accept();
  }

  /** The body of an identity's following vote for `round`, or null when its own first vote was not counted. */
  followingVotingBody(smesherId: Uint8Array, round: number, votes: OwnVotes, encode: (v: OwnVotes, first: readonly Uint8Array[]) => Uint8Array): FollowingVotingBody | null {
    const first = this.firstRoundList(smesherId);
    return first === undefined ? null : { epoch: this.epoch, round, votes: encode(votes, first) };
  }

  /** This node's opinion now (go `calcVotesBeforeWeakCoin`). */
  currentVotes(): ReturnType<typeof calcVotes> {
    return calcVotes(this.#margins, votingThreshold(this.#s.config.theta, this.epochWeight));
  }

  /** Margins are cumulative over all rounds, as go's `votesMargin`; a vote for a proposal never received is dropped. */
  #addVote(p: ProposalKey, weight: bigint): void {
    const margin = this.#margins.get(p);
    if (margin !== undefined) this.#margins.set(p, margin + weight);
  }

  #registerVote(smesherId: Uint8Array, round: number): boolean {
    const id = bytesToHex(smesherId);
    let rounds = this.#voted.get(id);
    if (rounds === undefined) this.#voted.set(id, (rounds = new Set()));
    if (rounds.has(round)) return false;
    rounds.add(round);
    return true;
  }
}
