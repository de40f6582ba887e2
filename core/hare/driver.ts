/**
 * The hare on the clock (docs/protocol/hare.md; go-spacemesh `hare3/hare.go`): for each layer it waits until
 * `layerStart + preroundDelay`, takes the layer's proposals as the initial value, then steps the session every
 * `roundDuration` until it terminates, publishing what the session signs and reporting the output (or its absence)
 * once. Incoming messages go to the session of their layer. I/O: the clock and the publisher.
 * @module
 */
import { decodeHareMessage } from './wire.js';
import type { HareParams } from '../params/types.js';
import { type LayerTiming, layerStartMs } from '../types/layers.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { ignore, reject } from '../util/verdict.js';
import { HareError } from './errors.js';
import type { HareEquivocation, HareSession, HareVerdict } from './session.js';

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
  onEquivocation?(equivocation: HareEquivocation): void;
}

export class HareDriver {
  readonly #deps: HareDriverDeps;
  readonly #sessions = new Map<number, HareSession>();

  constructor(deps: HareDriverDeps) {
    this.#deps = deps;
  }

  /**
   * Runs the hare for `layer`. Resolves when it terminated (or the signal aborted).
   * @throws what the publisher or output callback throws
   */
  async runLayer(layer: number, signal: AbortSignal): Promise<void> {
    const { clock, params, timing } = this.#deps;
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
        const step = session.step();
        for (const m of step.messages) this.#deps.publish(m);
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
