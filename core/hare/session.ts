/**
 * One node's hare instance for one layer, with keys and verification but no clock (docs/protocol/hare.md):
 * checks incoming messages (decode, layer, round and value shape, sender in the active set, signature, VRF
 * eligibility and its count) before the pure {@link HareProtocol} sees them, and turns each step's outbound value
 * into one signed message per local identity that the VRF puts in the round's committee. The lockstep cluster test
 * and the clock driver both run this. Pure but for the crypto it calls.
 * @module
 */
import { ScaleError } from '../codec/index.js';
import { SigningDomain } from '../crypto/domains.js';
import { vrfVerify } from '../crypto/ecvrf.js';
import type { EdSigner, EdVerifier } from '../crypto/ed25519.js';
import { hareVrfMessage } from '../types/vrfMessages.js';
import { bytesToHex, compareBytes } from '../util/bytes.js';
import { type Verdict, accept, ignore, reject } from '../util/verdict.js';
import { eligibilityCount, isValidEligibility } from './committee.js';
import { HareError } from './errors.js';
import { HareProtocol, type InputOutcome } from './protocol.js';
import { vrfFractionNumerator } from './vrfFraction.js';
import { type HareBody, Round, absoluteRound, bodyHash, decodeHareMessage, encodeHareMessage, hareSignedBytes } from './wire.js';

export interface HareSessionConfig {
  readonly layer: number;
  readonly beacon: Uint8Array;
  readonly committee: number;
  readonly leaders: number;
  readonly iterationsLimit: number;
  readonly verifier: EdVerifier;
  /** The epoch's active-set weight of an identity, or null when it is not in the set. */
  weightOf(smesherId: Uint8Array): bigint | null;
  /** Whether the identity is proven malicious now (a proof may arrive mid-epoch): its messages then count for nothing. */
  isMalicious?(smesherId: Uint8Array): boolean;
  readonly totalWeight: bigint;
  /** This node's identities in the active set. */
  readonly participants: readonly { readonly signer: EdSigner; readonly weight: bigint }[];
}

/** Two different signed messages by one sender for one round: what a malfeasance proof keeps. */
export interface HareEquivocation {
  readonly sender: Uint8Array;
  readonly first: Uint8Array;
  readonly second: Uint8Array;
}

/**
 * A hare message's verdict. The first message that shows an equivocation is accepted, not rejected, and carries the
 * pair: go-spacemesh's graded gossip (`hare3/protocol.go`, case 3) relays it so every peer learns of the equivocator,
 * while the node keeps the proof. Later messages from the equivocator are ignored (`LATE`).
 */
export type HareVerdict = Verdict<{ readonly equivocation: HareEquivocation | null }, HareError>;

/** One identity's message slot: it may sign at most one message for it. */
export interface HareSlot {
  readonly smesherId: Uint8Array;
  readonly layer: number;
  readonly iter: number;
  readonly round: Round;
}

/**
 * Decides what goes out for one identity's slot in a step: `sign()` signs the message the session wants to send;
 * the guard may return those bytes, bytes signed for the slot before (a restart), or null to send nothing.
 */
export type SlotGuard = (slot: HareSlot, sign: () => Uint8Array) => Uint8Array | null;

const signNow: SlotGuard = (_slot, sign) => sign();

export interface SessionStep {
  readonly messages: Uint8Array[];
  readonly output: readonly Uint8Array[] | null;
  /** The layer's weak coin, once (see {@link StepResult.coin}). */
  readonly coin: boolean | null;
  readonly terminated: boolean;
}

const MESSAGE_ROUNDS: ReadonlySet<number> = new Set([Round.PREROUND, Round.PROPOSE, Round.COMMIT, Round.NOTIFY]);

export class HareSession {
  readonly protocol: HareProtocol;
  readonly #cfg: HareSessionConfig;
  /** `${sender}:${absolute}` → the bytes first received, for equivocation proofs. */
  readonly #raw = new Map<string, Uint8Array>();

  constructor(cfg: HareSessionConfig) {
    this.#cfg = cfg;
    this.protocol = new HareProtocol({ committee: cfg.committee, iterationsLimit: cfg.iterationsLimit });
  }

  get layer(): number {
    return this.#cfg.layer;
  }

  onInitial(proposalIds: readonly Uint8Array[]): void {
    this.protocol.onInitial(proposalIds);
  }

  /**
   * Checks and takes one message.
   * @returns the verdict; never throws for bad input
   */
  onMessage(bytes: Uint8Array): HareVerdict {
    let outcome: InputOutcome;
    let key: string;
    try {
      const msg = (() => {
        try {
          return decodeHareMessage(bytes);
        } catch (err) {
          if (err instanceof ScaleError) throw new HareError('MALFORMED', `hare message does not decode: ${err.message}`);
          throw err;
        }
      })();
      const input = this.#check(msg.body, msg.sender, msg.signature);
      key = `${input.sender}:${absoluteRound(input.iter, input.round)}`;
      outcome = this.protocol.onInput(input);
    } catch (err) {
      // Refusals that follow from this node's view (its active set, its beacon) are ignored: scoring them down had the
      // two halves of a healed partition ban each other within a layer.
      if (err instanceof HareError) return err.code === 'WRONG_LAYER' || err.code === 'NOT_ELIGIBLE' || err.code === 'OTHER_BEACON' ? ignore(err) : reject(err);
      throw err;
    }
    switch (outcome.kind) {
      case 'accepted':
        this.#raw.set(key, bytes);
        return accept({ equivocation: null });
      case 'equivocation': {
        const equivocation = { sender: Uint8Array.from(Buffer.from(outcome.sender, 'hex')), first: this.#raw.get(key) ?? new Uint8Array(), second: bytes };
        return accept({ equivocation });
      }
      case 'duplicate':
        return ignore(new HareError('BAD_ROUND', 'duplicate message'));
      default:
        return ignore(new HareError('LATE', `message too late or from an equivocator (${outcome.kind})`));
    }
  }

  /**
   * Enters the next round and signs what this node's eligible identities send in it; `guard` (the driver's
   * persist-before-send check) decides per slot whether to sign or send what was signed for it before.
   */
  step(guard: SlotGuard = signNow): SessionStep {
    const r = this.protocol.next();
    const messages: Uint8Array[] = [];
    if (r.send !== null) {
      const abs = absoluteRound(r.iter, r.round);
      const committee = r.round === Round.PROPOSE ? this.#cfg.leaders : this.#cfg.committee;
      for (const { signer, weight } of this.#cfg.participants) {
        const proof = signer.vrfProve(hareVrfMessage(this.#cfg.beacon, abs, this.#cfg.layer));
        const count = eligibilityCount(weight, this.#cfg.totalWeight, committee, vrfFractionNumerator(proof));
        if (count === 0) continue;
        const body: HareBody = {
          layer: this.#cfg.layer,
          iterRound: { iter: r.iter, round: r.round },
          value: { proposals: r.send.proposals === null ? [] : [...r.send.proposals], reference: r.send.reference },
          eligibility: { proof, count },
        };
        const slot: HareSlot = { smesherId: signer.publicKey, layer: this.#cfg.layer, iter: r.iter, round: r.round };
        const bytes = guard(slot, () => encodeHareMessage({ body, sender: signer.publicKey, signature: signer.sign(SigningDomain.HARE, hareSignedBytes(body)) }));
        if (bytes !== null) messages.push(bytes);
      }
    }
    return { messages, output: r.output, coin: r.coin, terminated: r.terminated };
  }

  #check(body: HareBody, sender: Uint8Array, signature: Uint8Array): Parameters<HareProtocol['onInput']>[0] {
    const cfg = this.#cfg;
    if (body.layer !== cfg.layer) throw new HareError('WRONG_LAYER', `message for layer ${body.layer}, session ${cfg.layer}`);
    const { iter, round } = body.iterRound;
    if (!MESSAGE_ROUNDS.has(round) || (round === Round.PREROUND) !== (iter === 0 && round === 0) || iter > cfg.iterationsLimit) {
      throw new HareError('BAD_ROUND', `no messages in iteration ${iter} round ${round}`);
    }
    const wantsSet = round === Round.PREROUND || round === Round.PROPOSE;
    const { proposals, reference } = body.value;
    if (wantsSet ? reference !== null : reference === null || proposals.length > 0) throw new HareError('BAD_VALUE', `round ${round} carries the wrong kind of value`);
    for (let i = 1; i < proposals.length; i++) {
      if (compareBytes(proposals[i - 1]!, proposals[i]!) >= 0) throw new HareError('BAD_VALUE', 'proposal ids must be sorted and unique');
    }
    const weight = cfg.weightOf(sender);
    if (weight === null) throw new HareError('NOT_ELIGIBLE', `sender ${bytesToHex(sender)} is not in the active set`);
    if (!cfg.verifier.verify(SigningDomain.HARE, sender, hareSignedBytes(body), signature)) throw new HareError('BAD_SIGNATURE', 'hare signature does not verify');
    const abs = absoluteRound(iter, round);
    if (vrfVerify(sender, hareVrfMessage(cfg.beacon, abs, cfg.layer), body.eligibility.proof) === null) {
      throw new HareError('OTHER_BEACON', "committee VRF proof does not verify under this node's beacon");
    }
    // go-spacemesh grades a count of 0 as invalid before the oracle (`legacy_oracle.go`), then asks `Validate`.
    const committee = round === Round.PROPOSE ? cfg.leaders : cfg.committee;
    const count = body.eligibility.count;
    if (count === 0 || !isValidEligibility(weight, cfg.totalWeight, committee, vrfFractionNumerator(body.eligibility.proof), count)) {
      throw new HareError('BAD_ELIGIBILITY', `eligibility count ${count} is not what the VRF gives`);
    }
    return {
      sender: bytesToHex(sender),
      iter,
      round: round as Round,
      proposals: wantsSet ? proposals : null,
      reference,
      count,
      vrf: body.eligibility.proof,
      bodyHash: bodyHash(body),
      malicious: cfg.isMalicious?.(sender) ?? false,
    };
  }
}
