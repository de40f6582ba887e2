/**
 * Shared helpers for the PoST tests: temporary directories, small identities and reference labels.
 * @module
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InitOptions } from '../../../core/post/initialize.js';

/** A fresh temporary directory, removed by the returned cleanup. */
export function tempDir(prefix = 'smesher-post-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Small init options (N = 16, 3 units of 64 labels in 1 KiB files of 64 labels = 3 files). */
export function smallInit(dir: string, overrides: Partial<InitOptions> = {}): InitOptions {
  return {
    dir,
    nodeId: new Uint8Array(32).fill(7),
    commitmentAtxId: new Uint8Array(32).fill(9),
    numUnits: 3,
    labelsPerUnit: 64n,
    scryptN: 16,
    maxFileSize: 1024n,
    threads: 2,
    ...overrides,
  };
}

/** Every file of a directory, name → bytes, for byte-for-byte comparisons. */
export function snapshotDir(dir: string): Map<string, string> {
  return new Map(readdirSync(dir).sort().map((name) => [name, readFileSync(join(dir, name)).toString('hex')]));
}
