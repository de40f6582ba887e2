/**
 * A PoET inside the node (standalone preset) or inside `smesher poet serve`: the service and its REST front end
 * with one start/stop. I/O.
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

export interface EmbeddedPoet {
  readonly service: PoetService;
  /** Base URL, set once started. */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Opens the service, starts its round loop and serves it.
 * @throws {TypeError | RangeError} on a bad schedule; the listen error (port in use); {PoetError} BAD_STATE
 */
export async function startEmbeddedPoet(options: EmbeddedPoetOptions): Promise<EmbeddedPoet> {
  const logger: Logger = options.logger ?? nullLogger;
  const service = await PoetService.open(options);
  const http = new PoetHttpServer(service, { clock: options.clock, logger });
  const url = await http.listen(options.port, options.host ?? '127.0.0.1');
  service.start();
  logger.child({ module: 'poet' }).info('PoET listening', { url, servicePubkey: service.publicKey });
  return {
    service,
    url,
    async stop() {
      await http.close();
      await service.stop();
    },
  };
}
