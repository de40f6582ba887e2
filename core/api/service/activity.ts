/**
 * What the API remembers of the node's activity since it started: a bounded ring of timeline events and, per
 * identity, the latest PoST initialisation progress and whether initialisation finished. (Eligibilities are not
 * kept here: `rewards.upcoming` reads the ones the node recorded, which survive a restart.) Fed by the node's typed
 * events; read by `timeline.list` and `smeshing.progress`. Pure state (time comes from the injected clock).
 * @module
 */
import type { ActivationEvent, MeshEvent } from '../../types/timeline.js';
import type { Clock } from '../../util/clock.js';
import type { InitProgressInfo, TimelineEvent } from '../contract/contract.js';

/** Enough for several epochs of one identity's events without growing unbounded. */
export const MAX_TIMELINE_EVENTS = 2000;

export class ActivityLog {
  readonly #clock: Clock;
  readonly #events: TimelineEvent[] = [];
  readonly #progress = new Map<string, InitProgressInfo>();
  readonly #initDone = new Set<string>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Records an event and returns it stamped with the time. */
  record(event: ActivationEvent | Exclude<MeshEvent, { event: 'block_applied' }>): TimelineEvent {
    const stamped: TimelineEvent = { timeMs: this.#clock.now(), ...event };
    if (event.event === 'post_init_progress') {
      this.#progress.set(event.smesherId, {
        smesherId: event.smesherId,
        labelsDone: event.labelsDone,
        labelsTotal: event.labelsTotal,
        etaSeconds: event.etaSeconds,
      });
      // Progress arrives per batch; keep only the latest one in the ring so it does not push out the rest.
      const last = this.#events[this.#events.length - 1];
      if (last?.event === 'post_init_progress' && last.smesherId === event.smesherId) this.#events.pop();
    }
    if (event.event === 'post_init_done') this.#initDone.add(event.smesherId);
    this.#events.push(stamped);
    if (this.#events.length > MAX_TIMELINE_EVENTS) this.#events.splice(0, this.#events.length - MAX_TIMELINE_EVENTS);
    return stamped;
  }

  /** The newest `limit` events (of one identity when given), oldest first. */
  events(limit: number, smesherId?: string): TimelineEvent[] {
    const selected = smesherId === undefined ? this.#events : this.#events.filter((e) => e.smesherId === smesherId);
    return selected.slice(-limit);
  }

  progress(smesherId: string): InitProgressInfo | null {
    return this.#progress.get(smesherId) ?? null;
  }

  initDone(smesherId: string): boolean {
    return this.#initDone.has(smesherId);
  }
}
