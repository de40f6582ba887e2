/**
 * A PoET inside the node (standalone preset) or inside `smesher poet serve`: the service and its REST front end
 * behind one start/stop. I/O.
 * @module
 */
import { type Logger, nullLogger } from '../util/logger.js';
import { PoetHttpServer } from './http.js';
import { PoetService, type PoetServiceOptions } from './service.js';

export interface EmbeddedPoetOptions extends PoetServiceOptions {
  /** Port to listen on; 0 picks a free one. */
  readonly port: number;
  /** Address to bind; 127.0.0.1 unless other machines must reach it. */
  readonly host?: string;
}

/** A PoET service plus its REST server, started and stopped together. */
export class EmbeddedPoet {
  private running: { service: PoetService; http: PoetHttpServer; url: string } | undefined;

  constructor(private readonly options: EmbeddedPoetOptions) {}

  /** The service, once started. @throws {Error} before {@link start} */
  get service(): PoetService {
    if (this.running === undefined) throw new Error('the embedded PoET is not started');
    return this.running.service;
  }

  /** Base URL (`http://127.0.0.1:PORT`), once started. @throws {Error} before {@link start} */
  get url(): string {
    if (this.running === undefined) throw new Error('the embedded PoET is not started');
    return this.running.url;
  }

  /**
   * Opens the data directory, starts serving and starts the round loop (a round cut short by the last stop
   * continues). Idempotent.
   * @returns the base URL
   * @throws {TypeError | RangeError} on a bad schedule; the listen error (port in use); {PoetError} BAD_STATE
   */
  async start(): Promise<string> {
    if (this.running !== undefined) return this.running.url;
    const logger: Logger = this.options.logger ?? nullLogger;
    const service = await PoetService.open(this.options);
    const http = new PoetHttpServer(service, { clock: this.options.clock, logger });
    const url = await http.listen(this.options.port, this.options.host ?? '127.0.0.1');
    service.start();
    this.running = { service, http, url };
    logger.child({ module: 'poet' }).info('PoET listening', { url, servicePubkey: service.publicKey });
    return url;
  }

  /** Stops serving, then stops the round loop after it checkpoints the running round. Idempotent. */
  async stop(): Promise<void> {
    const running = this.running;
    if (running === undefined) return;
    this.running = undefined;
    await running.http.close();
    await running.service.stop();
  }
}

/**
 * Creates and starts an {@link EmbeddedPoet}.
 * @throws as {@link EmbeddedPoet.start}
 */
export async function startEmbeddedPoet(options: EmbeddedPoetOptions): Promise<EmbeddedPoet> {
  const poet = new EmbeddedPoet(options);
  await poet.start();
  return poet;
}
