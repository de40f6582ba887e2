/**
 * Shared test helpers for the wallet suite: temp folders, a deterministic byte stream, and known key material.
 * @module
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestContext } from 'node:test';

/** A fresh temp folder removed after the test. */
export async function tempDir(t: TestContext, prefix = 'smesher-wallet-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** Deterministic "random" bytes: SHA-256 counter stream from a seed string. */
export function seededRandom(seed: string): (n: number) => Uint8Array {
  let counter = 0;
  return (n) => {
    const out = new Uint8Array(n);
    for (let at = 0; at < n; at += 32) {
      const block = createHash('sha256').update(`${seed}:${counter++}`).digest();
      out.set(block.subarray(0, Math.min(32, n - at)), at);
    }
    return out;
  };
}

/** docs/protocol/vectors.md §7's wallet key mnemonic (smcli wallet_test.go) and its first account on mainnet ("sm"). */
export const FILM_MNEMONIC = 'film theme cheese broken kingdom destroy inch ready wear inspire shove pudding';
export const FILM_ADDRESS_0 = 'sm1qqqqqqz9rf583slhn38g6q6a562ctltv9fv5w8q2gdz9k';

/** Small PBKDF2 counts for files the tests construct themselves (production writes at least 210,000). */
export const TEST_ITERATIONS = 1000;
