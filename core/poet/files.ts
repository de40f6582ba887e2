/**
 * Durable small files for PoET state: a JSON document is written to a temporary file, fsynced, renamed over the
 * old one and the directory fsynced, so a crash leaves either the old or the new version, never half of one. I/O.
 * @module
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic as replaceFile } from '../util/atomicFile.js';
import { PoetError } from './errors.js';

/**
 * Writes `data` to `path` atomically (temp, fsync, rename, fsync the directory), creating the directory.
 * @throws the fs error when the directory cannot be written
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await replaceFile(path, data, { mode });
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
