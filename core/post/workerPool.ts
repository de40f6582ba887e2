/**
 * A fixed pool of worker threads running one TypeScript entry module, one task per worker at a time, results in
 * whatever order workers finish (callers keep their own order). A worker's memory is whatever its entry keeps,
 * so callers bound it by the size of a task. I/O: worker threads.
 * @module
 */
import { Worker, type TransferListItem } from 'node:worker_threads';
import { PostError, type PostErrorCode } from './errors.js';

/** What a worker entry receives: the caller's task plus a correlation id. */
export interface PoolRequest<T> {
  readonly id: number;
  readonly task: T;
}

/** What a worker entry answers. */
export type PoolResponse<R> = { readonly id: number; readonly result: R; readonly error?: undefined } | { readonly id: number; readonly error: string; readonly code?: string };

export interface WorkerPool<T, R> {
  readonly threads: number;
  /** Runs a task on the next free worker. @throws {PostError} the worker's error, or CANCELLED once closed */
  run(task: T, transfer?: readonly TransferListItem[]): Promise<R>;
  close(): Promise<void>;
}

const TSX_API_URL = import.meta.resolve('tsx/esm/api');

/** The eval'd boot script: loader hooks registered programmatically (bin/smesher.js) are per thread. */
function bootScript(entryUrl: string): string {
  return `import(${JSON.stringify(TSX_API_URL)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entryUrl)}); })`;
}

interface Job<T, R> {
  readonly request: PoolRequest<T>;
  readonly transfer: readonly TransferListItem[];
  resolve(result: R): void;
  reject(err: Error): void;
}

/**
 * Starts `threads` workers on the module at `entryUrl` (a `file:` URL of a .ts file). A worker that fails rejects
 * its task; the pool keeps its other workers.
 */
export function createWorkerPool<T, R>(entryUrl: string, threads: number): WorkerPool<T, R> {
  let nextId = 0;
  let closed = false;
  const queue: Job<T, R>[] = [];
  const slots: { worker: Worker; busy: Job<T, R> | undefined }[] = [];

  const pump = (slot: (typeof slots)[number]): void => {
    if (slot.busy !== undefined || closed) return;
    const job = queue.shift();
    if (job === undefined) return;
    slot.busy = job;
    slot.worker.postMessage(job.request, job.transfer);
  };

  for (let i = 0; i < threads; i++) {
    const worker = new Worker(bootScript(entryUrl), { eval: true });
    const slot = { worker, busy: undefined as Job<T, R> | undefined };
    worker.on('message', (response: PoolResponse<R>) => {
      const job = slot.busy;
      slot.busy = undefined;
      if (job !== undefined && job.request.id === response.id) {
        if (response.error !== undefined) job.reject(new PostError((response.code ?? 'BAD_PARAMS') as PostErrorCode, response.error));
        else job.resolve(response.result);
      }
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
    run(task, transfer = []) {
      if (closed) return Promise.reject(new PostError('CANCELLED', 'worker pool is closed'));
      return new Promise<R>((resolve, reject) => {
        queue.push({ request: { id: nextId++, task }, transfer, resolve, reject });
        const idle = slots.find((s) => s.busy === undefined);
        if (idle !== undefined) pump(idle);
      });
    },
    async close() {
      closed = true;
      const cancelled = new PostError('CANCELLED', 'worker pool closed');
      for (const job of queue.splice(0)) job.reject(cancelled);
      for (const slot of slots) {
        slot.busy?.reject(cancelled);
        slot.busy = undefined;
      }
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}

/** Serves a worker entry: answers each request with `handle(task)` or its error. Call once from the entry module. */
export function serveWorker<T, R>(port: { on(event: 'message', fn: (msg: PoolRequest<T>) => void): unknown; postMessage(msg: PoolResponse<R>, transfer?: readonly TransferListItem[]): void }, handle: (task: T) => { result: R; transfer?: readonly TransferListItem[] }): void {
  port.on('message', (request) => {
    try {
      const { result, transfer } = handle(request.task);
      port.postMessage({ id: request.id, result }, transfer ?? []);
    } catch (err) {
      const code = typeof (err as { code?: unknown }).code === 'string' ? (err as { code: string }).code : undefined;
      port.postMessage({ id: request.id, error: (err as Error).message, ...(code === undefined ? {} : { code }) });
    }
  });
}
