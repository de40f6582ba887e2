/**
 * Exclusive folder locks between processes (docs/architecture.md §7: one process per data folder and per PoS
 * folder): a lock file created with `open(path, 'wx')` (exclusive create works the same on Linux, macOS and Windows,
 * local disks and removable ones, with no native code) holding who holds it as JSON: pid, host, start time, what
 * program, the boot it started in, the process's own start time where the system tells it, and its API address once
 * it has one. I/O: files, and the process table for liveness.
 *
 * A lock is stale, and taken over, when its holder is gone: the pid no longer runs (`process.kill(pid, 0)`), or it
 * runs but is another process (pid reuse: the boot changed, or the pid's start time is not the recorded one; Linux
 * reads `/proc`, macOS asks `ps`, Windows checks only the pid and the boot), or the file was left empty by a process
 * that crashed while creating it. A lock written on another host (a network share) cannot be checked and counts as
 * held. Takeover runs under a second exclusive file (`<lock>.takeover`), so two processes that both found the same
 * stale lock never both win, and a process only ever removes a lock file whose content it read as stale or wrote
 * itself: never a live holder's.
 *
 * Not `proper-lockfile`: its locks are directories kept alive by touching their mtime every few seconds (made for
 * network file systems), so a stopped or suspended holder loses its lock to a second process, and it records no
 * holder to name in the refusal.
 * @module
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, openSync, readFileSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { hostname, uptime } from 'node:os';
import { resolve } from 'node:path';
import { writeFileAtomicSync } from './atomicFile.js';
import { CodedError, errorMessage } from './errors.js';

/** The JSON a lock file holds. */
export interface LockHolder {
  readonly pid: number;
  /** What holds it, in words: `smesher node`, `the Smesher app`, `smesher post init`. */
  readonly command: string;
  readonly host: string;
  /** ISO 8601, when the lock was taken. */
  readonly startedAt: string;
  /** Linux's boot id, when known: a lock from an earlier boot is stale whatever its pid. */
  readonly bootId?: string;
  /** The holder process's start time as the system reports it (Linux clock ticks since boot, macOS `ps` text). */
  readonly procStart?: string;
  /** The holder's API address (`http://127.0.0.1:9171`), once it serves one. */
  readonly api?: string;
  /** Random, per acquisition: tells this holder's file from a later one with the same pid. */
  readonly nonce: string;
}

export class LockError extends CodedError<'LOCKED' | 'LOCK_FAILED'> {
  /** Who holds it (LOCKED), when the file could be read. */
  readonly holder: LockHolder | undefined;
  constructor(code: 'LOCKED' | 'LOCK_FAILED', message: string, holder?: LockHolder) {
    super(code, message, holder === undefined ? {} : { pid: holder.pid, api: holder.api ?? null, host: holder.host });
    this.holder = holder;
  }
}

/** A lock this process holds. */
export interface FileLock {
  readonly path: string;
  readonly holder: LockHolder;
  /** Records the API address (or clears it) in the lock file, for the refusal message and for clients. */
  setApi(api: string | undefined): void;
  /** Removes the lock file if it is still ours. Idempotent. */
  release(): void;
}

export interface AcquireOptions {
  /** What takes it (shown to a process that is refused). */
  readonly command: string;
  /** The thing locked, for the message: `the data folder /x`. */
  readonly what: string;
  readonly api?: string;
}

/** A lock file this young that holds no JSON yet may be a holder still writing it. */
export const INCOMPLETE_LOCK_MS = 2_000;
/** A takeover never takes this long; an older `.takeover` file is left by a process that crashed during one. */
export const STALE_TAKEOVER_MS = 10_000;
const RETRY_MS = 20;
const MAX_WAIT_MS = 5_000;

/** Locks held by this process, by absolute path: a second acquire here is refused like any other process's. */
const held = new Map<string, { nonce: string }>();
let exitHookInstalled = false;

/**
 * Takes the lock at `path` (the file is created; its folder must exist).
 * @throws {LockError} LOCKED, with the holder and a one-line message naming it, when a live process holds it;
 *   LOCK_FAILED when the file cannot be created or read (permissions, read-only folder)
 */
export function acquireLock(path: string, options: AcquireOptions): FileLock {
  const file = resolve(path);
  const deadline = Date.now() + MAX_WAIT_MS;
  for (;;) {
    const mine: LockHolder = {
      pid: process.pid,
      command: options.command,
      host: hostname(),
      startedAt: new Date().toISOString(),
      ...optional('bootId', bootId()),
      ...optional('procStart', processStart(process.pid)),
      ...optional('api', options.api),
      nonce: randomBytes(8).toString('hex'),
    };
    if (tryCreate(file, mine)) return register(file, mine);
    const found = readLockFile(file);
    if (found.kind === 'missing') continue; // released between our create and our read: try again
    if (found.kind === 'unreadable') throw new LockError('LOCK_FAILED', `${options.what} is locked by ${file}, which cannot be read: ${found.reason}`);
    const holder = found.kind === 'holder' ? found.holder : undefined;
    const stale = holder === undefined ? found.ageMs > INCOMPLETE_LOCK_MS : !holderAlive(file, holder);
    if (!stale) {
      if (holder !== undefined) throw new LockError('LOCKED', `${options.what} is in use by ${describeHolder(holder)}`, holder);
      // A holder is writing its JSON right now; wait for it.
      if (Date.now() > deadline) throw new LockError('LOCK_FAILED', `${options.what}: ${file} stays empty; remove it if no Smesher runs`);
      sleepSync(RETRY_MS);
      continue;
    }
    takeOver(file, found.text);
    if (Date.now() > deadline) throw new LockError('LOCK_FAILED', `${options.what}: could not take over the stale lock ${file}`);
  }
}

/** `smesher node (pid 123, api http://127.0.0.1:9171, since 2025-01-01T10:00:00.000Z)`: the holder in one line. */
export function describeHolder(holder: LockHolder): string {
  const parts = [`pid ${holder.pid}`];
  if (holder.host !== hostname()) parts.push(`on host ${holder.host}`);
  if (holder.api !== undefined) parts.push(`api ${holder.api}`);
  parts.push(`since ${holder.startedAt}`);
  return `${holder.command} (${parts.join(', ')})`;
}

/**
 * The live holder of the lock at `path`, or undefined when it is free or stale (nothing is changed).
 * @throws never: an unreadable lock counts as free
 */
export function lockHolder(path: string): LockHolder | undefined {
  const file = resolve(path);
  const found = readLockFile(file);
  if (found.kind !== 'holder') return undefined;
  return holderAlive(file, found.holder) ? found.holder : undefined;
}

/**
 * Whether the holder recorded in a lock file still runs: same host and boot, a live pid, and (where the system says)
 * the same process start time. A lock in this process's name that this process does not hold is stale (a pid
 * reused after a restart, as in a container).
 */
export function holderAlive(path: string, holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true; // another machine's process: we cannot tell, so it holds
  const ourBoot = bootId();
  if (holder.bootId !== undefined && ourBoot !== undefined && holder.bootId !== ourBoot) return false;
  // Without a boot id: a holder that started before this boot is from an earlier one (a minute of clock slack).
  if (ourBoot === undefined && Date.parse(holder.startedAt) < Date.now() - uptime() * 1000 - 60_000) return false;
  if (holder.pid === process.pid) return held.get(resolve(path))?.nonce === holder.nonce;
  if (!pidAlive(holder.pid)) return false;
  if (holder.procStart !== undefined) {
    const now = processStart(holder.pid);
    if (now !== undefined && now !== holder.procStart) return false;
  }
  return true;
}

/** True when a process with this pid exists (EPERM: it does, under another user). */
export function pidAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The start time of process `pid` as the system reports it, for telling a reused pid from the process that wrote a
 * lock: field 22 of `/proc/<pid>/stat` on Linux (clock ticks since boot), `ps -o lstart=` on macOS; undefined
 * elsewhere or when the process is gone.
 */
export function processStart(pid: number): string | undefined {
  try {
    if (process.platform === 'linux') {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // The command name (field 2) is in parentheses and may hold spaces: count fields after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return fields[19];
    }
    if (process.platform === 'darwin') {
      const text = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      return text === '' ? undefined : text;
    }
  } catch {
    // gone, or no /proc or ps: no start time to compare
  }
  return undefined;
}

let cachedBootId: string | null | undefined;
/** Linux's per-boot random id; undefined elsewhere. */
export function bootId(): string | undefined {
  if (cachedBootId === undefined) {
    try {
      cachedBootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
    } catch {
      cachedBootId = null;
    }
  }
  return cachedBootId ?? undefined;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/** Creates the lock file with `holder` in it; false when it exists. */
function tryCreate(file: string, holder: LockHolder): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new LockError('LOCK_FAILED', `cannot create the lock file ${file}: ${errorMessage(err)}`);
  }
  try {
    writeSync(fd, `${JSON.stringify(holder)}\n`);
    fsyncSync(fd);
  } catch (err) {
    closeSync(fd);
    unlinkSync(file);
    throw new LockError('LOCK_FAILED', `cannot write the lock file ${file}: ${errorMessage(err)}`);
  }
  closeSync(fd);
  return true;
}

type Found =
  | { kind: 'missing' }
  | { kind: 'unreadable'; reason: string }
  | { kind: 'holder'; holder: LockHolder; text: string; ageMs: number }
  | { kind: 'garbage'; text: string; ageMs: number };

function readLockFile(file: string): Found {
  let text: string;
  let ageMs: number;
  try {
    ageMs = Date.now() - statSync(file).mtimeMs;
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'unreadable', reason: errorMessage(err) };
  }
  const holder = parseHolder(text);
  return holder === undefined ? { kind: 'garbage', text, ageMs } : { kind: 'holder', holder, text, ageMs };
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const h = JSON.parse(text) as Partial<LockHolder>;
    if (typeof h.pid !== 'number' || typeof h.host !== 'string' || typeof h.startedAt !== 'string' || typeof h.nonce !== 'string') return undefined;
    return {
      pid: h.pid,
      command: typeof h.command === 'string' ? h.command : 'a process',
      host: h.host,
      startedAt: h.startedAt,
      nonce: h.nonce,
      ...optional('bootId', typeof h.bootId === 'string' ? h.bootId : undefined),
      ...optional('procStart', typeof h.procStart === 'string' ? h.procStart : undefined),
      ...optional('api', typeof h.api === 'string' ? h.api : undefined),
    };
  } catch {
    return undefined;
  }
}

/**
 * Removes the stale lock whose content was `staleText`, under `<file>.takeover` so that of two processes that judged
 * the same lock stale only one removes it (the other then finds the winner's fresh lock). Returns after one try;
 * the caller loops.
 */
function takeOver(file: string, staleText: string): void {
  const guard = `${file}.takeover`;
  let fd: number;
  try {
    fd = openSync(guard, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new LockError('LOCK_FAILED', `cannot create ${guard}: ${errorMessage(err)}`);
    // Someone else is taking over; a guard this old belongs to a process that died doing it.
    try {
      if (Date.now() - statSync(guard).mtimeMs > STALE_TAKEOVER_MS) unlinkSync(guard);
    } catch {
      // gone already
    }
    sleepSync(RETRY_MS);
    return;
  }
  closeSync(fd);
  try {
    // Still the same stale content? Then nobody took it over meanwhile, and removing it frees the lock.
    let current: string | undefined;
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      current = undefined;
    }
    if (current === staleText) unlinkSync(file);
  } finally {
    unlinkSync(guard);
  }
}

function register(file: string, holder: LockHolder): FileLock {
  held.set(file, { nonce: holder.nonce });
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // A process that ends without releasing (an uncaught error, process.exit) still frees what it holds.
    process.once('exit', () => {
      for (const [path, { nonce }] of held) removeIfOurs(path, nonce);
    });
  }
  let current = holder;
  let released = false;
  return {
    path: file,
    get holder() {
      return current;
    },
    setApi(api) {
      if (released) return;
      const { api: _old, ...rest } = current;
      current = { ...rest, ...optional('api', api) };
      // Atomic replace: a reader sees the old holder or the new one, and the file never goes missing.
      writeFileAtomicSync(file, `${JSON.stringify(current)}\n`, { mode: 0o644 });
    },
    release() {
      if (released) return;
      released = true;
      held.delete(file);
      removeIfOurs(file, holder.nonce);
    },
  };
}

/** Removes the lock file only when it still carries our nonce: never another process's. */
function removeIfOurs(file: string, nonce: string): void {
  try {
    if (parseHolder(readFileSync(file, 'utf8'))?.nonce === nonce) unlinkSync(file);
  } catch {
    // already gone
  }
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
