/**
 * A fixed pool of worker threads computing label batches. Each worker holds one kernel (512·N bytes of WebAssembly
 * memory) and one task at a time, so memory is bounded by `threads × (512·N + batch)` whatever the data size.
 * I/O: worker threads.
 * @module
 */
import { Worker } from 'node:worker_threads';
import { PostError } from './errors.js';

export interface LabelTask {
  readonly id: number;
  readonly commitment: Uint8Array;
  /** First label index, as a decimal string (u64 does not fit a structured-clone number). */
  readonly start: string;
  readonly count: number;
  readonly n: number;
}

export type LabelTaskResult =
  | { readonly id: number; readonly outputs: Uint8Array; readonly error?: undefined }
  | { readonly id: number; readonly error: string };

export interface LabelPool {
  readonly threads: number;
  /** Full 32-byte outputs of labels `start .. start+count-1`. @throws {PostError} when the worker fails or the pool closes */
  compute(commitment: Uint8Array, start: bigint, count: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

const WORKER_URL = new URL('./labelsWorker.ts', import.meta.url).href;
const TSX_API_URL = import.meta.resolve('tsx/esm/api');
// Loader hooks registered programmatically (as bin/smesher.js does) are per thread, so the worker registers tsx
// itself before it loads the TypeScript entry. Absolute URLs: an eval'd worker has no module location of its own.
const WORKER_BOOT = `import(${JSON.stringify(TSX_API_URL)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(WORKER_URL)}); })`;

interface Slot {
  readonly worker: Worker;
  busy: { readonly id: number; resolve(out: Uint8Array): void; reject(err: Error): void } | undefined;
}

/** Starts `threads` workers for scrypt cost `n`. */
export function createLabelPool(threads: number, n: number): LabelPool {
  let nextId = 0;
  let closed = false;
  const queue: { task: LabelTask; resolve(out: Uint8Array): void; reject(err: Error): void }[] = [];
  const slots: Slot[] = [];

  const pump = (slot: Slot): void => {
    if (slot.busy !== undefined) return;
    const job = queue.shift();
    if (job === undefined) return;
    slot.busy = { id: job.task.id, resolve: (out) => job.resolve(out), reject: (err) => job.reject(err) };
    slot.worker.postMessage(job.task);
  };

  for (let i = 0; i < threads; i++) {
    const worker = new Worker(WORKER_BOOT, { eval: true });
    const slot: Slot = { worker, busy: undefined };
    worker.on('message', (result: LabelTaskResult) => {
      const busy = slot.busy;
      slot.busy = undefined;
      if (busy === undefined || busy.id !== result.id) return;
      if (result.error !== undefined) busy.reject(new PostError('BAD_PARAMS', result.error));
      else busy.resolve(result.outputs);
      pump(slot);
    });
    worker.on('error', (err) => {
      slot.busy?.reject(err);
      slot.busy = undefined;
    });
    slots.push(slot);
  }

  return {
    threads,
    compute(commitment, start, count) {
      if (closed) return Promise.reject(new PostError('CANCELLED', 'label pool is closed'));
      return new Promise((resolve, reject) => {
        queue.push({ task: { id: nextId++, commitment, start: start.toString(), count, n }, resolve, reject });
        const idle = slots.find((s) => s.busy === undefined);
        if (idle !== undefined) pump(idle);
      });
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new PostError('CANCELLED', 'label pool closed'));
      for (const slot of slots) {
        slot.busy?.reject(new PostError('CANCELLED', 'label pool closed'));
        slot.busy = undefined;
      }
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
