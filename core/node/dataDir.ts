/**
 * The node's data directory (docs/architecture.md §6): `<data-dir>/<preset>-<genesisId8>/{state.sql, local.sql,
 * identities/, poet/}` (the hosts keep one rotating log for the data dir in `<data-dir>/logs/`), and the genesis time of networks whose preset has none (standalone, devnet): the
 * first start writes `now + a few seconds` (whole seconds, as the golden ATX hashes seconds) to
 * `<data-dir>/<preset>.genesis.json`, later starts reuse it so the chain continues; and the data folder's lock,
 * `<data-dir>/smesher.lock` (core/util/lockFile.ts). I/O.
 * @module
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Preset } from '../params/types.js';
import { genesisId as computeGenesisId } from '../types/genesis.js';
import { writeFileAtomicSync } from '../util/atomicFile.js';
import { bytesToHex } from '../util/bytes.js';
import { CodedError } from '../util/errors.js';
import { type FileLock, acquireLock } from '../util/lockFile.js';

/** The data folder's lock file (docs/architecture.md §7): one node per data folder. */
export const DATA_DIR_LOCK_FILE = 'smesher.lock';

/**
 * Takes the data folder's lock (creating the folder), before anything in it is opened: `smesher node` and the app
 * do it first thing, and {@link createNode} does it when its host did not.
 * @param command - who takes it, in words (`smesher node`), shown to a second process that is refused
 * @throws {LockError} LOCKED with a one-line message naming the holder (pid, API address); LOCK_FAILED
 */
export function lockDataDir(dataDir: string, command: string): FileLock {
  mkdirSync(dataDir, { recursive: true });
  return acquireLock(join(dataDir, DATA_DIR_LOCK_FILE), { command, what: `the data folder ${dataDir}` });
}

/** Time from the first start to genesis: enough to load keys and start PoST init before the first layer. */
export const FIRST_START_GENESIS_DELAY_MS = 5_000;

export class NodeError extends CodedError<'BAD_GENESIS' | 'BAD_OPTIONS' | 'CLOSED'> {}

export interface NetworkDir {
  readonly genesisTimeMs: number;
  readonly genesisId: Uint8Array;
  /** `<data-dir>/<preset>-<genesisId8>`. */
  readonly dir: string;
}

/**
 * Resolves the genesis time and the network directory, creating them on first use.
 * @param override - a genesis time given on the command line (ms), written for later starts
 * @throws {NodeError} BAD_GENESIS when the saved genesis file is unreadable or malformed
 */
export function openNetworkDir(dataDir: string, preset: Preset, nowMs: number, override?: number): NetworkDir {
  mkdirSync(dataDir, { recursive: true });
  const genesisTimeMs = override ?? fixedGenesis(preset) ?? savedGenesis(dataDir, preset, nowMs);
  const genesisId = computeGenesisId({ genesisTimeMs, extraData: preset.genesis.extraData });
  const dir = join(dataDir, `${preset.name}-${bytesToHex(genesisId).slice(0, 8)}`);
  for (const sub of ['identities', 'poet']) mkdirSync(join(dir, sub), { recursive: true, mode: 0o700 });
  return { genesisTimeMs, genesisId, dir };
}

function fixedGenesis(preset: Preset): number | undefined {
  if (preset.genesis.time === null) return undefined;
  const ms = Date.parse(preset.genesis.time);
  if (!Number.isSafeInteger(ms)) throw new NodeError('BAD_GENESIS', `preset ${preset.name} has a bad genesis time`);
  return ms;
}

function savedGenesis(dataDir: string, preset: Preset, nowMs: number): number {
  const path = join(dataDir, `${preset.name}.genesis.json`);
  let text: string | undefined;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw new NodeError('BAD_GENESIS', `cannot read ${path}: ${(err as Error).message}`);
  }
  if (text !== undefined) {
    let ms = NaN;
    try {
      const parsed = JSON.parse(text) as { genesisTime?: unknown };
      if (typeof parsed.genesisTime === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.000)?Z$/.test(parsed.genesisTime)) ms = Date.parse(parsed.genesisTime);
    } catch {
      // reported below
    }
    if (!Number.isSafeInteger(ms) || ms % 1000 !== 0) throw new NodeError('BAD_GENESIS', `${path} is not a genesis file ({"genesisTime": "RFC 3339, whole seconds"})`);
    return ms;
  }
  const ms = Math.ceil((nowMs + FIRST_START_GENESIS_DELAY_MS) / 1000) * 1000;
  writeFileAtomicSync(path, `${JSON.stringify({ genesisTime: new Date(ms).toISOString() })}\n`, { mode: 0o644 });
  return ms;
}
