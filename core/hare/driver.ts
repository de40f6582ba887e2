/**
 * The hare on the clock (docs/protocol/hare.md; go-spacemesh `hare3/hare.go`): for each layer it waits until
 * `layerStart + preroundDelay`, takes the layer's proposals as the initial value, then steps the session every
 * `roundDuration` until it terminates, publishing what the session signs and reporting the output (or its absence)
 * once. Incoming messages go to the session of their layer. I/O: the clock, the publisher and the signed-message log.
 *
 * Persist before send (issue 17 item 2): an identity signs at most one message per slot (layer, iteration, round).
 * Each step's freshly signed messages are recorded in the {@link SignedHareLog}, in one transaction, before any is
 * published; a slot that already holds a record (the node restarted within the layer) is not signed again: the
 * recorded bytes are re-sent when they still decode to that slot's message, else nothing is sent. go-spacemesh
 * keeps no such record and instead sits out the layer it restarts in (`hare3/hare.go Start`: from
 * `CurrentLayer() + 1`); this node still takes part in it, signing only the slots it has not signed yet.
 * @module
 */
import { decodeHareMessage } from './wire.js';
import { type SignedHareLog, type SignedHareMessage, memorySignedHareLog } from './localStore.js';
import type { HareParams } from '../params/types.js';
import { type LayerTiming, layerStartMs } from '../types/layers.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { equalBytes } from '../util/bytes.js';
import { ignore, reject } from '../util/verdict.js';
import { HareError } from './errors.js';
import type { HareEquivocation, HareSession, HareSlot, HareVerdict } from './session.js';

/** Layers of signed messages kept behind the running one; older rows are pruned at each layer's start. */
export const SIGNED_HARE_LAYERS_KEPT = 300;

export interface HareDriverDeps {
  readonly clock: Clock;
  readonly timing: LayerTiming;
  readonly params: HareParams;
  readonly logger: Logger;
  /** The session for a layer, or null when this node has no active set for its epoch. */
  makeSession(layer: number): HareSession | null;
  /** The proposal ids this node knows for a layer when its preround starts. */
  initialProposals(layer: number): Uint8Array[];
  publish(bytes: Uint8Array): void;
  /** The agreed proposal ids, or null when the hare ended without a result. */
  onOutput(layer: number, proposalIds: readonly Uint8Array[] | null): void;
  /** The layer's weak coin (the tortoise's tie-breaker for undecided blocks beyond hdist). */
  onWeakCoin?(layer: number, coin: boolean): void;
  onEquivocation?(equivocation: HareEquivocation): void;
  /**
   * Where this node's own signed messages are recorded before they are sent (local.sql in the node). Without one
   * the driver keeps them in memory: the same guard within the process, none across a restart.
   */
  readonly signed?: SignedHareLog;
}

export class HareDriver {
  readonly #deps: HareDriverDeps;
  readonly #sessions = new Map<number, HareSession>();
  readonly #signed: SignedHareLog;

  constructor(deps: HareDriverDeps) {
    this.#deps = deps;
    this.#signed = deps.signed ?? memorySignedHareLog();
  }

  /**
   * Runs the hare for `layer`. Resolves when it terminated (or the signal aborted).
   * @throws what the publisher, output callback or signed-message log throws (a step whose messages could not be
   *   recorded publishes none of them)
   */
  async runLayer(layer: number, signal: AbortSignal): Promise<void> {
    const { clock, params, timing } = this.#deps;
    this.#signed.pruneBefore(layer - SIGNED_HARE_LAYERS_KEPT);
    const session = this.#deps.makeSession(layer);
    if (session === null) return;
    let wall = layerStartMs(timing, layer) + params.preroundDelayMs;
    // Registered from the layer's start, as go's onLayer does: a peer whose preround comes a moment before ours
    // is heard (and relayed) rather than ignored as a layer with no hare running.
    this.#sessions.set(layer, session);
    let reported = false;
    try {
      try {
        await clock.sleepUntil(wall, signal);
      } catch {
        return;
      }
      session.onInitial(this.#deps.initialProposals(layer));
      for (;;) {
        const fresh: SignedHareMessage[] = [];
        const step = session.step((slot, sign) => {
          const recorded = this.#signed.get(slot);
          if (recorded !== undefined) return this.#resend(slot, recorded);
          const bytes = sign();
          fresh.push({ slot, bytes });
          return bytes;
        });
        this.#signed.record(fresh);
        for (const m of step.messages) this.#deps.publish(m);
        if (step.coin !== null) this.#deps.onWeakCoin?.(layer, step.coin);
        if (step.output !== null && !reported) {
          reported = true;
          this.#deps.onOutput(layer, step.output);
        }
        if (step.terminated) break;
        wall += params.roundDurationMs;
        try {
          await clock.sleepUntil(wall, signal);
        } catch {
          return;
        }
      }
      if (!reported) this.#deps.onOutput(layer, null);
    } finally {
      this.#sessions.delete(layer);
    }
  }

  /** What goes out for a slot signed before: the recorded bytes if they are that slot's message, else nothing. */
  #resend(slot: HareSlot, recorded: Uint8Array): Uint8Array | null {
    const where = { layer: slot.layer, iteration: slot.iter, round: slot.round };
    try {
      const m = decodeHareMessage(recorded);
      if (m.body.layer === slot.layer && m.body.iterRound.iter === slot.iter && m.body.iterRound.round === slot.round && equalBytes(m.sender, slot.smesherId)) {
        this.#deps.logger.info('hare message for this round was signed before; re-sending the same bytes', where);
        return recorded;
      }
    } catch {
      // An undecodable record fits no slot: fall through.
    }
    this.#deps.logger.warn('a recorded hare message does not fit its round; sending nothing for it', where);
    return null;
  }

  /** Network input: a hare message. @returns the verdict; never throws for bad input */
  onMessage(bytes: Uint8Array): HareVerdict {
    let layer: number;
    try {
      layer = decodeHareMessage(bytes).body.layer;
    } catch (err) {
      return reject(new HareError('MALFORMED', `hare message does not decode: ${(err as Error).message}`));
    }
    const session = this.#sessions.get(layer);
    if (session === undefined) return ignore(new HareError('WRONG_LAYER', `no hare running for layer ${layer}`));
    const verdict = session.onMessage(bytes);
    if (verdict.kind === 'accept' && verdict.value.equivocation !== null) this.#deps.onEquivocation?.(verdict.value.equivocation);
    else if (verdict.kind === 'reject') this.#deps.logger.warn('hare message rejected', { layer, code: verdict.error.code, reason: verdict.error.message });
    return verdict;
  }
}
