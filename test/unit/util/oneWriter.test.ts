/**
 * Small files have one writer (issue #17, docs/architecture.md §6): no module in core/ or electron/ writes a whole
 * file itself (`writeFile`, `writeFileSync`, `createWriteStream`, `copyFile`); they all go through
 * core/util/atomicFile.ts, which writes a temp file, fsyncs it, renames it and fsyncs the directory. Appending to a
 * log or a journal is not replacing a file and is allowed. The PoS metadata's writer is named as a check that the
 * scan sees it.
 * @module
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const WRITER = join('core', 'util', 'atomicFile.ts');
const DIRECT = /\b(writeFileSync|writeFile|createWriteStream|copyFileSync|copyFile)\s*\(/g;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : sources(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

describe('one atomic writer for small files', () => {
  it('no module writes a whole file but core/util/atomicFile.ts', () => {
    const offenders: string[] = [];
    for (const file of [...sources(join(ROOT, 'core')), ...sources(join(ROOT, 'electron'))]) {
      const rel = relative(ROOT, file);
      if (rel === WRITER) continue;
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(DIRECT)) {
        // `handle.writeFile(...)` on a FileHandle the module opened itself is the same thing, so it counts too.
        const line = text.slice(0, match.index).split('\n').length;
        offenders.push(`${rel}:${line} ${match[1]}`);
      }
    }
    assert.deepEqual(offenders, [], 'use writeFileAtomic / writeFileAtomicSync');
  });

  it('sees the writers it should: PoS metadata goes through the atomic writer', () => {
    assert.match(readFileSync(join(ROOT, 'core', 'post', 'metadata.ts'), 'utf8'), /writeFileAtomicSync\(/);
    assert.match(readFileSync(join(ROOT, 'core', 'bin', 'commands', 'post.ts'), 'utf8'), /writeFileAtomic\(/, 'post prove --out');
  });
});
