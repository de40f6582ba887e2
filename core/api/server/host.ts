/**
 * The API host around a running node, shared by `smesher node` and the Electron main process: a read connection to
 * the node's state.sql for account state, the node's run-time smeshing controls, the API service, the WebSocket/HTTP
 * server with the data dir's token, and the endpoint file other local programs find it by. I/O.
 * @module
 */
import { join } from 'node:path';
import { type Executor, STATE_SCHEMA, openDatabase } from '../../db/index.js';
import type { SmesherNode } from '../../node/node.js';
import type { Clock } from '../../util/clock.js';
import type { FileLock } from '../../util/lockFile.js';
import type { Logger } from '../../util/logger.js';
import { type Endpoint, removeEndpoint, writeEndpoint } from './endpoint.js';
import type { ApiDeps, LogSource, SmeshingControl } from '../service/interface.js';
import { type ApiService, createApiService } from '../service/service.js';
import { nodeAccounts } from '../service/nodeAccounts.js';
import { loadOrCreateToken } from './token.js';
import { type ApiServer, startApiServer } from './wsServer.js';

/** The port `smesher node` and the app listen on unless told otherwise. */
export const DEFAULT_API_PORT = 9171;

export interface NodeHostOptions {
  readonly node: SmesherNode;
  readonly dataDir: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly version: string;
  readonly logs?: LogSource;
  /** Run-time smeshing control; default: the node's (`node.smeshing`). */
  readonly smeshing?: SmeshingControl;
  /** Listen address and port; `false` runs the service without a network listener (Electron IPC only). */
  readonly listen: { readonly host: string; readonly port: number; readonly rendererDir?: string } | false;
  readonly keystore?: ApiDeps['keystore'];
  /** The data folder's lock, which then records the API address (a second process's refusal names it). */
  readonly lock?: FileLock;
}

export interface NodeHost {
  readonly service: ApiService;
  /** The listener, when one was asked for. */
  readonly server: ApiServer | undefined;
  /** Stops the listener and the service, closes the read connection. The node is the caller's to close. */
  close(): Promise<void>;
}

/**
 * Starts the host.
 * @throws {DatabaseError} when state.sql cannot be opened; the listen error (port in use)
 */
export async function startNodeHost(options: NodeHostOptions): Promise<NodeHost> {
  const { node, dataDir } = options;
  // A read connection of our own: SQLite in WAL mode lets it read while the node writes, and API reads never wait
  // behind the node's write transactions.
  const state: Executor = openDatabase(join(node.networkDir, 'state.sql'), STATE_SCHEMA);
  const service = createApiService({
    node,
    dataDir,
    clock: options.clock,
    logger: options.logger,
    version: options.version,
    accounts: nodeAccounts(node, state),
    ...(options.logs === undefined ? {} : { logs: options.logs }),
    // The node's own controller unless the host brings another (tests); a stand-in node may have none.
    ...((options.smeshing ?? node.smeshing) === undefined ? {} : { smeshing: options.smeshing ?? node.smeshing }),
    ...(options.keystore === undefined ? {} : { keystore: options.keystore }),
  });
  let server: ApiServer | undefined;
  let endpoint: Endpoint | undefined;
  try {
    if (options.listen !== false) {
      server = await startApiServer({
        service,
        token: await loadOrCreateToken(dataDir),
        host: options.listen.host,
        port: options.listen.port,
        ...(options.listen.rendererDir === undefined ? {} : { rendererDir: options.listen.rendererDir }),
        logger: options.logger,
      });
      endpoint = { url: server.url, pid: process.pid };
      await writeEndpoint(dataDir, endpoint);
      options.lock?.setApi(server.url);
    }
  } catch (err) {
    await server?.close();
    service.close();
    state.close();
    throw err;
  }
  return {
    service,
    server,
    async close() {
      if (server !== undefined) {
        options.lock?.setApi(undefined);
        if (endpoint !== undefined) await removeEndpoint(dataDir, endpoint);
        await server.close();
      }
      service.close();
      state.close();
    },
  };
}
