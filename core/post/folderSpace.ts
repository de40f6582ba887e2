/**
 * Free and total disk space for the folders a user considers for PoS data, and whether they can write there. A
 * folder that does not exist yet is measured on its nearest existing parent (where it would be created); a file in
 * the way (the path itself, or a parent) makes it unwritable, as creating it would fail. I/O.
 * @module
 */
import { constants } from 'node:fs';
import { access, statfs, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** One candidate PoS folder (the API's `smeshing.options` lists them). */
export interface FolderSpace {
  readonly path: string;
  readonly exists: boolean;
  readonly writable: boolean;
  /** Bytes available to this user, or null when the folder (or its nearest existing parent) cannot be read. */
  readonly freeBytes: number | null;
  readonly totalBytes: number | null;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}

/** Measures one folder; never throws (unreadable places give nulls). */
export async function folderSpace(folder: string): Promise<FolderSpace> {
  const path = resolve(folder);
  const found = await exists(path);
  let probe = path;
  while (!(await exists(probe)) && dirname(probe) !== probe) probe = dirname(probe);
  const isDirectory = await stat(probe).then(
    (s) => s.isDirectory(),
    () => false,
  );
  const writable =
    isDirectory &&
    (await access(probe, constants.W_OK).then(
      () => true,
      () => false,
    ));
  try {
    const fs = await statfs(probe);
    return { path, exists: found, writable, freeBytes: fs.bavail * fs.bsize, totalBytes: fs.blocks * fs.bsize };
  } catch {
    return { path, exists: found, writable, freeBytes: null, totalBytes: null };
  }
}
