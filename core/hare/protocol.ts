/**
 * Hare3 as a pure state machine (docs/protocol/hare.md; go-spacemesh `hare3/protocol.go`): one instance is one
 * node's view of one layer. `next()` moves to the next round and says what to send in it and whether a result was
 * reached; `onInput()` takes a verified message. No clock, network, keys or database: the driver owns those.
 *
 * Rounds of an iteration: hardlock, softlock, propose, wait1, wait2, commit, notify; iteration 0 starts with the
 * preround. Messages are graded by how many rounds late they arrive (graded gossip); one that arrives before this
 * node has entered its round (the sender's clock or event loop a little ahead) is kept as on time, as go's
 * `gossip.receive` keeps it: refusing it would also stop it from being relayed, and a peer that hears the sender
 * only through this node would never get it.
 * - preround: each node sends its initial proposal set; a proposal id is "good at grade g" when the preround
 *   messages that carry it and arrived with grade ≥ g (5 on time, 4 one round late, 3 two rounds late) weigh at
 *   least the threshold;
 * - propose: leaders send the value they are locked on, else the grade-4 set;
 * - commit: members commit to the hash of the lowest-VRF leader value that is consistent (every id good at grade 3,
 *   every grade-5 id included; or equal to the locked value);
 * - notify: once commits for one hash reach the threshold the node locks on that value and notifies it;
 * - a result is output as soon as notifies for one hash reach the threshold and the value is known; the node then
 *   takes part in one more iteration and terminates. After the iteration limit without a result it terminates with
 *   none (the tortoise later makes the layer empty).
 * Thresholds count eligibility units: `committee/2 + 1`. Two different messages from one sender for one round are
 * an equivocation: the sender's messages stop counting, and the pair is reported for a malfeasance proof.
 * Pure.
 * @module
 */
import { bytesToHex, compareBytes, equalBytes } from '../util/bytes.js';
import { ROUNDS_PER_ITERATION, Round, absoluteRound, iterRoundOf, valueHash } from './wire.js';

export interface HareInput {
  /** Sender id (hex), the unit of equivocation. */
  readonly sender: string;
  readonly iter: number;
  readonly round: Round;
  /** Sorted proposal ids (preround, propose) or null. */
  readonly proposals: readonly Uint8Array[] | null;
  /** Value hash (commit, notify) or null. */
  readonly reference: Uint8Array | null;
  /** Eligibility units. */
  readonly count: number;
  /** The sender's VRF proof for the round: leaders are ordered by it. */
  readonly vrf: Uint8Array;
  /** Hash of the whole body: two different ones for one (sender, round) are an equivocation. */
  readonly bodyHash: Uint8Array;
  /**
   * The sender is proven malicious: its message is kept (relayed, and a second one is still an equivocation) but
   * counts for nothing, as go's graded gossip leaves `malicious` messages out of every threshold and leader choice.
   */
  readonly malicious?: boolean;
}

export type InputOutcome =
  | { readonly kind: 'accepted' }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'late' | 'from_equivocator' }
  | { readonly kind: 'equivocation'; readonly sender: string; readonly first: Uint8Array; readonly second: Uint8Array };

export interface Outbound {
  readonly iter: number;
  readonly round: Round;
  readonly proposals: readonly Uint8Array[] | null;
  readonly reference: Uint8Array | null;
}

export interface StepResult {
  /** The round just entered. */
  readonly iter: number;
  readonly round: Round;
  /** What this node sends in the round (if its identities are eligible), or null. */
  readonly send: Outbound | null;
  /** Set once, the step the result is reached: the agreed sorted proposal ids (possibly empty). */
  readonly output: readonly Uint8Array[] | null;
  /**
   * Set once, on the first step after the preround: the layer's weak coin, the lowest bit of the smallest preround
   * VRF proof this node received (go's `hare3/protocol.go`, not part of the hare paper), or null while none came.
   */
  readonly coin: boolean | null;
  readonly terminated: boolean;
}

export interface HareProtocolConfig {
  /** Expected committee size; the threshold is committee/2 + 1. */
  readonly committee: number;
  readonly iterationsLimit: number;
}

interface Stored {
  readonly input: HareInput;
  readonly receivedAt: number;
}

/** Compares two VRF proofs as go's `VrfSignature.Cmp`: little-endian numbers, from the last byte. */
function compareLittleEndian(a: Uint8Array, b: Uint8Array): number {
  for (let i = Math.max(a.length, b.length) - 1; i >= 0; i--) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** The grade of a preround message that arrived `delay` rounds late (gradecast), or 0 when too late to count. */
function preroundGrade(delay: number): number {
  return delay <= 0 ? 5 : delay === 1 ? 4 : delay === 2 ? 3 : 0;
}

/** How late (rounds) a message of each kind may arrive and still count. */
const MAX_DELAY: Readonly<Record<number, number>> = {
  [Round.PREROUND]: 2,
  [Round.PROPOSE]: 2,
  [Round.COMMIT]: 0,
  [Round.NOTIFY]: ROUNDS_PER_ITERATION,
};

export class HareProtocol {
  readonly threshold: number;
  readonly #config: HareProtocolConfig;
  /** The absolute round last entered by next(); -1 before the preround. */
  #current = -1;
  #initial: Uint8Array[] = [];
  /** (absolute round) → sender → message. */
  readonly #messages = new Map<number, Map<string, Stored>>();
  readonly #equivocators = new Set<string>();
  /** Values seen in propose messages, by hash. */
  readonly #values = new Map<string, readonly Uint8Array[]>();
  #locked: { readonly hash: Uint8Array; readonly value: readonly Uint8Array[] } | null = null;
  #output: readonly Uint8Array[] | null = null;
  #terminateAt: number | null = null;
  #terminated = false;
  /** The smallest preround VRF proof received (compared as a little-endian number), and whether the coin was given. */
  #coinProof: Uint8Array | null = null;
  #coinOut = false;

  constructor(config: HareProtocolConfig) {
    this.#config = config;
    this.threshold = Math.floor(config.committee / 2) + 1;
  }

  get current(): number {
    return this.#current;
  }

  get output(): readonly Uint8Array[] | null {
    return this.#output;
  }

  get terminated(): boolean {
    return this.#terminated;
  }

  get equivocators(): ReadonlySet<string> {
    return this.#equivocators;
  }

  /** The node's own proposal ids for the layer (the preround value). Call before the first next(). */
  onInitial(proposalIds: readonly Uint8Array[]): void {
    this.#initial = [...proposalIds].sort(compareBytes);
  }

  /** Takes a verified message. Nothing changes unless the outcome is `accepted` or `equivocation`. */
  onInput(input: HareInput): InputOutcome {
    const abs = absoluteRound(input.iter, input.round);
    // An early message is stored with the round it arrived in, so it grades as on time (delay <= 0).
    if (this.#current - abs > (MAX_DELAY[input.round] ?? 0)) return { kind: 'late' };
    if (this.#equivocators.has(input.sender)) return { kind: 'from_equivocator' };
    let bySender = this.#messages.get(abs);
    if (bySender === undefined) {
      bySender = new Map();
      this.#messages.set(abs, bySender);
    }
    const prior = bySender.get(input.sender);
    if (prior !== undefined) {
      if (equalBytes(prior.input.bodyHash, input.bodyHash)) return { kind: 'duplicate' };
      this.#equivocators.add(input.sender);
      for (const round of this.#messages.values()) round.delete(input.sender);
      return { kind: 'equivocation', sender: input.sender, first: prior.input.bodyHash, second: input.bodyHash };
    }
    bySender.set(input.sender, { input, receivedAt: this.#current });
    if (input.round === Round.PREROUND && input.malicious !== true && (this.#coinProof === null || compareLittleEndian(input.vrf, this.#coinProof) < 0)) this.#coinProof = input.vrf;
    if (input.round === Round.PROPOSE && input.proposals !== null) this.#values.set(bytesToHex(valueHash(input.proposals)), input.proposals);
    return { kind: 'accepted' };
  }

  /** Enters the next round. */
  next(): StepResult {
    if (this.#terminated) throw new Error('invariant failed: next() after termination');
    this.#current++;
    const { iter, round } = iterRoundOf(this.#current);
    const output = this.#output === null ? this.#tryOutput() : null;
    let send: Outbound | null = null;
    switch (round) {
      case Round.PREROUND:
        send = { iter, round, proposals: this.#initial, reference: null };
        break;
      case Round.PROPOSE:
        send = { iter, round, proposals: this.#locked?.value ?? this.#goodIds(4), reference: null };
        break;
      case Round.COMMIT: {
        const chosen = this.#chooseLeaderValue(iter);
        if (chosen !== null) send = { iter, round, proposals: null, reference: chosen };
        break;
      }
      case Round.NOTIFY: {
        const hash = this.#thresholdReference(absoluteRound(iter, Round.COMMIT));
        const value = hash === null ? undefined : this.#values.get(bytesToHex(hash));
        if (hash !== null && value !== undefined) {
          this.#locked = { hash, value };
          send = { iter, round, proposals: null, reference: hash };
        }
        break;
      }
      default:
        break;
    }
    if (round === Round.HARDLOCK && this.#output === null && iter >= this.#config.iterationsLimit) this.#terminated = true;
    if (this.#terminateAt !== null && this.#current >= this.#terminateAt) this.#terminated = true;
    let coin: boolean | null = null;
    if (this.#current >= 1 && this.#coinProof !== null && !this.#coinOut) {
      coin = (this.#coinProof[0]! & 1) !== 0;
      this.#coinOut = true;
    }
    return { iter, round, send: this.#terminated ? null : send, output, coin, terminated: this.#terminated };
  }

  #tryOutput(): readonly Uint8Array[] | null {
    // Notifies of any iteration count; the value must have been seen in a propose message.
    for (let abs = ROUNDS_PER_ITERATION; abs <= this.#current; abs += ROUNDS_PER_ITERATION) {
      const hash = this.#thresholdReference(abs);
      const value = hash === null ? undefined : this.#values.get(bytesToHex(hash));
      if (value !== undefined) {
        this.#output = value;
        this.#terminateAt = this.#current + ROUNDS_PER_ITERATION;
        return value;
      }
    }
    return null;
  }

  /** The reference hash whose messages in absolute round `abs` reach the threshold, if any. */
  #thresholdReference(abs: number): Uint8Array | null {
    const tally = new Map<string, { hash: Uint8Array; count: number }>();
    for (const { input } of this.#messages.get(abs)?.values() ?? []) {
      if (input.reference === null || input.malicious === true) continue;
      const key = bytesToHex(input.reference);
      const entry = tally.get(key) ?? { hash: input.reference, count: 0 };
      entry.count += input.count;
      tally.set(key, entry);
    }
    for (const { hash, count } of tally.values()) if (count >= this.threshold) return hash;
    return null;
  }

  /** Proposal ids carried by preround messages of grade ≥ `grade` weighing at least the threshold, sorted. */
  #goodIds(grade: number): Uint8Array[] {
    const weights = new Map<string, { id: Uint8Array; count: number }>();
    for (const { input, receivedAt } of this.#messages.get(0)?.values() ?? []) {
      if (preroundGrade(receivedAt) < grade || input.malicious === true) continue;
      for (const id of input.proposals ?? []) {
        const key = bytesToHex(id);
        const entry = weights.get(key) ?? { id, count: 0 };
        entry.count += input.count;
        weights.set(key, entry);
      }
    }
    return [...weights.values()].filter((e) => e.count >= this.threshold).map((e) => e.id).sort(compareBytes);
  }

  /** The hash to commit to in iteration `iter`: the lowest-VRF leader value that passes the lock and subset rules. */
  #chooseLeaderValue(iter: number): Uint8Array | null {
    const leaders = [...(this.#messages.get(absoluteRound(iter, Round.PROPOSE))?.values() ?? [])]
      .map((s) => s.input)
      .filter((i) => i.proposals !== null && i.malicious !== true)
      .sort((a, b) => compareBytes(a.vrf, b.vrf));
    const good3 = new Set(this.#goodIds(3).map(bytesToHex));
    const good5 = this.#goodIds(5).map(bytesToHex);
    for (const leader of leaders) {
      const value = leader.proposals!;
      const hash = valueHash(value);
      if (this.#locked !== null) {
        if (equalBytes(hash, this.#locked.hash)) return hash;
        continue;
      }
      const ids = new Set(value.map(bytesToHex));
      if ([...ids].every((id) => good3.has(id)) && good5.every((id) => ids.has(id))) return hash;
    }
    return null;
  }
}
