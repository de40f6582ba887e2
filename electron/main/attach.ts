/**
 * The app's data folder: its own (the lock taken before anything in the folder is opened, then the app starts its
 * node), or, when a node already runs on it (`smesher node` in a terminal, say), that node's over its API
 * (docs/architecture.md §7: one node per data folder): the endpoint from the holder's lock, the token from the
 * folder. A holder the app cannot attach to (no API, another host, an API that does not answer) is an error that
 * says so in words; the app never starts a second node. I/O: files, a WebSocket.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { type RemoteService, type RemoteServiceOptions, connectRemoteService } from '../../core/api/server/remoteService.js';
import { tokenPath } from '../../core/api/server/token.js';
import { lockDataDir } from '../../core/node/dataDir.js';
import { errorMessage } from '../../core/util/errors.js';
import { type FileLock, LockError, type LockHolder } from '../../core/util/lockFile.js';

export type DataFolder =
  | { readonly kind: 'own'; readonly lock: FileLock }
  | { readonly kind: 'attached'; readonly service: RemoteService; readonly holder: LockHolder };

export interface DataFolderDeps {
  readonly connect?: (options: RemoteServiceOptions) => Promise<RemoteService>;
}

/** What the app's lock says to a second process. */
export const APP_COMMAND = 'the Smesher app';

/**
 * Takes the data folder, or attaches to the node that holds it.
 * @throws {Error} a sentence for the user when a node holds the folder and the app cannot reach it; {LockError}
 *   LOCK_FAILED when the lock cannot be taken at all
 */
export async function openDataFolder(dataDir: string, deps: DataFolderDeps = {}): Promise<DataFolder> {
  let holder: LockHolder;
  let refusal: string;
  try {
    return { kind: 'own', lock: lockDataDir(dataDir, APP_COMMAND) };
  } catch (err) {
    if (!(err instanceof LockError) || err.code !== 'LOCKED' || err.holder === undefined) throw err;
    holder = err.holder;
    refusal = err.message;
  }
  if (holder.host !== hostname()) throw new Error(`${refusal}. Smesher cannot attach to a node on another machine; stop that node, or give this app its own data folder.`);
  if (holder.api === undefined) throw new Error(`${refusal}, which serves no API the app could attach to. Stop it, or start it without --no-api, then open Smesher again.`);
  let token: string;
  try {
    token = (await readFile(tokenPath(dataDir), 'utf8')).trim();
  } catch (err) {
    throw new Error(`${refusal}, but its API token (${tokenPath(dataDir)}) cannot be read: ${errorMessage(err)}`, { cause: err });
  }
  try {
    const service = await (deps.connect ?? connectRemoteService)({ url: holder.api, token });
    return { kind: 'attached', service, holder };
  } catch (err) {
    throw new Error(`${refusal}, but its API at ${holder.api} did not answer (${errorMessage(err)}). Stop that node or wait for it to start, then open Smesher again.`, { cause: err });
  }
}
