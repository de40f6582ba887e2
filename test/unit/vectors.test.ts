/**
 * Runs every vector file in test/vectors through its runner, and fails on any file that has no runner.
 * @module
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { VectorFile, VectorRunner } from '../vectors/harness.js';

const VECTORS_DIR = join(import.meta.dirname, '..', 'vectors');

function listJson(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listJson(path);
    return name.endsWith('.json') ? [path] : [];
  });
}

const files = listJson(VECTORS_DIR).sort();

describe('test vectors', () => {
  it('has vector files', () => assert.ok(files.length > 0));

  for (const path of files) {
    const name = relative(VECTORS_DIR, path);
    const runnerPath = path.replace(/\.json$/, '.ts');
    describe(name, () => {
      it('has a runner', () => {
        assert.ok(existsSync(runnerPath), `${name} has no runner ${relative(VECTORS_DIR, runnerPath)}: unconsumed vectors`);
      });
      if (!existsSync(runnerPath)) return;
      const file = JSON.parse(readFileSync(path, 'utf8')) as VectorFile<unknown>;
      it('names its source and has vectors', () => {
        assert.ok(typeof file.source === 'string' && file.source.length > 0, `${name}: missing "source"`);
        assert.ok(Array.isArray(file.vectors) && file.vectors.length > 0, `${name}: no vectors`);
      });
      const loaded = import(pathToFileURL(runnerPath).href) as Promise<{ default: VectorRunner<unknown> }>;
      file.vectors.forEach((vector, index) => {
        it(`#${index}`, async (t) => {
          const runner = (await loaded).default;
          t.diagnostic(runner.name(vector, index));
          await runner.check(vector);
        });
      });
    });
  }
});
