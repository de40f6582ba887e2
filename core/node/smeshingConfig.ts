/**
 * The smeshing setup the user chose, kept in `<network-dir>/smeshing.json` so that a restarted node (the desktop app
 * restarts often) smeshes as it was left: PoS folder, units per identity, threads, coinbase and whether it was
 * paused. Written atomically (core/util/atomicFile.ts); absent when the node does not smesh. I/O.
 * @module
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bytesToHex, hexToBytes } from '../util/bytes.js';
import { writeFileAtomic } from '../util/atomicFile.js';
import { NodeError } from './dataDir.js';

export const SMESHING_CONFIG_FILE = 'smeshing.json';

export interface SmeshingConfig {
  readonly postDir: string;
  readonly units: readonly number[];
  readonly threads?: number;
  readonly coinbase?: Uint8Array;
  readonly paused: boolean;
}

export function smeshingConfigPath(networkDir: string): string {
  return join(networkDir, SMESHING_CONFIG_FILE);
}

/**
 * The saved setup, or undefined when there is none.
 * @throws {NodeError} BAD_OPTIONS for a file that is unreadable or not a smeshing config (never guessed around:
 *   smeshing with a wrong folder would start a fresh PoST init)
 */
export function readSmeshingConfig(path: string): SmeshingConfig | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new NodeError('BAD_OPTIONS', `cannot read ${path}: ${(err as Error).message}`);
  }
  const bad = (): NodeError => new NodeError('BAD_OPTIONS', `${path} is not a smeshing config; fix or delete it`);
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw bad();
  }
  if (typeof raw !== 'object' || raw === null) throw bad();
  const { postDir, units, threads, coinbase, paused } = raw;
  if (typeof postDir !== 'string' || postDir.length === 0) throw bad();
  if (!Array.isArray(units) || units.length === 0 || !units.every((u) => Number.isSafeInteger(u) && (u as number) > 0)) throw bad();
  if (threads !== undefined && !(Number.isSafeInteger(threads) && (threads as number) > 0)) throw bad();
  if (typeof paused !== 'boolean') throw bad();
  let coinbaseBytes: Uint8Array | undefined;
  if (coinbase !== undefined) {
    if (typeof coinbase !== 'string') throw bad();
    try {
      coinbaseBytes = hexToBytes(coinbase, 24, 'coinbase');
    } catch {
      throw bad();
    }
  }
  return {
    postDir,
    units: units as number[],
    ...(threads === undefined ? {} : { threads: threads as number }),
    ...(coinbaseBytes === undefined ? {} : { coinbase: coinbaseBytes }),
    paused,
  };
}

/** Replaces the saved setup. @throws the file system's error; the old file is then unchanged */
export async function writeSmeshingConfig(path: string, config: SmeshingConfig): Promise<void> {
  const json = {
    postDir: config.postDir,
    units: [...config.units],
    ...(config.threads === undefined ? {} : { threads: config.threads }),
    ...(config.coinbase === undefined ? {} : { coinbase: bytesToHex(config.coinbase) }),
    paused: config.paused,
  };
  await writeFileAtomic(path, `${JSON.stringify(json, null, 2)}\n`, { mode: 0o644 });
}

/** Forgets the saved setup (smeshing stopped). */
export function removeSmeshingConfig(path: string): void {
  rmSync(path, { force: true });
}
