/**
 * The {@link Prover} in an Electron `utilityProcess` (STYLE.md §5.5): the same wire protocol as the plain-Node
 * ProcessProver (core/post/proverProtocol.ts), so PoST init and proving never block or crash the main process.
 * Lifecycle as VS Code's utilityProcess wrapper: a service name and the child's pid on every log line; a crash
 * rejects the pending calls with PROVER_CRASHED and is reported through `onCrash`; the next call starts a fresh
 * child; shutdown asks, waits up to {@link PROVER_EXIT_TIMEOUT_MS}, then kills. `fork` is injected
 * (`utilityProcess.fork` in the app, a double in tests). I/O: a child process.
 * @module
 */
import { PostError } from '../../core/post/errors.js';
import { PROVER_EXIT_TIMEOUT_MS } from '../../core/post/processProver.js';
import type { InitSummary, Prover, ProveSummary } from '../../core/post/prover.js';
import { type ChildMessage, type ParentMessage, isChildMessage } from '../../core/post/proverProtocol.js';
import { CodedError } from '../../core/util/errors.js';
import { nullLogger, type Logger } from '../../core/util/logger.js';

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
  /** The child's entry script (electron/utility/bootstrap.mjs). */
  readonly entry: string;
  readonly logger?: Logger;
  readonly onCrash?: (info: { code: number }) => void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
  onProgress: ((progress: unknown) => void) | undefined;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export const PROVER_SERVICE_NAME = 'smesher-prover';

export class UtilityProver implements Prover {
  readonly #options: UtilityProverOptions;
  readonly #log: Logger;
  readonly #pending = new Map<number, Pending>();
  #child: UtilityChild | undefined;
  #closing = false;
  #seq = 0;

  constructor(options: UtilityProverOptions) {
    this.#options = options;
    this.#log = (options.logger ?? nullLogger).child({ module: 'prover', serviceName: PROVER_SERVICE_NAME });
  }

  get pid(): number | undefined {
    return this.#child?.pid;
  }

  init: Prover['init'] = (request, onProgress) => this.#call<InitSummary>({ type: 'init', request }, onProgress as Pending['onProgress']);

  prove: Prover['prove'] = (request, onProgress) => this.#call<ProveSummary>({ type: 'prove', request }, onProgress as Pending['onProgress']);

  async cancel(): Promise<void> {
    if (this.#child === undefined) return;
    await this.#call<null>({ type: 'cancel' }, undefined);
  }

  async close(): Promise<void> {
    const child = this.#child;
    if (child === undefined) return;
    this.#closing = true;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.postMessage({ seq: this.#seq++, type: 'shutdown' } satisfies ParentMessage);
    const timer = setTimeout(() => child.kill(), PROVER_EXIT_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  #start(): UtilityChild {
    if (this.#child !== undefined) return this.#child;
    this.#closing = false;
    const child = this.#options.fork(this.#options.entry, [], { serviceName: PROVER_SERVICE_NAME, stdio: 'inherit' });
    const log = this.#log.child({ pid: child.pid ?? null });
    log.debug('prover started');
    child.on('message', (message) => this.#onMessage(message, log));
    child.on('exit', (code) => {
      if (this.#child === child) this.#child = undefined;
      const crashed = !this.#closing;
      const error = crashed
        ? new PostError('PROVER_CRASHED', `prover process exited unexpectedly (code ${code})`, { code })
        : new PostError('CANCELLED', 'prover closed');
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
      if (crashed) {
        log.warn('prover crashed', { code });
        this.#options.onCrash?.({ code });
      }
    });
    this.#child = child;
    return child;
  }

  #call<T>(message: DistributiveOmit<ParentMessage, 'seq'>, onProgress: Pending['onProgress']): Promise<T> {
    const child = this.#start();
    const seq = this.#seq++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(seq, { resolve, reject, onProgress });
      child.postMessage({ ...message, seq });
    });
  }

  #onMessage(message: unknown, log: Logger): void {
    if (!isChildMessage(message)) return;
    if (message.type === 'log') {
      log[message.level](message.msg, message.context);
      return;
    }
    const pending = this.#pending.get(message.seq);
    if (pending !== undefined) this.#settle(message, pending);
  }

  #settle(message: Exclude<ChildMessage, { type: 'log' }>, pending: Pending): void {
    if (message.type === 'progress') {
      pending.onProgress?.(message.progress);
      return;
    }
    this.#pending.delete(message.seq);
    if (message.type === 'result') pending.resolve(message.value);
    else pending.reject(CodedError.fromObject(message.error));
  }
}
