/**
 * Time as an injected dependency: the node never calls `Date.now()` or `setTimeout` directly, so consensus and
 * scheduling code runs the same on the wall clock and on a {@link FakeClock} stepped by tests.
 * @module
 */

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /**
   * Resolves once `now() >= timeMs`. Rejects with the signal's reason when aborted first.
   * Resolves at once when the time has already passed.
   */
  sleepUntil(timeMs: number, signal?: AbortSignal): Promise<void>;
}

/** Sleeps for a duration on any clock. */
export function sleep(clock: Clock, durationMs: number, signal?: AbortSignal): Promise<void> {
  return clock.sleepUntil(clock.now() + durationMs, signal);
}

/** setTimeout takes at most a signed 32-bit delay; longer waits are taken in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The wall clock. A wait re-reads the time when its timer fires and waits again if it woke early, so a laptop that
 * slept or a clock that was adjusted never makes a deadline fire before its time.
 */
export class SystemClock implements Clock {
  now(): number {
    return Date.now();
  }

  sleepUntil(timeMs: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortReason(signal));
      let timer: NodeJS.Timeout | undefined;
      const onAbort = (): void => {
        clearTimeout(timer);
        reject(abortReason(signal));
      };
      const arm = (): void => {
        const remaining = timeMs - Date.now();
        if (remaining <= 0) {
          signal?.removeEventListener('abort', onAbort);
          return resolve();
        }
        timer = setTimeout(arm, Math.min(remaining, MAX_TIMER_MS));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      arm();
    });
  }
}

interface PendingSleep {
  readonly timeMs: number;
  readonly seq: number;
  readonly resolve: () => void;
}

/**
 * A clock that moves only when told. `advanceTo` wakes sleepers in time order and lets each one's continuation
 * run before the next wakes, so code that sleeps in a loop sees every deadline it would see on the wall clock.
 */
export class FakeClock implements Clock {
  private time: number;
  private seq = 0;
  private pending: PendingSleep[] = [];

  constructor(startMs = 0) {
    this.time = startMs;
  }

  now(): number {
    return this.time;
  }

  /** Number of sleepers not yet woken. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** The earliest deadline anyone waits for, if any. */
  nextDeadline(): number | undefined {
    return this.pending[0]?.timeMs;
  }

  sleepUntil(timeMs: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (timeMs <= this.time) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const entry: PendingSleep = {
        timeMs,
        seq: this.seq++,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      const onAbort = (): void => {
        this.pending = this.pending.filter((p) => p !== entry);
        reject(abortReason(signal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.push(entry);
      this.pending.sort((a, b) => a.timeMs - b.timeMs || a.seq - b.seq);
    });
  }

  /** Moves time forward by `durationMs`, waking every sleeper due on the way. */
  advance(durationMs: number): Promise<void> {
    return this.advanceTo(this.time + durationMs);
  }

  /** Moves time to `timeMs` (never backwards), waking every sleeper due on the way, in order. */
  async advanceTo(timeMs: number): Promise<void> {
    if (timeMs < this.time) throw new RangeError(`FakeClock cannot go back from ${this.time} to ${timeMs}`);
    for (;;) {
      const next = this.pending[0];
      if (next === undefined || next.timeMs > timeMs) break;
      this.pending.shift();
      this.time = next.timeMs;
      next.resolve();
      await flushMicrotasks();
    }
    this.time = timeMs;
    await flushMicrotasks();
  }
}

/** Lets promise continuations queued so far (and those they queue) run. */
async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  await new Promise<void>((resolve) => setImmediate(resolve));
}

/** The abort reason as an Error (AbortSignal.reason is `any`; a bare `abort()` gives a DOMException). */
export function abortReason(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error(`aborted: ${String(reason)}`);
}
