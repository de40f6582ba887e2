/**
 * The parent side of the prover wire protocol (proverProtocol.ts), whatever kind of child runs the prover: a
 * `child_process.fork` under plain Node ({@link ProcessProver}) or an Electron `utilityProcess`. PoST work never
 * blocks or crashes the node. A crash rejects the pending calls with PROVER_CRASHED and is reported through
 * `onCrash`; the next call starts a fresh child. Shutdown asks, waits up to {@link PROVER_EXIT_TIMEOUT_MS}, then
 * kills (VS Code `utilityProcess` lifecycle). The child comes from an injected `spawn`. I/O: a child process.
 * @module
 */
import { PostError } from './errors.js';
import type { InitSummary, Prover, ProveSummary } from './prover.js';
import { type ChildMessage, type ParentMessage, isChildMessage } from './proverProtocol.js';
import { CodedError } from '../util/errors.js';
import { nullLogger, type Logger } from '../util/logger.js';

export const PROVER_EXIT_TIMEOUT_MS = 5_000;

export interface CrashInfo {
  readonly code: number | null;
  readonly signal: string | null;
}

/** What the prover needs of a child process, whichever API started it. */
export interface ProverChild {
  readonly pid: number | undefined;
  send(message: ParentMessage): void;
  kill(): void;
  onMessage(listener: (message: unknown) => void): void;
  onExit(listener: (info: CrashInfo) => void): void;
}

export interface ChildProverOptions {
  readonly spawn: () => ProverChild;
  /** Names the child in every log line (VS Code's serviceName). */
  readonly serviceName: string;
  readonly logger?: Logger;
  readonly onCrash?: (info: CrashInfo) => void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(err: Error): void;
  onProgress: ((progress: unknown) => void) | undefined;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

export class ChildProver implements Prover {
  readonly #options: ChildProverOptions;
  readonly #log: Logger;
  readonly #pending = new Map<number, Pending>();
  #child: ProverChild | undefined;
  #closing = false;
  #paused = false;
  #seq = 0;

  constructor(options: ChildProverOptions) {
    this.#options = options;
    this.#log = (options.logger ?? nullLogger).child({ module: 'prover', serviceName: options.serviceName });
  }

  /** The child's pid while one runs (for diagnostics and tests). */
  get pid(): number | undefined {
    return this.#child?.pid;
  }

  init: Prover['init'] = (request, onProgress) =>
    this.#call<InitSummary>({ type: 'init', request }, onProgress as Pending['onProgress']);

  prove: Prover['prove'] = (request, onProgress) =>
    this.#call<ProveSummary>({ type: 'prove', request }, onProgress as Pending['onProgress']);

  /** Pauses the child's jobs; a child started later (after a crash) starts paused too. */
  async pause(): Promise<void> {
    this.#paused = true;
    if (this.#child !== undefined) await this.#call<null>({ type: 'pause' }, undefined);
  }

  async resume(): Promise<void> {
    this.#paused = false;
    if (this.#child !== undefined) await this.#call<null>({ type: 'resume' }, undefined);
  }

  async cancel(): Promise<void> {
    if (this.#child === undefined) return;
    await this.#call<null>({ type: 'cancel' }, undefined);
  }

  async close(): Promise<void> {
    const child = this.#child;
    if (child === undefined) return;
    this.#closing = true;
    const exited = new Promise<void>((resolve) => child.onExit(() => resolve()));
    child.send({ seq: this.#seq++, type: 'shutdown' });
    const timer = setTimeout(() => child.kill(), PROVER_EXIT_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }

  #start(): ProverChild {
    if (this.#child !== undefined) return this.#child;
    this.#closing = false;
    const child = this.#options.spawn();
    const log = this.#log.child({ pid: child.pid ?? null });
    log.debug('prover started');
    child.onMessage((message) => this.#onMessage(message, log));
    child.onExit((info) => {
      if (this.#child === child) this.#child = undefined;
      const crashed = !this.#closing;
      const error = crashed
        ? new PostError('PROVER_CRASHED', `prover process exited unexpectedly (${info.signal ?? `code ${info.code}`})`, {
            code: info.code ?? -1,
            signal: info.signal ?? '',
          })
        : new PostError('CANCELLED', 'prover closed');
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
      if (crashed) {
        log.warn('prover crashed', { code: info.code, signal: info.signal });
        this.#options.onCrash?.(info);
      }
    });
    this.#child = child;
    // Messages are handled in order, so jobs sent after this one start paused.
    if (this.#paused) child.send({ seq: this.#seq++, type: 'pause' });
    return child;
  }

  #call<T>(message: DistributiveOmit<ParentMessage, 'seq'>, onProgress: Pending['onProgress']): Promise<T> {
    const child = this.#start();
    const seq = this.#seq++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(seq, { resolve, reject, onProgress });
      child.send({ ...message, seq });
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
