/**
 * The API token: 32 random bytes as hex in `<data-dir>/api-token`, readable by the owner only (0600), created on
 * first use and kept across restarts so a bookmarked UI address keeps working. Comparison is constant-time. I/O.
 * @module
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../util/atomicFile.js';

export const TOKEN_FILE = 'api-token';
const TOKEN_RE = /^[0-9a-f]{64}$/;

/** `<dataDir>/api-token`. */
export function tokenPath(dataDir: string): string {
  return join(dataDir, TOKEN_FILE);
}

/**
 * Reads the data dir's token, creating it when missing or malformed, and makes sure only the owner can read it.
 * @throws file system errors other than a missing file
 */
export async function loadOrCreateToken(dataDir: string): Promise<string> {
  const path = tokenPath(dataDir);
  await mkdir(dataDir, { recursive: true });
  const existing = await readFile(path, 'utf8').then(
    (text) => text.trim(),
    (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    },
  );
  if (existing !== undefined && TOKEN_RE.test(existing)) {
    await chmod(path, 0o600);
    return existing;
  }
  const token = randomBytes(32).toString('hex');
  // Atomic: a crash mid-write must not leave a half token that the next start would replace with a new one.
  await writeFileAtomic(path, `${token}\n`, { mode: 0o600 });
  return token;
}

/** Constant-time check of a presented token. */
export function tokenMatches(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(presented);
  return a.length === b.length && timingSafeEqual(a, b);
}
