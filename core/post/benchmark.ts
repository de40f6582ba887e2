/**
 * The setup wizard's quick benchmark (the `smeshing.benchmark` API method): PoST labels per second on `threads` label workers (the same WebAssembly
 * kernel initialisation uses), measured for a fraction of a second after a warm-up batch. Runs in worker threads,
 * so the node's event loop stays free. I/O: threads and the wall clock.
 * @module
 */
import { createLabelPool } from './labelPool.js';

/** Labels per second on some threads (the API's `smeshing.benchmark` result). */
export interface BenchmarkResult {
  readonly threads: number;
  readonly scryptN: number;
  readonly labelsPerSecond: number;
  /** Seconds one unit takes to initialise at that rate. */
  readonly secondsPerUnit: number;
  readonly measuredMs: number;
}

export const QUICK_BENCHMARK_MS = 750;

/**
 * Measures labels/s.
 * @throws {PostError} when a label worker fails
 */
export async function quickBenchmark(threads: number, scryptN: number, labelsPerUnit: number, durationMs = QUICK_BENCHMARK_MS): Promise<BenchmarkResult> {
  const pool = createLabelPool(threads, scryptN);
  const commitment = new Uint8Array(32).fill(0x5a);
  // Batches small enough that the measurement stops close to `durationMs` even at N=8192 (~2 ms per label).
  const batch = Math.max(1, Math.min(4096, Math.floor(2_000_000 / scryptN)));
  try {
    await Promise.all(Array.from({ length: threads }, (_, i) => pool.compute(commitment, BigInt(i * batch), 1)));
    let labels = 0;
    let next = 0n;
    const start = performance.now();
    while (performance.now() - start < durationMs) {
      await Promise.all(
        Array.from({ length: threads }, () => {
          const from = next;
          next += BigInt(batch);
          return pool.compute(commitment, from, batch);
        }),
      );
      labels += batch * threads;
    }
    const measuredMs = performance.now() - start;
    const labelsPerSecond = (labels * 1000) / measuredMs;
    return { threads, scryptN, labelsPerSecond: Math.round(labelsPerSecond * 10) / 10, secondsPerUnit: Math.ceil(labelsPerUnit / labelsPerSecond), measuredMs: Math.round(measuredMs) };
  } finally {
    await pool.close();
  }
}
