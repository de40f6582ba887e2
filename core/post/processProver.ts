/**
 * The {@link Prover} in a child process (`child_process.fork` of prover.worker.ts under plain Node): PoST work
 * never blocks or crashes the node. A crash rejects the pending calls with PROVER_CRASHED and is reported through
 * `onCrash`; the next call starts a fresh child. Shutdown asks, waits up to {@link PROVER_EXIT_TIMEOUT_MS}, then
 * kills (VS Code `utilityProcess` lifecycle). I/O: a child process.
 * @module
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PostError } from './errors.js';
import type { InitSummary, Prover, ProveSummary } from './prover.js';
import { isChildMessage, type ChildMessage, type ParentMessage } from './proverProtocol.js';
import { CodedError } from '../util/errors.js';
import { nullLogger, type Logger } from '../util/logger.js';

export const PROVER_EXIT_TIMEOUT_MS = 5_000;
const ENTRY = fileURLToPath(new URL('./prover.worker.ts', import.meta.url));
const TSX_LOADER = import.meta.resolve('tsx');

export interface CrashInfo {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface ProcessProverOptions {
  readonly logger?: Logger;
  readonly onCrash?: (info: CrashInfo) => void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
  onProgress: ((progress: never) => void) | undefined;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export class ProcessProver implements Prover {
  readonly #log: Logger;
  readonly #onCrash: ((info: CrashInfo) => void) | undefined;
  #child: ChildProcess | undefined;
  #closing = false;
  #seq = 0;
  readonly #pending = new Map<number, Pending>();

  constructor(options: ProcessProverOptions = {}) {
    this.#log = (options.logger ?? nullLogger).child({ module: 'prover', serviceName: 'prover' });
    this.#onCrash = options.onCrash;
  }

  /** The child's pid while one runs (for diagnostics and tests). */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  init: Prover['init'] = (request, onProgress) => this.#call<InitSummary>({ type: 'init', request }, onProgress);

  prove: Prover['prove'] = (request, onProgress) => this.#call<ProveSummary>({ type: 'prove', request }, onProgress);

  async cancel(): Promise<void> {
    if (this.#child === undefined) return;
    await this.#call<null>({ type: 'cancel' }, undefined);
  }

  async close(): Promise<void> {
    const child = this.#child;
    if (child === undefined) return;
    this.#closing = true;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    this.#send({ seq: this.#seq++, type: 'shutdown' });
    const timer = setTimeout(() => child.kill('SIGKILL'), PROVER_EXIT_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  #start(): ChildProcess {
    if (this.#child !== undefined) return this.#child;
    this.#closing = false;
    const child = fork(ENTRY, [], { execArgv: ['--import', TSX_LOADER], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.#log.debug('prover started', { pid: child.pid });
    child.on('message', (message: unknown) => this.#onMessage(message));
    child.on('exit', (code, signal) => {
      if (this.#child === child) this.#child = undefined;
      const crashed = !this.#closing;
      const error = crashed
        ? new PostError('PROVER_CRASHED', `prover process exited unexpectedly (${signal ?? `code ${code}`})`, { code: code ?? -1, signal: signal ?? '' })
        : new PostError('CANCELLED', 'prover closed');
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
      if (crashed) {
        this.#log.warn('prover crashed', { code, signal });
        this.#onCrash?.({ code, signal });
      }
    });
    child.on('error', (err) => this.#log.error('prover process error', { err }));
    this.#child = child;
    return child;
  }

  #call<T>(message: DistributiveOmit<ParentMessage, 'seq'>, onProgress: ((progress: never) => void) | undefined): Promise<T> {
    this.#start();
    const seq = this.#seq++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(seq, { resolve: resolve, reject, onProgress });
      this.#send({ ...message, seq });
    });
  }

  #send(message: ParentMessage): void {
    const child = this.#child;
    if (child?.connected) child.send(message);
  }

  #onMessage(message: unknown): void {
    if (!isChildMessage(message)) return;
    if (message.type === 'log') {
      this.#log[message.level](message.msg, message.context);
      return;
    }
    const pending = this.#pending.get(message.seq);
    if (pending === undefined) return;
    this.#settle(message, pending);
  }

  #settle(message: Exclude<ChildMessage, { type: 'log' }>, pending: Pending): void {
    if (message.type === 'progress') {
      (pending.onProgress as ((p: unknown) => void) | undefined)?.(message.progress);
      return;
    }
    this.#pending.delete(message.seq);
    if (message.type === 'result') pending.resolve(message.value);
    else pending.reject(CodedError.fromObject(message.error));
  }
}
