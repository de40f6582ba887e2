/**
 * The {@link Prover} in a child process under plain Node: `child_process.fork` of prover.worker.ts through
 * {@link ChildProver}, which owns the protocol and the crash/shutdown lifecycle. I/O: a child process.
 * @module
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ChildProver, type CrashInfo, type ProverChild } from './childProver.js';
import type { Logger } from '../util/logger.js';

export { type CrashInfo, PROVER_EXIT_TIMEOUT_MS } from './childProver.js';

const ENTRY = fileURLToPath(new URL('./prover.worker.ts', import.meta.url));
const TSX_LOADER = import.meta.resolve('tsx');

export interface ProcessProverOptions {
  readonly logger?: Logger;
  readonly onCrash?: (info: CrashInfo) => void;
}

function forkWorker(): ProverChild {
  const child = fork(ENTRY, [], { execArgv: ['--import', TSX_LOADER], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  // A failed spawn (EAGAIN, ENOMEM) may emit 'error' without 'exit': report whichever comes first, once.
  const exited = new Promise<CrashInfo>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', (err) => resolve({ code: null, signal: `spawn failed: ${err.message}` }));
  });
  return {
    pid: child.pid,
    send: (message) => {
      if (child.connected) child.send(message);
    },
    kill: () => child.kill('SIGKILL'),
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => void exited.then(listener),
  };
}

export class ProcessProver extends ChildProver {
  constructor(options: ProcessProverOptions = {}) {
    super({ ...options, spawn: forkWorker, serviceName: 'prover' });
  }
}
