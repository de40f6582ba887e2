/**
 * Label computation on a worker-thread pool. Each worker holds one kernel (512·N bytes of WebAssembly memory) and
 * one batch at a time, so memory is bounded by `threads × (512·N + batch)` whatever the data size. I/O: threads.
 * @module
 */
import { createWorkerPool } from './workerPool.js';

export interface LabelTask {
  readonly commitment: Uint8Array;
  /** First label index, as a decimal string (structured clone keeps bigints, but strings read better in logs). */
  readonly start: string;
  readonly count: number;
  readonly n: number;
}

export interface LabelPool {
  readonly threads: number;
  /** Full 32-byte outputs of labels `start .. start+count-1`. @throws {PostError} when a worker fails or the pool closes */
  compute(commitment: Uint8Array, start: bigint, count: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

const ENTRY = new URL('./labels.worker.ts', import.meta.url).href;

/** Starts `threads` label workers for scrypt cost `n`. */
export function createLabelPool(threads: number, n: number): LabelPool {
  const pool = createWorkerPool<LabelTask, Uint8Array>(ENTRY, threads);
  return {
    threads,
    compute: (commitment, start, count) => pool.run({ commitment, start: start.toString(), count, n }),
    close: () => pool.close(),
  };
}
