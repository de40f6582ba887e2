/**
 * Per-subscriber event queue with backpressure: while a subscriber's socket is slow, events wait here; coalesced
 * events (progress, layer, status) keep only their newest value per key, and when the queue is full the oldest
 * events are dropped and counted, and the subscriber later gets one `dropped` notice with the count. Memory per
 * subscriber is bounded whatever the node emits. Pure.
 * @module
 */
import { COALESCED_EVENTS, type EventMessage, type EventName } from '../contract/contract.js';

/** Queued events per subscriber before the oldest are dropped. */
export const MAX_QUEUED_EVENTS = 256;

export class EventOutbox {
  readonly #queue: EventMessage[] = [];
  readonly #capacity: number;
  #dropped = 0;

  constructor(capacity = MAX_QUEUED_EVENTS) {
    this.#capacity = capacity;
  }

  get size(): number {
    return this.#queue.length + (this.#dropped > 0 ? 1 : 0);
  }

  /** Events dropped and not yet reported. */
  get dropped(): number {
    return this.#dropped;
  }

  push(message: EventMessage): void {
    const keyOf = COALESCED_EVENTS[message.event] as ((data: unknown) => string) | undefined;
    if (keyOf !== undefined) {
      const key = keyOf(message.data);
      const i = this.#queue.findIndex((m) => m.event === message.event && keyOf(m.data) === key);
      if (i >= 0) {
        // Replace in place: the newest value, at the position the first unsent one held.
        this.#queue[i] = message;
        return;
      }
    }
    this.#queue.push(message);
    if (this.#queue.length > this.#capacity) {
      this.#queue.shift();
      this.#dropped++;
    }
  }

  /** The next message to send: a pending `dropped` notice first, so the client learns of the gap before the rest. */
  take(): EventMessage | undefined {
    if (this.#dropped > 0) {
      const notice: EventMessage<'dropped'> = { event: 'dropped', data: { count: this.#dropped } };
      this.#dropped = 0;
      return notice;
    }
    return this.#queue.shift();
  }

  /** Drops queued events of names no longer subscribed. */
  retain(names: ReadonlySet<EventName>): void {
    for (let i = this.#queue.length - 1; i >= 0; i--) if (!names.has(this.#queue[i]!.event)) this.#queue.splice(i, 1);
  }
}
