/**
 * Worker-thread entry for a round's sequential work (roundRunner.ts starts it): runs {@link doRoundWork} with the
 * parameters in `workerData`, stops when the parent says the round is over (`end`) or the service is stopping
 * (`abort`), and answers with the proof and the CPU time this thread used (the node's footprint figures count the
 * PoET's share apart; the thread is gone once the answer is sent). The work loop yields between slices, so these messages arrive. I/O.
 * @module
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CodedError } from '../util/errors.js';
import { threadCpuMs } from '../util/procStat.js';
import { type RoundWorkParams, doRoundWork } from './roundWork.js';
import type { RoundWorkerMessage, RoundWorkerReply } from './roundRunner.js';

const port = parentPort;
if (port === null) throw new Error('roundWork.worker.ts must run in a worker thread');

let over = false;
const abort = new AbortController();
port.on('message', (message: RoundWorkerMessage) => {
  if (message === 'end') over = true;
  else abort.abort(new Error('aborted'));
});

const reply = (message: RoundWorkerReply): void => port.postMessage(message);
doRoundWork(workerData as RoundWorkParams, { isOver: () => over, signal: abort.signal }).then(
  (proof) => reply({ type: 'done', proof, cpuMs: threadCpuMs() }),
  (err: unknown) => {
    if (abort.signal.aborted) return reply({ type: 'aborted' });
    const error = err instanceof CodedError ? err.toObject() : { code: 'INTERNAL', message: (err as Error).message };
    reply({ type: 'error', error });
  },
).finally(() => port.close());
