/**
 * Where a running node's API listens, for other programs on the same machine (the `smesher wallet` command, the
 * launcher): `<data-dir>/api-endpoint.json` with `{url, pid}`, written when the API starts and removed when it
 * stops, but only by the process that wrote it (another node's file is never removed). The token stays in its own
 * 0600 file. I/O.
 * @module
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../util/atomicFile.js';

export const ENDPOINT_FILE = 'api-endpoint.json';

export interface Endpoint {
  readonly url: string;
  readonly pid: number;
}

export async function writeEndpoint(dataDir: string, endpoint: Endpoint): Promise<void> {
  // Atomic, so a program reading it while the node starts never sees half a document.
  await writeFileAtomic(join(dataDir, ENDPOINT_FILE), `${JSON.stringify(endpoint)}\n`, { mode: 0o600 });
}

/** The endpoint of the node running on `dataDir`, or undefined when none is recorded or the file is not ours. */
export async function readEndpoint(dataDir: string): Promise<Endpoint | undefined> {
  try {
    const parsed = JSON.parse(await readFile(join(dataDir, ENDPOINT_FILE), 'utf8')) as Partial<Endpoint>;
    if (typeof parsed.url === 'string' && /^http:\/\/[^/]+$/.test(parsed.url) && typeof parsed.pid === 'number') return { url: parsed.url, pid: parsed.pid };
  } catch {
    // missing or unreadable: no node is running there
  }
  return undefined;
}

/** Removes the endpoint file when it is still the one `ours` describes (this process, this address); else leaves it. */
export async function removeEndpoint(dataDir: string, ours: Endpoint): Promise<void> {
  const current = await readEndpoint(dataDir);
  if (current?.pid === ours.pid && current.url === ours.url) await rm(join(dataDir, ENDPOINT_FILE), { force: true });
}
