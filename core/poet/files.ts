/**
 * Durable small files for PoET state: a JSON document is written to a temporary file, fsynced, renamed over the
 * old one and the directory fsynced, so a crash leaves either the old or the new version, never half of one. I/O.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PoetError } from './errors.js';

/**
 * Writes `data` to `path` atomically (temp, fsync, rename, fsync the directory).
 * @throws the fs error when the directory cannot be written
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  const dir = dirname(path);
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const file = await open(temp, 'w', mode);
    try {
      await file.writeFile(data);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  await syncDir(dir);
}

/** Writes a value as JSON atomically. @throws as {@link writeFileAtomic} */
export function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  return writeFileAtomic(path, `${JSON.stringify(value)}\n`);
}

/**
 * Reads a JSON file, or `undefined` when it does not exist.
 * @throws {PoetError} BAD_STATE when the file exists but is not JSON
 */
export async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new PoetError('BAD_STATE', `${path} is not valid JSON`, {}, { cause: err });
  }
}

/** fsync a directory so a rename in it survives a power cut (a no-op where directories cannot be opened). */
async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Windows cannot open a directory; its renames are durable enough through NTFS journaling.
  } finally {
    await handle?.close();
  }
}
