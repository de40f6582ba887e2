/**
 * Where a round's sequential work runs: in a worker thread (the default, so a PoET embedded in the node never
 * competes with consensus and the API for the main thread) or in process (tests, and hosts without worker support).
 * Both run {@link doRoundWork}; the round's end is always decided here, on the service's injected Clock, so fake
 * clocks drive either. I/O: worker threads.
 * @module
 */
import { Worker } from 'node:worker_threads';
import { type Clock, abortReason } from '../util/clock.js';
import { CodedError, type CodedErrorObject } from '../util/errors.js';
import type { PoswProof } from './proof.js';
import { type RoundWorkParams, doRoundWork } from './roundWork.js';
import { endsAt } from './work.js';

/** Parent → worker. */
export type RoundWorkerMessage = 'end' | 'abort';
/** Worker → parent. */
export type RoundWorkerReply =
  | { readonly type: 'done'; readonly proof: PoswProof; readonly cpuMs: number | undefined }
  | { readonly type: 'aborted' }
  | { readonly type: 'error'; readonly error: CodedErrorObject };

export interface RoundRunContext {
  readonly clock: Clock;
  /** The round's end (ms). */
  readonly endMs: number;
  readonly signal: AbortSignal;
}

/** A round's proof and, where the runner can tell, the CPU time its work took (ms). */
export interface RoundRunResult {
  readonly proof: PoswProof;
  readonly cpuMs: number | undefined;
}

/** Runs one round's work to its proof. */
export interface RoundRunner {
  /** @throws the signal's reason when aborted (after a checkpoint); the work's error otherwise */
  run(params: RoundWorkParams, context: RoundRunContext): Promise<RoundRunResult>;
}

/** The work on the caller's thread, in slices (work.ts); its CPU time is mixed with the thread's other work. */
export const inlineRoundRunner: RoundRunner = {
  run: async (params, { clock, endMs, signal }) => ({
    proof: await doRoundWork(params, { isOver: endsAt(clock, endMs), signal }),
    cpuMs: undefined,
  }),
};

const TSX_API_URL = import.meta.resolve('tsx/esm/api');
const ENTRY_URL = new URL('./roundWork.worker.ts', import.meta.url).href;

/** Loader hooks registered through tsx's API (bin/smesher.js) are per thread, so the worker registers its own. */
const BOOT = `import(${JSON.stringify(TSX_API_URL)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(ENTRY_URL)}); })`;

/** The work in a worker thread; the parent tells it when the round is over or the service stops. */
export const workerRoundRunner: RoundRunner = {
  run(params, { clock, endMs, signal }) {
    return new Promise<RoundRunResult>((resolve, reject) => {
      const worker = new Worker(BOOT, { eval: true, workerData: params });
      let settled = false;
      const finish = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        fn();
      };
      const onAbort = (): void => worker.postMessage('abort' satisfies RoundWorkerMessage);
      signal.addEventListener('abort', onAbort, { once: true });
      if (signal.aborted) onAbort();
      clock.sleepUntil(endMs, signal).then(
        () => worker.postMessage('end' satisfies RoundWorkerMessage),
        () => {},
      );
      worker.on('message', (reply: RoundWorkerReply) => {
        if (reply.type === 'done') finish(() => resolve({ proof: reply.proof, cpuMs: reply.cpuMs }));
        else if (reply.type === 'aborted') finish(() => reject(abortReason(signal)));
        else finish(() => reject(CodedError.fromObject(reply.error)));
      });
      worker.on('error', (err) => finish(() => reject(err)));
      worker.on('exit', (code) => finish(() => reject(new Error(`round worker exited (${code}) without an answer`))));
    });
  },
};
