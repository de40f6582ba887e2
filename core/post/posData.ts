/**
 * Deleting PoS data on the user's request: only the files PoST writes (`postdata_N.bin`, `postdata_metadata.json`)
 * in exactly the folder named, never a folder an identity of the running node uses, never anything else. I/O.
 * @module
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PostError } from './errors.js';
import { METADATA_FILE_NAME } from './metadata.js';

const POS_FILE_RE = /^postdata_\d+\.bin$/;

/**
 * Removes the PoS files in `postDir` and returns how many there were.
 * @throws {PostError} BAD_PARAMS when the folder does not exist, is not a folder, or is in use
 */
export async function deletePosData(postDir: string, inUse: readonly string[]): Promise<number> {
  const dir = resolve(postDir);
  if (inUse.some((p) => resolve(p) === dir)) {
    throw new PostError('BAD_PARAMS', `${dir} holds the data of a running identity; stop smeshing first`);
  }
  const info = await stat(dir).catch(() => null);
  if (info === null || !info.isDirectory()) throw new PostError('BAD_PARAMS', `${dir} is not a folder`);
  const files = (await readdir(dir)).filter((name) => POS_FILE_RE.test(name) || name === METADATA_FILE_NAME);
  for (const name of files) await rm(join(dir, name), { force: true });
  return files.length;
}
