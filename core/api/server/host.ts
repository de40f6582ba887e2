/**
 * The API host around a running node, shared by `smesher node` and the Electron main process: a read connection to
 * the node's state.sql for account state, the node's run-time smeshing controls, the API service, the WebSocket/HTTP
 * server with the data dir's token, and the endpoint file other local programs find it by. With a `restart`, the
 * host can move the node to another network (`network.join`): it checks the data dir may be written, closes the
 * node, starts one on the new network behind the same listener and token (core/api/service/switchable.ts), saves
 * the choice for later starts (core/node/chosenNetwork.ts), and brings the old network back if the new one fails to
 * start. I/O.
 * @module
 */
import { join } from 'node:path';
import { type Executor, STATE_SCHEMA, openDatabase } from '../../db/index.js';
import { checkNetworkWritable, networkFolderOf, saveChosenNetwork } from '../../node/chosenNetwork.js';
import type { SmesherNode } from '../../node/node.js';
import type { NetworkDefinition } from '../../params/networkFile.js';
import type { Clock } from '../../util/clock.js';
import type { FileLock } from '../../util/lockFile.js';
import type { Logger } from '../../util/logger.js';
import { type Endpoint, removeEndpoint, writeEndpoint } from './endpoint.js';
import type { NetworkChoiceInfo, NodeStatus } from '../contract/contract.js';
import type { ApiDeps, LogSource, NetworkSwitch, SmeshingControl } from '../service/interface.js';
import { type ApiService, createApiService } from '../service/service.js';
import { type SwitchableService, switchableService } from '../service/switchable.js';
import { bytesToHex } from '../../util/bytes.js';
import { CodedError } from '../../util/errors.js';
import { nodeAccounts } from '../service/nodeAccounts.js';
import { loadOrCreateToken } from './token.js';
import { type ApiServer, startApiServer } from './wsServer.js';

export class NetworkStartError extends CodedError<'NETWORK_START_FAILED'> {}

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
  /** The network file the node runs, or null (the default) for a preset on its own. */
  readonly network?: NetworkDefinition | null;
  /**
   * Starts a node on another network (a network file's, or standalone for null) in the same data dir, for
   * `network.join`; without it the method answers NOT_AVAILABLE. Only one node runs at a time: the host closes the
   * old one first.
   */
  readonly restart?: (network: NetworkDefinition | null) => Promise<SmesherNode>;
}

export interface NodeHost {
  /** The service the transports hold; it stays the same when the node restarts on another network. */
  readonly service: SwitchableService;
  /** The node running now (another one after a `network.join`). */
  node(): SmesherNode;
  /** The listener, when one was asked for. */
  readonly server: ApiServer | undefined;
  /** Stops the listener and the service, closes the read connection. The node ({@link NodeHost.node}) is the caller's to close. */
  close(): Promise<void>;
}

/**
 * Starts the host.
 * @throws {DatabaseError} when state.sql cannot be opened; the listen error (port in use)
 */
export async function startNodeHost(options: NodeHostOptions): Promise<NodeHost> {
  const { dataDir } = options;
  let network = options.network ?? null;
  // `join` runs only after the host is up, so `served` and `service` below are set by then.
  const switcher: NetworkSwitch | undefined = options.restart === undefined ? undefined : { current: () => network, join: (target) => join(target) };
  let served = serveNode(options, options.node, network, switcher);
  const service = switchableService(served.service);
  async function join(target: NetworkDefinition | null): Promise<NetworkChoiceInfo> {
    const restart = options.restart!;
    // Checked before anything stops: a refusal changes nothing.
    await checkNetworkWritable(dataDir, target === null ? undefined : networkFolderOf(target).folder);
    let failure: Error | undefined;
    await service.switchTo(async () => {
      const previous = network;
      served.close();
      await served.node.close();
      let node: SmesherNode;
      try {
        node = await restart(target);
        network = target;
      } catch (err) {
        // Returned to the caller below (log it or return it, not both); the stack is for developers.
        failure = err instanceof Error ? err : new Error(String(err));
        options.logger.child({ module: 'host' }).debug('node start on the new network failed', { err });
        node = await restart(previous);
      }
      served = serveNode(options, node, network, switcher);
      return served.service;
    });
    // Every window learns at once that the node (and with it the network) changed, not at the next identity change.
    const status = await service.dispatch('node.status', {});
    if (status.ok) service.emit('status', status.value as NodeStatus);
    if (failure !== undefined) {
      const where = target === null ? 'standalone' : `the network "${target.name}"`;
      throw new NetworkStartError('NETWORK_START_FAILED', `the node could not start on ${where} (${failure.message}); it runs the network it ran before`);
    }
    await saveChosenNetwork(dataDir, network);
    return choiceInfo(served.node, network);
  }
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
    served.close();
    throw err;
  }
  return {
    service,
    node: () => served.node,
    server,
    async close() {
      if (server !== undefined) {
        options.lock?.setApi(undefined);
        if (endpoint !== undefined) await removeEndpoint(dataDir, endpoint);
        await server.close();
      }
      service.close();
      served.close();
    },
  };
}

interface ServedNode {
  readonly node: SmesherNode;
  readonly service: ApiService;
  /** Closes the service and the read connection (not the node). */
  close(): void;
}

/** The API service over one node, with its own read connection to the node's state.sql. */
function serveNode(options: NodeHostOptions, node: SmesherNode, network: NetworkDefinition | null, networks: NetworkSwitch | undefined): ServedNode {
  // A read connection of our own: SQLite in WAL mode lets it read while the node writes, and API reads never wait
  // behind the node's write transactions.
  const state: Executor = openDatabase(join(node.networkDir, 'state.sql'), STATE_SCHEMA);
  const smeshing = node === options.node ? (options.smeshing ?? node.smeshing) : node.smeshing;
  const service = createApiService({
    node,
    dataDir: options.dataDir,
    clock: options.clock,
    logger: options.logger,
    version: options.version,
    accounts: nodeAccounts(node, state),
    ...(options.logs === undefined ? {} : { logs: options.logs }),
    // The node's own controller unless the host brings another (tests); a stand-in node may have none.
    ...(smeshing === undefined ? {} : { smeshing }),
    ...(options.keystore === undefined ? {} : { keystore: options.keystore }),
    ...(network === null ? {} : { networkName: network.name }),
    ...(networks === undefined ? {} : { networks }),
  });
  return {
    node,
    service,
    close() {
      service.close();
      state.close();
    },
  };
}

function choiceInfo(node: SmesherNode, network: NetworkDefinition | null): NetworkChoiceInfo {
  const genesisId = bytesToHex(node.genesisId);
  return {
    name: network?.name ?? node.preset.name,
    preset: node.preset.name,
    genesisId,
    genesisTimeMs: node.genesisTimeMs,
    folder: `${node.preset.name}-${genesisId.slice(0, 8)}`,
  };
}
