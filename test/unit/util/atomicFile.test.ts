/**
 * The one atomic writer for small files, async and sync: content and exact mode, the kept previous copy, temp files
 * of dead writers cleaned up, and the directory fsynced after the rename (without it the rename itself may not
 * survive a power cut), checked by recording the file-system calls in order.
 * @module
 */
import assert from 'node:assert/strict';
import fs, { mkdtempSync, rmSync } from 'node:fs';
import fsp from 'node:fs/promises';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, it, mock } from 'node:test';
import { BACKUP_SUFFIX, writeFileAtomic, writeFileAtomicSync } from '../../../core/util/atomicFile.js';

function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'smesher-atomic-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

const writers = {
  async: (path: string, data: string, keepBackup = false) => writeFileAtomic(path, data, { keepBackup }),
  sync: (path: string, data: string, keepBackup = false) => Promise.resolve(writeFileAtomicSync(path, data, { keepBackup })),
};

afterEach(() => {
  mock.restoreAll();
  syncBuiltinESMExports();
});

for (const [name, write] of Object.entries(writers)) {
  describe(`atomic file writer (${name})`, () => {
    it('writes the content with the exact mode and leaves no temp file', async (t) => {
      const { dir, cleanup } = tempDir();
      t.after(cleanup);
      const path = join(dir, 'state.json');
      await write(path, 'one');
      await write(path, 'two');
      assert.equal(fs.readFileSync(path, 'utf8'), 'two');
      if (process.platform !== 'win32') assert.equal(fs.statSync(path).mode & 0o777, 0o600);
      assert.deepEqual(fs.readdirSync(dir), ['state.json']);
    });

    it('keeps the previous version as .bak when asked', async (t) => {
      const { dir, cleanup } = tempDir();
      t.after(cleanup);
      const path = join(dir, 'wallet.json');
      await write(path, 'first', true);
      assert.equal(fs.existsSync(path + BACKUP_SUFFIX), false, 'nothing to keep on the first write');
      await write(path, 'second', true);
      assert.equal(fs.readFileSync(path, 'utf8'), 'second');
      assert.equal(fs.readFileSync(path + BACKUP_SUFFIX, 'utf8'), 'first');
    });

    it("removes a dead writer's temp file but not another file's", async (t) => {
      const { dir, cleanup } = tempDir();
      t.after(cleanup);
      const path = join(dir, 'key');
      // pid 2^22 + 1 is above Linux's pid_max: no live process has it.
      const stale = join(dir, `.key.${2 ** 22 + 1}.abcd1234.new.tmp`);
      const other = join(dir, `.other.${2 ** 22 + 1}.abcd1234.new.tmp`);
      fs.writeFileSync(stale, 'half');
      fs.writeFileSync(other, 'half');
      await write(path, 'whole');
      assert.equal(fs.existsSync(stale), false);
      assert.equal(fs.existsSync(other), true);
    });

    it('fsyncs the directory after the rename', { skip: process.platform === 'win32' && 'Windows cannot fsync a directory' }, async (t) => {
      const { dir, cleanup } = tempDir();
      t.after(cleanup);
      const calls: string[] = [];
      if (name === 'sync') {
        const fds = new Map<number, string>();
        const { openSync, renameSync, fsyncSync } = fs;
        mock.method(fs, 'openSync', (p: string, flags: string, mode?: number) => {
          const fd = openSync(p, flags, mode);
          fds.set(fd, p);
          return fd;
        });
        mock.method(fs, 'renameSync', (from: string, to: string) => {
          calls.push(`rename ${to}`);
          renameSync(from, to);
        });
        mock.method(fs, 'fsyncSync', (fd: number) => {
          calls.push(`fsync ${fds.get(fd)}`);
          fsyncSync(fd);
        });
      } else {
        const { open, rename } = fsp;
        mock.method(fsp, 'open', async (p: string, flags: string, mode?: number) => {
          const handle = await open(p, flags, mode);
          const sync = handle.sync.bind(handle);
          handle.sync = () => {
            calls.push(`fsync ${p}`);
            return sync();
          };
          return handle;
        });
        mock.method(fsp, 'rename', async (from: string, to: string) => {
          calls.push(`rename ${to}`);
          await rename(from, to);
        });
      }
      syncBuiltinESMExports();
      const path = join(dir, 'genesis.json');
      await write(path, '{}');
      assert.deepEqual(calls.slice(-2), [`rename ${path}`, `fsync ${dir}`], calls.join('\n'));
      assert.match(calls[0] ?? '', /^fsync .*\.new\.tmp$/, 'the data is fsynced before the rename');
    });
  });
}
