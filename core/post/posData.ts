/**
 * The PoS folder as one process's own: its lock (`<folder>/smesher.lock`, core/util/lockFile.ts), which the smeshing
 * controller holds for each identity's folder and `smesher post init | prove` for theirs; and deleting PoS data on
 * the user's request: only the files PoST writes (`postdata_N.bin`, `postdata_metadata.json`) in exactly the folder
 * named, never a folder an identity of the running node uses (compared as the same directory on disk, so a symlink
 * or another spelling of the path is caught), never one another process holds, never anything else. I/O.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { readdir, realpath, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { type FileLock, LockError, acquireLock } from '../util/lockFile.js';
import { PostError } from './errors.js';
import { METADATA_FILE_NAME } from './metadata.js';

const POS_FILE_RE = /^postdata_\d+\.bin$/;

/** The lock file in a PoS folder. post-rs/postcli ignore it; it is not PoS data and deleting data leaves it. */
export const POS_LOCK_FILE = 'smesher.lock';

/**
 * Takes the lock of a PoS folder (creating the folder).
 * @param command - who takes it, in words (`smesher post init`), shown to a process that is refused
 * @throws {LockError} LOCKED with a one-line message naming the holder; LOCK_FAILED
 */
export function lockPosDir(dir: string, command: string): FileLock {
  const path = resolve(dir);
  try {
    mkdirSync(path, { recursive: true });
  } catch (err) {
    throw new LockError('LOCK_FAILED', `cannot create the PoS folder ${path}: ${(err as Error).message}`);
  }
  return acquireLock(join(path, POS_LOCK_FILE), { command, what: `the PoS folder ${path}` });
}

/**
 * Removes the PoS files in `postDir` and returns how many there were. The folder's lock is held while it deletes,
 * so no init or prover starts on it meanwhile.
 * @param inUse - the PoS folders of the running node's identities
 * @throws {PostError} BAD_PARAMS when the folder does not exist, is not a folder, is one in `inUse` (by device and
 *   inode, whatever the path says), or another process holds it
 */
export async function deletePosData(postDir: string, inUse: readonly string[]): Promise<number> {
  const dir = resolve(postDir);
  const info = await stat(dir).catch(() => null);
  if (info === null || !info.isDirectory()) throw new PostError('BAD_PARAMS', `${dir} is not a folder`);
  const real = await realpath(dir);
  for (const p of inUse) {
    const other = await stat(p).catch(() => null);
    const same = (other !== null && other.dev === info.dev && other.ino === info.ino) || (await realpath(p).catch(() => resolve(p))) === real;
    if (same) throw new PostError('BAD_PARAMS', `${dir} holds the data of a running identity (${p}); stop smeshing first`);
  }
  let lock: FileLock;
  try {
    lock = lockPosDir(real, 'a PoS data deletion');
  } catch (err) {
    if (err instanceof LockError) throw new PostError('BAD_PARAMS', `${err.message}; stop it first`);
    throw err;
  }
  try {
    const files = (await readdir(real)).filter((name) => POS_FILE_RE.test(name) || name === METADATA_FILE_NAME);
    for (const name of files) await rm(join(real, name), { force: true });
    return files.length;
  } finally {
    lock.release();
  }
}
