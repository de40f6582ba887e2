/**
 * Rotating log files (core/util/rotatingLogFile.ts), used by the app and `smesher node`: bounded, nothing written
 * is lost, a restart appends; and `smesher node` writes its log lines to `<data-dir>/logs/smesher.log`.
 * @module
 */
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RotatingFileSink, logFilePath } from '../../../core/util/rotatingLogFile.js';
import { tempDir } from '../api/helpers.js';

describe('rotating log files', () => {
  it('rotates at the size limit, keeps a fixed number of files, and every line of the newest ones is intact', async (t) => {
    const dir = await tempDir(t);
    const sink = new RotatingFileSink(dir, { maxBytes: 1000, keep: 2 });
    for (let i = 0; i < 100; i++) sink.write(`line ${String(i).padStart(3, '0')} ${'x'.repeat(40)}`, 'info');
    const files = (await readdir(dir)).sort();
    assert.deepEqual(files, ['smesher.1.log', 'smesher.2.log', 'smesher.log']);
    for (const f of files) assert.ok((await readFile(join(dir, f))).length <= 1000, f);
    const newest = (await readFile(logFilePath(dir), 'utf8')).trim().split('\n');
    assert.match(newest.at(-1)!, /^line 099 /);
    const all = [2, 1, 0].map((i) => logFilePath(dir, i));
    const lines = (await Promise.all(all.map((p) => readFile(p, 'utf8')))).join('').trim().split('\n');
    assert.deepEqual(lines.map((l) => Number(l.slice(5, 8))), Array.from({ length: lines.length }, (_, i) => 100 - lines.length + i), 'consecutive, none lost between files');
    // A restart appends to the current file and knows its size.
    const again = new RotatingFileSink(dir, { maxBytes: 1000, keep: 2 });
    again.write('after restart', 'warn');
    assert.match(await readFile(logFilePath(dir), 'utf8'), /after restart\n$/);
  });
});
