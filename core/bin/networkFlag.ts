/**
 * `--network FILE` for every command that takes one (`node`, `poet serve`): reads and checks the network file, and
 * turns any problem into a usage error that names the file. I/O: reads the file.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { type NetworkDefinition, parseNetworkFile } from '../params/networkFile.js';
import { errorMessage } from '../util/errors.js';
import { UsageError } from './cli.js';

/** Reads and checks a network file for a CLI command; any problem is a usage error naming the file. */
export async function readNetworkFlag(path: string): Promise<NetworkDefinition> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new UsageError(`--network: cannot read ${path}: ${errorMessage(err)}`);
  }
  try {
    return parseNetworkFile(text);
  } catch (err) {
    throw new UsageError(`--network ${path}: ${errorMessage(err)}`);
  }
}

