/**
 * Where wallet files live: `<data-dir>/wallets/*.json` (docs/architecture.md §6), how a new wallet's file is named,
 * and which file a command means when the user names one or none. I/O.
 * @module
 */
import { mkdir, readdir, stat } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { WalletError } from './errors.js';
import { WalletFile } from './keystore/walletFile.js';

export const WALLETS_DIR = 'wallets';

/** `<dataDir>/wallets`. */
export function walletsDir(dataDir: string): string {
  return join(dataDir, WALLETS_DIR);
}

/** Creates the wallets folder (owner-only) if needed and returns it. */
export async function ensureWalletsDir(dataDir: string): Promise<string> {
  const dir = walletsDir(dataDir);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  return dir;
}

/** A file name for a wallet called `name`: lower case, dashes for anything else (`My Wallet` -> `my-wallet.json`). */
export function walletFileName(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents split off by NFKD: "Ü" -> "U"
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
  return `${slug === '' ? 'wallet' : slug}.json`;
}

/** The wallet files in `<dataDir>/wallets` (backups and temp files excluded), sorted by name. */
export async function listWalletFiles(dataDir: string): Promise<string[]> {
  const dir = walletsDir(dataDir);
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names
    .filter((n) => n.endsWith('.json') && !n.startsWith('.'))
    .sort()
    .map((n) => join(dir, n));
}

/**
 * The wallet file a command works on. `selector` is a path to a file, a file name in the wallets folder, or a
 * wallet's display name; without one, the only wallet in the folder.
 * @throws {WalletError} NOT_FOUND when nothing matches, when there is no wallet, or when there are several and no
 * selector says which
 */
export async function resolveWalletPath(dataDir: string, selector?: string): Promise<string> {
  if (selector !== undefined && (selector.includes('/') || selector.includes('\\') || isAbsolute(selector))) {
    const path = resolve(selector);
    if (!(await exists(path))) throw new WalletError('NOT_FOUND', `no wallet file at ${path}`);
    return path;
  }
  const files = await listWalletFiles(dataDir);
  if (selector === undefined) {
    if (files.length === 1) return files[0]!;
    if (files.length === 0) {
      throw new WalletError('NOT_FOUND', `no wallet in ${walletsDir(dataDir)}: create one with "smesher wallet new" or "smesher wallet restore"`);
    }
    throw new WalletError('NOT_FOUND', `${files.length} wallets in ${walletsDir(dataDir)}; choose one with --wallet NAME`);
  }
  for (const file of files) {
    if (basename(file) === selector || basename(file) === walletFileName(selector)) return file;
  }
  for (const file of files) {
    const meta = await WalletFile.readMeta(file).catch(() => null);
    if (meta?.displayName === selector) return file;
  }
  throw new WalletError('NOT_FOUND', `no wallet called "${selector}" in ${walletsDir(dataDir)}`);
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
