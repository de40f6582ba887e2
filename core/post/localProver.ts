/**
 * The in-process {@link Prover}: same requests and results as the process prover, no process boundary. Used by
 * unit and simulation tests, and wherever a child process is not wanted. I/O: through the prover service.
 * @module
 */
import type { Prover } from './prover.js';
import { createProverService } from './proverService.js';
import { PostError } from './errors.js';
import { nullLogger, type Logger } from '../util/logger.js';

export class LocalProver implements Prover {
  readonly #service;
  #closed = false;

  constructor(logger: Logger = nullLogger) {
    this.#service = createProverService(logger);
  }

  init: Prover['init'] = (request, onProgress) => (this.#closed ? closedError() : this.#service.init(request, onProgress));

  prove: Prover['prove'] = (request, onProgress) => (this.#closed ? closedError() : this.#service.prove(request, onProgress));

  pause(): Promise<void> {
    this.#service.pauseAll();
    return Promise.resolve();
  }

  resume(): Promise<void> {
    this.#service.resumeAll();
    return Promise.resolve();
  }

  cancel(): Promise<void> {
    this.#service.cancelAll();
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.#closed = true;
    this.#service.cancelAll();
    return Promise.resolve();
  }
}

function closedError(): Promise<never> {
  return Promise.reject(new PostError('CANCELLED', 'prover is closed'));
}
