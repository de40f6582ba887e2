/**
 * The benchmark record printed by `smesher bench --json` and `npm run bench`: one JSON line per figure, each with
 * a baseline measured in the same run so the ratio stays meaningful on a noisy machine (docs/performance.md).
 * @module
 */

export interface BenchResult {
  readonly bench: string;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline: string;
  readonly baseline_value: number;
  /** value / baseline_value (higher is better for rates). */
  readonly ratio: number;
}

/** Builds a result, computing the ratio and rounding for readability. */
export function benchResult(
  fields: Omit<BenchResult, 'ratio'>,
): BenchResult {
  const round = (x: number): number => Number(x.toPrecision(4));
  return {
    ...fields,
    value: round(fields.value),
    baseline_value: round(fields.baseline_value),
    ratio: round(fields.value / fields.baseline_value),
  };
}

/**
 * Operations per second of `fn`: warms up, then runs batches until `minMs` of measured time has passed.
 * `fn` may do several operations; pass their count as `opsPerCall`.
 */
export function measureRate(fn: () => unknown, minMs = 1000, opsPerCall = 1): number {
  for (let i = 0; i < 3; i++) fn();
  let calls = 0;
  let batch = 1;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (let i = 0; i < batch; i++) fn();
    calls += batch;
    elapsed = performance.now() - start;
    if (elapsed < minMs / 10) batch *= 2;
  }
  return (calls * opsPerCall * 1000) / elapsed;
}
