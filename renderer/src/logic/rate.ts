/**
 * Init speed from successive progress reports: labels per second over the last two samples of one identity.
 * Pure; the caller keeps the previous sample.
 * @module
 */

export interface Sample {
  readonly labelsDone: number;
  readonly atMs: number;
}

/** Labels/s between two samples, or null when there is nothing to compare (first sample, no time passed). */
export function labelsPerSecond(prev: Sample | undefined, next: Sample): number | null {
  if (prev === undefined || next.atMs <= prev.atMs || next.labelsDone < prev.labelsDone) return null;
  return ((next.labelsDone - prev.labelsDone) * 1000) / (next.atMs - prev.atMs);
}
