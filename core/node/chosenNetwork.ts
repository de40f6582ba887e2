/**
 * The network the node runs when its host is not told one: `<data-dir>/network.json` holds the network file of the
 * network the user joined in the app (`network.join`), and no such file means standalone. Each network keeps its own
 * folder in the data dir (`<preset>-<genesisId8>`, core/node/dataDir.ts), so switching networks never touches
 * another network's chain, identities or PoS setup; wallets stay in `<data-dir>/wallets`, shared, and unchanged.
 * Also the network's folder name and the check that the node may write there before it switches. I/O.
 * @module
 */
import { constants } from 'node:fs';
import { access, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { type NetworkDefinition, parseNetworkFile } from '../params/networkFile.js';
import { genesisId as computeGenesisId } from '../types/genesis.js';
import { writeFileAtomic } from '../util/atomicFile.js';
import { bytesToHex } from '../util/bytes.js';
import { CodedError } from '../util/errors.js';

/** The joined network's file in the data dir. */
export const CHOSEN_NETWORK_FILE = 'network.json';

export class ChosenNetworkError extends CodedError<'BAD_NETWORK_FILE' | 'NETWORK_DIR_UNWRITABLE'> {}

/**
 * The network file saved in `dataDir`, parsed, or undefined when there is none (standalone).
 * @throws {ChosenNetworkError} BAD_NETWORK_FILE when it cannot be read or parsed (the message names the file)
 */
export async function readChosenNetwork(dataDir: string): Promise<NetworkDefinition | undefined> {
  const path = join(dataDir, CHOSEN_NETWORK_FILE);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ChosenNetworkError('BAD_NETWORK_FILE', `cannot read ${path}: ${(err as Error).message}`);
  }
  try {
    return parseNetworkFile(text);
  } catch (err) {
    throw new ChosenNetworkError('BAD_NETWORK_FILE', `${path}: ${(err as Error).message} (remove it to start standalone)`);
  }
}

/** Saves the network the node now runs: its file, or none for standalone. */
export async function saveChosenNetwork(dataDir: string, network: NetworkDefinition | null): Promise<void> {
  const path = join(dataDir, CHOSEN_NETWORK_FILE);
  if (network === null) await rm(path, { force: true });
  else await writeFileAtomic(path, `${JSON.stringify(network.file, null, 2)}\n`, { mode: 0o644 });
}

/** The folder name of a network file's network in the data dir, `<preset>-<genesisId8>`, with its GenesisID. */
export function networkFolderOf(network: NetworkDefinition): { readonly folder: string; readonly genesisId: Uint8Array } {
  const genesisId = computeGenesisId({ genesisTimeMs: network.genesisTimeMs, extraData: network.preset.genesis.extraData });
  return { folder: `${network.preset.name}-${bytesToHex(genesisId).slice(0, 8)}`, genesisId };
}

async function writable(path: string): Promise<boolean> {
  return access(path, constants.W_OK).then(
    () => true,
    () => false,
  );
}

/**
 * Refuses a switch the node could not complete for lack of write access: the network's folder (and its
 * `identities/`) when it exists, else the data dir where it would be created.
 * @param folder - the network's folder name (`<preset>-<genesisId8>`), or undefined when not known yet (standalone)
 * @throws {ChosenNetworkError} NETWORK_DIR_UNWRITABLE naming the folder
 */
export async function checkNetworkWritable(dataDir: string, folder: string | undefined): Promise<void> {
  const places = [dataDir];
  if (folder !== undefined) {
    const dir = join(dataDir, folder);
    const exists = await stat(dir).then(() => true, () => false);
    if (exists) places.push(dir, join(dir, 'identities'));
  }
  for (const place of places) {
    const present = await stat(place).then(() => true, () => false);
    if (present && !(await writable(place))) {
      throw new ChosenNetworkError('NETWORK_DIR_UNWRITABLE', `this node may not write ${place}: give its user write access there, then try again`);
    }
  }
}
