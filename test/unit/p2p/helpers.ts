/**
 * Test hosts on 127.0.0.1 only, port 0 (never another address, never mDNS), each in its own temp folder, with
 * their log lines captured; every host is stopped and its folder removed when the test ends.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { type P2PHost, type P2PHostOptions, createP2PHost } from '../../../core/p2p/index.js';
import { createLogger } from '../../../core/util/logger.js';

export const GENESIS_A = new Uint8Array(20).fill(0xa1);
export const GENESIS_B = new Uint8Array(20).fill(0xb2);

export interface TestHost {
  host: P2PHost;
  logs: Array<Record<string, unknown>>;
  dir: string;
}

export async function startHost(t: TestContext, options: Partial<P2PHostOptions> = {}): Promise<TestHost> {
  const dir = mkdtempSync(join(tmpdir(), 'smesher-p2p-'));
  const logs: Array<Record<string, unknown>> = [];
  const logger = createLogger({ format: 'json', level: 'debug', sink: { write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>) } });
  const host = await createP2PHost({
    networkDir: dir,
    genesisId: GENESIS_A,
    effectiveGenesisLayer: 7,
    listen: ['/ip4/127.0.0.1/tcp/0'],
    mdns: false,
    redialMs: { initial: 200, max: 2_000 },
    logger,
    ...options,
  });
  // Registered after the host exists: t.after hooks run in order, so the host stops before its folder goes.
  t.after(async () => {
    await host.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return { host, logs, dir };
}

/** Polls `condition` every 50 ms until it holds; fails after `timeoutMs` with `what`. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function events(logs: ReadonlyArray<Record<string, unknown>>, event: string): Array<Record<string, unknown>> {
  return logs.filter((l) => l.event === event);
}
