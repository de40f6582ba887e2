/**
 * The Prover in an Electron `utilityProcess` (docs/conventions.md §7): core/post/childProver.ts's protocol and lifecycle
 * (a service name and the child's pid on every log line, PROVER_CRASHED and `onCrash` on a crash, a fresh child
 * on the next call, ask-wait-kill on shutdown) with Electron's child. `fork` is injected (`utilityProcess.fork` in
 * the app, a double in tests). I/O: a child process.
 * @module
 */
import { ChildProver } from '../../core/post/childProver.js';
import type { Logger } from '../../core/util/logger.js';

/** The slice of Electron's `UtilityProcess` used here. */
export interface UtilityChild {
  readonly pid: number | undefined;
  postMessage(message: unknown): void;
  kill(): boolean;
  on(event: 'message', listener: (message: unknown) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  once(event: 'exit', listener: (code: number) => void): unknown;
}

export type UtilityFork = (modulePath: string, args: string[], options: { serviceName: string; stdio: 'inherit' }) => UtilityChild;

export interface UtilityProverOptions {
  readonly fork: UtilityFork;
  /** The child's entry script (electron/utility/bootstrap.js, which loads prover.worker.ts). */
  readonly entry: string;
  readonly logger?: Logger;
  readonly onCrash?: (info: { code: number }) => void;
}

export const PROVER_SERVICE_NAME = 'smesher-prover';

/** A {@link ChildProver} whose child is a `utilityProcess` (injected `fork`). */
export class UtilityProver extends ChildProver {
  constructor(options: UtilityProverOptions) {
    super({
      serviceName: PROVER_SERVICE_NAME,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
      ...(options.onCrash === undefined ? {} : { onCrash: ({ code }) => options.onCrash?.({ code: code ?? -1 }) }),
      spawn: () => {
        const child = options.fork(options.entry, [], { serviceName: PROVER_SERVICE_NAME, stdio: 'inherit' });
        return {
          pid: child.pid,
          send: (message) => child.postMessage(message),
          kill: () => void child.kill(),
          onMessage: (listener) => void child.on('message', listener),
          onExit: (listener) => void child.once('exit', (code) => listener({ code, signal: null })),
        };
      },
    });
  }
}
