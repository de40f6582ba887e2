/**
 * Initialization progress: labels done, a rolling labels/s over the last few seconds (not since start, so a
 * resumed run or a paused one does not skew it), the ETA that rate implies, and the file being written. Pure: time
 * comes in as an argument.
 * @module
 */

export interface InitProgress {
  readonly labelsDone: number;
  readonly labelsTotal: number;
  readonly labelsPerSecond: number;
  /** Seconds left at the current rate; null until a rate is known. */
  readonly etaSeconds: number | null;
  readonly currentFile: number;
}

const WINDOW_MS = 10_000;

/** Keeps (time, labelsDone) samples of the last {@link WINDOW_MS} and turns them into a rate. */
export class RollingRate {
  readonly #samples: { t: number; done: number }[] = [];

  add(nowMs: number, done: number): void {
    this.#samples.push({ t: nowMs, done });
    while (this.#samples.length > 2 && nowMs - this.#samples[0]!.t > WINDOW_MS) this.#samples.shift();
  }

  /** Labels per second over the window; 0 until two samples exist. */
  rate(): number {
    const first = this.#samples[0];
    const last = this.#samples[this.#samples.length - 1];
    if (first === undefined || last === undefined || last.t <= first.t) return 0;
    return ((last.done - first.done) * 1000) / (last.t - first.t);
  }

  /** Forgets history, e.g. after a pause, so idle time does not count as slowness. */
  reset(): void {
    this.#samples.length = 0;
  }
}

/** Builds a progress record. */
export function makeProgress(done: number, total: number, rate: number, currentFile: number): InitProgress {
  return {
    labelsDone: done,
    labelsTotal: total,
    labelsPerSecond: Math.round(rate * 10) / 10,
    etaSeconds: rate > 0 ? Math.ceil((total - done) / rate) : null,
    currentFile,
  };
}
