/**
 * The beacon protocol on the clock (docs/protocol/beacon.md §3–§7; go-spacemesh `beacon/beacon.go runProtocol`,
 * `messageTimes`): in epoch e it runs {@link EpochProtocol} for the beacon of e + 1 — proposals from the epoch's
 * start, first votes after `proposalDurationMs`, then `rounds − 1` following rounds of a vote and a weak coin —
 * and stores the result. It is also the node's {@link BeaconSource}: the bootstrap value for the first epochs, then
 * what the protocol computed or what reference ballots agreed on. I/O: the clock, the publisher, state.sql and the
 * signed-message log.
 *
 * Persist before send (issue 17 item 2): each message an identity signs is recorded in the
 * {@link SignedBeaconLog} before it is published; a slot that already holds a record is not signed again — its
 * recorded bytes are re-sent when they still decode to that slot's message, else nothing is sent.
 * @module
 */
import { SigningDomain } from '../crypto/domains.js';
import type { EdSigner, EdVerifier } from '../crypto/ed25519.js';
import { vrfVerify } from '../crypto/ecvrf.js';
import type { Executor } from '../db/index.js';
import type { BeaconParams } from '../params/types.js';
import { type LayerTiming, effectiveGenesisLayer, epochAt, epochOfLayer, epochStartMs, firstLayerOfEpoch } from '../types/layers.js';
import { bytesToHex, equalBytes } from '../util/bytes.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { ignore, reject } from '../util/verdict.js';
import { BeaconError } from './errors.js';
import { type BallotBeaconReport, BallotBeacons, type ReportedReference } from './fromBallots.js';
import { BEACON_LENGTH, type BeaconSource } from './interface.js';
import { BeaconMessageKind, type BeaconSlot, type SignedBeaconLog, memorySignedBeaconLog } from './localStore.js';
import { type OwnVotes, beaconFromProposals, encodeVoteBits, tallyUndecided } from './logic.js';
import { type BeaconMiner, type BeaconVerdict, EpochProtocol, type ProtocolConfig } from './protocol.js';
import { type BeaconOrigin, addBeacon, getBeacon, setBeacon } from './store.js';
import {
  decodeFirstVotingMessage,
  decodeFollowingVotingMessage,
  decodeProposalMessage,
  decodeWeakCoinMessage,
  encodeFirstVotingMessage,
  encodeFollowingVotingMessage,
  encodeProposalMessage,
  encodeWeakCoinMessage,
  firstVotingSignedBytes,
  followingVotingSignedBytes,
  proposalVrfMessage,
} from './wire.js';

/** go's fixed protocol constants (`beacon/config.go DefaultConfig`): q = 1/3, θ = 1/4. */
export const BEACON_Q = { num: 1, den: 3 } as const;
export const BEACON_THETA = { num: 1, den: 4 } as const;

export type BeaconTopicKind = 'proposal' | 'firstVotes' | 'followingVotes' | 'weakCoin';

/** How long the protocol runs from its epoch's start (docs/protocol/beacon.md §4); it must end within the epoch. */
export function protocolDurationMs(p: Pick<BeaconParams, 'proposalDurationMs' | 'firstVotingRoundMs' | 'votingRoundMs' | 'weakCoinRoundMs' | 'rounds'>): number {
  return p.proposalDurationMs + p.firstVotingRoundMs + Math.max(0, p.rounds - 1) * (p.votingRoundMs + p.weakCoinRoundMs);
}

export interface BeaconDriverDeps {
  readonly clock: Clock;
  readonly timing: LayerTiming;
  readonly params: BeaconParams;
  readonly genesisId: Uint8Array;
  readonly state: Executor;
  readonly verifier: EdVerifier;
  readonly logger: Logger;
  /** Identities with an ATX targeting `epoch` (the ATXs published in epoch − 1), malicious ones flagged. */
  miners(epoch: number): BeaconMiner[];
  /** One identity's miner entry for `epoch`, looked up again for an ATX that arrived after the protocol's state was made. */
  miner?(epoch: number, smesherId: Uint8Array): BeaconMiner | undefined;
  /** This node's identities now. */
  participants(): readonly { readonly signer: EdSigner }[];
  /** Sends a message this node signed (the node's own handler judges it first, as for peers' messages). */
  publish(kind: BeaconTopicKind, bytes: Uint8Array): void;
  /** Where signed messages are recorded before they are sent (local.sql in the node; memory without one). */
  readonly signed?: SignedBeaconLog;
  /** A beacon became known for an epoch. */
  onBeacon?(epoch: number, beacon: Uint8Array, source: BeaconOrigin): void;
}

export class BeaconDriver implements BeaconSource {
  readonly #d: BeaconDriverDeps;
  readonly #signed: SignedBeaconLog;
  readonly #protocols = new Map<number, EpochProtocol>();
  readonly #started = new Set<number>();
  readonly #beacons = new Map<number, Uint8Array>();
  readonly #ballots: BallotBeacons;
  readonly #bootstrap: Uint8Array;
  readonly #log: Logger;
  /** When this driver (the node process) started: an epoch it started in is not one it saw from the beginning. */
  readonly #bornMs: number;

  constructor(deps: BeaconDriverDeps) {
    this.#d = deps;
    this.#bornMs = deps.clock.now();
    this.#signed = deps.signed ?? memorySignedBeaconLog();
    this.#ballots = new BallotBeacons(deps.params.syncWeightUnits);
    this.#bootstrap = deps.genesisId.slice(0, BEACON_LENGTH);
    this.#log = deps.logger.child({ module: 'beacon' });
    const epochMs = deps.timing.layerDurationMs * deps.timing.layersPerEpoch;
    if (deps.params.rounds > 0 && protocolDurationMs(deps.params) >= epochMs) {
      // Its result would come after the epoch it is for began: no ballots could be built on time.
      this.#log.warn('beacon protocol does not fit in an epoch', { protocolMs: protocolDurationMs(deps.params), epochMs });
    }
  }

  /** The last epoch whose beacon is the bootstrap value: effective genesis epoch + 1 (go's test network and standalone). */
  get bootstrapEpoch(): number {
    return epochOfLayer(effectiveGenesisLayer(this.#d.timing.layersPerEpoch), this.#d.timing.layersPerEpoch) + 1;
  }

  beaconOf(epoch: number): Uint8Array | null {
    if (!Number.isSafeInteger(epoch) || epoch < 0) throw new RangeError(`epoch: expected a non-negative integer, got ${epoch}`);
    if (epoch <= this.bootstrapEpoch) return this.#bootstrap.slice();
    const known = this.#beacons.get(epoch) ?? getBeacon(this.#d.state, epoch)?.beacon;
    if (known === undefined) return null;
    this.#beacons.set(epoch, known);
    return known.slice();
  }

  /** go `UpdateBeacon`: a fallback value for an epoch, stored over anything else. */
  updateBeacon(epoch: number, beacon: Uint8Array): void {
    setBeacon(this.#d.state, epoch, beacon, 'fallback');
    this.#beacons.set(epoch, beacon.slice());
    this.#log.info('using fallback beacon', { epoch, beacon: bytesToHex(beacon) });
    this.#d.onBeacon?.(epoch, beacon, 'fallback');
  }

  /** A reference ballot reported while its epoch had no beacon, to judge the identity's later ballots by. */
  reportedReference(ballotId: Uint8Array): ReportedReference | undefined {
    return this.#ballots.reference(ballotId);
  }

  /** go `ReportBeaconFromBallot`: tally a reference ballot's beacon; adopt the agreed one while none is known. */
  reportBeaconFromBallot(r: BallotBeaconReport): void {
    this.#ballots.record(r);
    if (this.beaconOf(r.epoch) !== null) return;
    const agreed = this.#ballots.decide(r.epoch);
    if (agreed !== null) this.#set(r.epoch, agreed, 'ballots');
  }

  /**
   * The clock reached a layer: at an epoch's first layer (or at a late tick, while the first voting round is still
   * open) the protocol for the next epoch's beacon runs, once per epoch. Resolves when it ended.
   */
  async onLayer(layer: number, signal: AbortSignal): Promise<void> {
    const { timing, params, clock } = this.#d;
    const epoch = epochOfLayer(layer, timing.layersPerEpoch);
    for (const e of this.#protocols.keys()) if (e < epoch) this.#protocols.delete(e);
    if (this.#started.has(epoch)) return;
    if (firstLayerOfEpoch(epoch, timing.layersPerEpoch) <= effectiveGenesisLayer(timing.layersPerEpoch)) return;
    if (params.rounds <= 0) return;
    // Decided once per epoch, run or not: later layers of the epoch do nothing here.
    this.#started.add(epoch);
    for (const e of this.#started) if (e < epoch - 2) this.#started.delete(e);
    // A node that started (or restarted) within the epoch may have missed proposals, and a proposal it lacks never
    // enters its margins, so it would compute another beacon: as go, it takes part from the next epoch on and gets
    // this one from ballots (§7). Proposals of an epoch may come from a grace period before it.
    if (this.#bornMs > epochStartMs(timing, epoch) - params.gracePeriodMs) {
      this.#log.info('started within the epoch: not taking part in its beacon protocol', { epoch });
      return;
    }
    // A late tick (a busy node) still takes part while the first voting round is open: the messages that came
    // before are in the epoch's state already, its own proposals go out late (potentially valid elsewhere), and its
    // first votes still count. Later than that it waits for the next epoch.
    if (clock.now() >= epochStartMs(timing, epoch) + params.proposalDurationMs + params.firstVotingRoundMs) {
      this.#log.info('too late in the epoch to take part in the beacon protocol', { epoch });
      return;
    }
    this.#signed.pruneBefore(epoch - 1);
    this.#ballots.pruneBefore(epoch - 2);
    try {
      await this.#run(epoch, signal);
    } finally {
      this.#protocols.delete(epoch);
    }
  }

  async #run(epoch: number, signal: AbortSignal): Promise<void> {
    const { clock, timing, params } = this.#d;
    const log = this.#log.child({ epoch, targetEpoch: epoch + 1 });
    if (getBeacon(this.#d.state, epoch + 1) !== undefined) {
      log.info('beacon of the next epoch already known; not running the protocol');
      return;
    }
    const p = this.#protocolFor(epoch);
    if (p.epochWeight === 0n) {
      log.warn('no weight in the epoch: beacon protocol not run');
      return;
    }
    const t0 = epochStartMs(timing, epoch);
    const grace = params.gracePeriodMs;
    const sleep = async (ms: number): Promise<boolean> => {
      try {
        await clock.sleepUntil(ms, signal);
        return true;
      } catch {
        return false;
      }
    };
    const active = this.#d.participants().flatMap((x) => {
      const m = p.miner(x.signer.publicKey);
      return m === undefined || m.malicious ? [] : [{ signer: x.signer, id: x.signer.publicKey, nonce: m.vrfNonce }];
    });

    // Proposal phase.
    for (const a of active) {
      this.#send(a.id, epoch, BeaconMessageKind.PROPOSAL, 0, 'proposal', () => {
        const vrf = a.signer.vrfProve(proposalVrfMessage(epoch, a.nonce));
        if (p.ownProposal(a.id, vrf, clock.now()) === 'invalid') return null;
        return encodeProposalMessage({ epoch, nodeId: a.id, vrfSignature: vrf });
      });
    }
    if (!(await sleep(t0 + params.proposalDurationMs))) return;
    p.endProposalPhase(clock.now());
    const late = p.retryPending();
    if (late > 0) log.info('proposals counted once their sender\'s ATX arrived', { count: late });

    // First voting round.
    const t1 = t0 + params.proposalDurationMs + params.firstVotingRoundMs;
    p.startRound(0, t1 - grace);
    const body = p.firstVotingBody();
    for (const a of active) {
      this.#send(a.id, epoch, BeaconMessageKind.FIRST_VOTES, 0, 'firstVotes', () =>
        encodeFirstVotingMessage({ body, smesherId: a.id, signature: a.signer.sign(SigningDomain.BEACON_FIRST_MSG, firstVotingSignedBytes(body)) }),
      );
    }
    if (!(await sleep(t1))) return;
    let own: OwnVotes = p.currentVotes().votes;

    // Following rounds, each a vote and a weak coin.
    const roundMs = params.votingRoundMs + params.weakCoinRoundMs;
    for (let round = 1; round < params.rounds; round++) {
      const start = t1 + (round - 1) * roundMs;
      p.startRound(round, start + roundMs - grace);
      const votes = own;
      for (const a of active) {
        this.#send(a.id, epoch, BeaconMessageKind.FOLLOWING_VOTES, round, 'followingVotes', () => {
          const b = p.followingVotingBody(a.id, round, votes, encodeVoteBits);
          if (b === null) {
            log.warn('own first votes were not counted: no following vote', { round, smesherId: bytesToHex(a.id) });
            return null;
          }
          return encodeFollowingVotingMessage({ body: b, smesherId: a.id, signature: a.signer.sign(SigningDomain.BEACON_FOLLOWUP_MSG, followingVotingSignedBytes(b)) });
        });
      }
      if (!(await sleep(start + params.votingRoundMs))) return;
      const { votes: decided, undecided } = p.currentVotes();
      p.weakCoin.startRound(round);
      for (const a of active) {
        this.#send(a.id, epoch, BeaconMessageKind.WEAK_COIN, round, 'weakCoin', () => {
          const m = p.weakCoin.ownMessage(a.id, a.nonce, (alpha) => a.signer.vrfProve(alpha));
          return m === null ? null : encodeWeakCoinMessage(m);
        });
      }
      if (!(await sleep(start + roundMs))) return;
      p.weakCoin.finishRound();
      const coin = p.weakCoin.coin(round);
      if (coin === null) {
        log.warn('beacon protocol failed: no weak coin', { round });
        return;
      }
      own = tallyUndecided(decided, undecided, coin);
    }
    if (own.support.size === 0) {
      log.warn('beacon protocol failed: no proposal supported');
      return;
    }
    this.#set(epoch + 1, beaconFromProposals(own.support), 'protocol');
  }

  /** The protocol state of an epoch, made on first use (a proposal may come a grace period before the epoch). */
  #protocolFor(epoch: number): EpochProtocol {
    let p = this.#protocols.get(epoch);
    if (p === undefined) {
      const { params, timing } = this.#d;
      const config: ProtocolConfig = { kappa: params.kappa, q: BEACON_Q, theta: BEACON_THETA, gracePeriodMs: params.gracePeriodMs, votesLimit: params.votesLimit, rounds: params.rounds };
      const deps = this.#d;
      p = new EpochProtocol({
        epoch,
        epochStartMs: epochStartMs(timing, epoch),
        miners: this.#d.miners(epoch),
        config,
        verifier: this.#d.verifier,
        vrfVerify,
        ...(deps.miner === undefined ? {} : { lateMiner: (id: Uint8Array) => deps.miner?.(epoch, id) }),
      });
      this.#protocols.set(epoch, p);
    }
    return p;
  }

  /** Signs (or re-sends what was signed) for one slot: recorded before it is published. */
  #send(smesherId: Uint8Array, epoch: number, kind: BeaconMessageKind, round: number, topic: BeaconTopicKind, build: () => Uint8Array | null): void {
    const slot: BeaconSlot = { smesherId, epoch, kind, round };
    const recorded = this.#signed.get(slot);
    if (recorded !== undefined) {
      if (fitsSlot(recorded, slot)) {
        this.#log.info('beacon message for this slot was signed before; re-sending the same bytes', { epoch, kind, round });
        this.#d.publish(topic, recorded);
      } else {
        this.#log.warn('a recorded beacon message does not fit its slot; sending nothing for it', { epoch, kind, round });
      }
      return;
    }
    const bytes = build();
    if (bytes === null) return;
    this.#signed.record(slot, bytes);
    this.#d.publish(topic, bytes);
  }

  #set(epoch: number, beacon: Uint8Array, source: BeaconOrigin): void {
    const known = this.#beacons.get(epoch) ?? getBeacon(this.#d.state, epoch)?.beacon;
    if (known !== undefined) {
      if (!equalBytes(known, beacon)) this.#log.error('a different beacon for an epoch that has one; keeping the first', { epoch, kept: bytesToHex(known), other: bytesToHex(beacon), source });
      return;
    }
    addBeacon(this.#d.state, epoch, beacon, source);
    this.#beacons.set(epoch, beacon.slice());
    this.#log.info('beacon set', { epoch, beacon: bytesToHex(beacon), source });
    this.#d.onBeacon?.(epoch, beacon, source);
  }

  /** The protocol running now for a message of `epoch`, made early for a proposal within the grace period. */
  #running(epoch: number, kind: BeaconTopicKind): EpochProtocol | BeaconVerdict {
    const p = this.#protocols.get(epoch);
    if (p !== undefined) return p;
    const { clock, timing, params } = this.#d;
    const now = clock.now();
    const current = epochAt(timing, now);
    // go isProposalTimely: a proposal of the current epoch, or of the next within a grace period of its start, may
    // come before this node's own clock tick opened the epoch; its state is made now and the run picks it up.
    const timely = epoch === current || (epoch === current + 1 && now > epochStartMs(timing, epoch) - params.gracePeriodMs);
    // Votes and coins of the current epoch count from before the run too (a node whose clock tick came late).
    const early = kind === 'proposal' ? timely : epoch === current;
    if (early && !this.#started.has(epoch) && firstLayerOfEpoch(epoch, timing.layersPerEpoch) > effectiveGenesisLayer(timing.layersPerEpoch)) {
      return this.#protocolFor(epoch);
    }
    return ignore(new BeaconError('WRONG_EPOCH', `no beacon protocol running for epoch ${epoch}`));
  }

  /** Network input on `bp1`. @returns the verdict; never throws for bad input */
  onProposal(bytes: Uint8Array): BeaconVerdict {
    return this.#route(bytes, 'proposal', () => decodeProposalMessage(bytes).epoch, (p) => p.onProposal(bytes, this.#d.clock.now()));
  }

  /** Network input on `bf1`. */
  onFirstVotes(bytes: Uint8Array): BeaconVerdict {
    return this.#route(bytes, 'firstVotes', () => decodeFirstVotingMessage(bytes).body.epoch, (p) => p.onFirstVotes(bytes));
  }

  /** Network input on `bo1`. */
  onFollowingVotes(bytes: Uint8Array): BeaconVerdict {
    return this.#route(bytes, 'followingVotes', () => decodeFollowingVotingMessage(bytes).body.epoch, (p) => p.onFollowingVotes(bytes, this.#d.clock.now()));
  }

  /** Network input on `bw1`. */
  onWeakCoin(bytes: Uint8Array): BeaconVerdict {
    return this.#route(bytes, 'weakCoin', () => decodeWeakCoinMessage(bytes).epoch, (p) => p.weakCoin.onMessage(bytes));
  }

  #route(bytes: Uint8Array, kind: BeaconTopicKind, epochOf: () => number, handle: (p: EpochProtocol) => BeaconVerdict): BeaconVerdict {
    let epoch: number;
    try {
      epoch = epochOf();
    } catch (e) {
      return reject(new BeaconError('MALFORMED', `beacon ${kind} message (${bytes.length} bytes) does not decode: ${(e as Error).message}`));
    }
    const p = this.#running(epoch, kind);
    if (!(p instanceof EpochProtocol)) return p;
    const verdict = handle(p);
    if (verdict.kind === 'reject') this.#log.warn('beacon message rejected', { kind, epoch, code: verdict.error.code, reason: verdict.error.message });
    else if (verdict.kind === 'ignore') this.#log.debug('beacon message ignored', { kind, epoch, code: verdict.error.code, reason: verdict.error.message });
    return verdict;
  }
}

/** Whether recorded bytes are the message of `slot` (same kind, epoch, round and sender). */
function fitsSlot(bytes: Uint8Array, slot: BeaconSlot): boolean {
  try {
    switch (slot.kind) {
      case BeaconMessageKind.PROPOSAL: {
        const m = decodeProposalMessage(bytes);
        return m.epoch === slot.epoch && equalBytes(m.nodeId, slot.smesherId);
      }
      case BeaconMessageKind.FIRST_VOTES: {
        const m = decodeFirstVotingMessage(bytes);
        return m.body.epoch === slot.epoch && equalBytes(m.smesherId, slot.smesherId);
      }
      case BeaconMessageKind.FOLLOWING_VOTES: {
        const m = decodeFollowingVotingMessage(bytes);
        return m.body.epoch === slot.epoch && m.body.round === slot.round && equalBytes(m.smesherId, slot.smesherId);
      }
      default: {
        const m = decodeWeakCoinMessage(bytes);
        return m.epoch === slot.epoch && m.round === slot.round && equalBytes(m.nodeId, slot.smesherId);
      }
    }
  } catch {
    return false;
  }
}
