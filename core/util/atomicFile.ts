/**
 * Crash-safe file replacement (docs/architecture.md §7: a wallet file is never half-written, and a crash
 * never leaves half of any state file), the one writer for every small file: wallet files, PoET round state, key
 * files, PoS metadata, the genesis file, the smeshing setup. {@link writeFileAtomicSync} is the same sequence for
 * callers that cannot await (PoS metadata between label batches, identity keys and genesis at start-up). I/O.
 *
 * ```
 * write .<name>.<pid>.<rand>.new.tmp (mode 0600) -> fsync
 *   -> hard-link the current <name> as .<name>.<pid>.<rand>.bak.tmp -> rename it over <name>.bak (atomic)
 *   -> rename the new file over <name> (atomic) -> fsync the directory
 * ```
 * A kill at any point leaves `<name>` either the old file or the new one, complete. The previous version stays
 * as `<name>.bak` (a link, so making it never rewrites the old bytes). Leftover temp files of dead processes are
 * removed on the next write (by pid, or by age when the pid has been reused).
 * @module
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, copyFileSync, fsyncSync, linkSync, openSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { chmod, copyFile, link, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export const FILE_MODE = 0o600;
export const BACKUP_SUFFIX = '.bak';

export interface AtomicWriteOptions {
  /** File permissions (default 0600: owner read/write only). */
  readonly mode?: number;
  /** Keep the replaced file as `<path>.bak` (default false; wallet files keep one). */
  readonly keepBackup?: boolean;
}

/**
 * Replaces `path` with `data` atomically and durably.
 * @throws the file system's error (ENOENT for a missing directory, EACCES, ENOSPC); `path` is then unchanged
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const mode = options.mode ?? FILE_MODE;
  const dir = dirname(path);
  await removeStaleTemps(path);
  const tmp = tempName(path, 'new');
  try {
    const handle = await open(tmp, 'wx', mode);
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    // The umask may have removed bits from `mode`, never added them; chmod makes the mode exact.
    await chmod(tmp, mode);
    if (options.keepBackup ?? false) await backup(path);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await syncDirectory(dir);
}

/**
 * {@link writeFileAtomic} for synchronous callers: the same files, steps and guarantees.
 * @throws the file system's error; `path` is then unchanged
 */
export function writeFileAtomicSync(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const mode = options.mode ?? FILE_MODE;
  const dir = dirname(path);
  removeStaleTempsSync(path);
  const tmp = tempName(path, 'new');
  try {
    const fd = openSync(tmp, 'wx', mode);
    try {
      writeFileSync(fd, data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(tmp, mode);
    if (options.keepBackup ?? false) backupSync(path);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  syncDirectorySync(dir);
}

async function backup(path: string): Promise<void> {
  // Link (or copy) under a temp name, then rename over the old .bak: there is never a moment without a .bak.
  const tmpBak = tempName(path, 'bak');
  try {
    await link(path, tmpBak);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // first write: nothing to keep
    // File systems without hard links (FAT, some network shares) get a copy.
    await copyFile(path, tmpBak);
    await chmod(tmpBak, FILE_MODE);
  }
  await rename(tmpBak, path + BACKUP_SUFFIX);
}

function backupSync(path: string): void {
  const tmpBak = tempName(path, 'bak');
  try {
    linkSync(path, tmpBak);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    copyFileSync(path, tmpBak);
    chmodSync(tmpBak, FILE_MODE);
  }
  renameSync(tmpBak, path + BACKUP_SUFFIX);
}

/** `.<name>.<pid>.<random>.<kind>.tmp` next to `path`: hidden, and recognisable by {@link removeStaleTemps}. */
function tempName(path: string, kind: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.${kind}.tmp`);
}

async function syncDirectory(dir: string): Promise<void> {
  // Makes the rename itself durable. Windows cannot open a directory for fsync; NTFS journals renames anyway.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function syncDirectorySync(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** A write never takes this long; a temp file this old is left over even if its pid now belongs to someone else. */
const STALE_TEMP_MS = 10 * 60_000;

/** Removes `.<name>.<pid>.*.tmp` files left by writers that were killed mid-write. */
async function removeStaleTemps(path: string): Promise<void> {
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = await readdir(dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = tempWriterPid(prefix, name);
    if (pid === undefined) continue;
    const file = join(dirname(path), name);
    // A dead pid means a dead writer; pids are reused, so age catches the rest.
    if (!isAlive(pid) || (await ageMs(file)) > STALE_TEMP_MS) await rm(file, { force: true });
  }
}

function removeStaleTempsSync(path: string): void {
  const prefix = `.${basename(path)}.`;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return;
  }
  for (const name of names) {
    const pid = tempWriterPid(prefix, name);
    if (pid === undefined) continue;
    const file = join(dirname(path), name);
    if (!isAlive(pid) || ageMsSync(file) > STALE_TEMP_MS) rmSync(file, { force: true });
  }
}

/** The pid of another process's temp file for `prefix`, or undefined for any other name (and our own temps). */
function tempWriterPid(prefix: string, name: string): number | undefined {
  if (!name.startsWith(prefix) || !name.endsWith('.tmp')) return undefined;
  const pid = Number(name.slice(prefix.length).split('.')[0]);
  return Number.isSafeInteger(pid) && pid !== process.pid ? pid : undefined;
}

async function ageMs(file: string): Promise<number> {
  try {
    return Date.now() - (await stat(file)).mtimeMs;
  } catch {
    return 0;
  }
}

function ageMsSync(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
