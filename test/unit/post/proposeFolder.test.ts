/**
 * The storage wizard's proposed PoS folder (core/post/proposeFolder.ts): the rule over measured candidates, the
 * candidate list per platform, and a real measurement under a temporary data dir.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { FolderSpace } from '../../../core/post/folderSpace.js';
import { candidateFolders, comfortableUnits, proposeFolder, proposedPostFolder } from '../../../core/post/proposeFolder.js';

const GIB = 2 ** 30;
const LIMITS = { bytesPerUnit: 64 * GIB, minUnits: 4, maxUnits: 100 };

function place(path: string, freeBytes: number | null, writable = true): FolderSpace {
  return { path, exists: false, writable, freeBytes, totalBytes: freeBytes === null ? null : freeBytes * 2 };
}

describe('proposed PoS folder: the rule', () => {
  it('units fit leaving a fifth of the free space, capped by the max, never negative', () => {
    assert.equal(comfortableUnits(1000 * GIB, LIMITS), 12); // 800 GiB / 64 GiB
    assert.equal(comfortableUnits(80 * GIB, LIMITS), 1);
    assert.equal(comfortableUnits(79 * GIB, LIMITS), 0);
    assert.equal(comfortableUnits(0, LIMITS), 0);
    assert.equal(comfortableUnits(100_000 * GIB, LIMITS), 100);
  });

  it('picks the candidate with the most room', () => {
    const p = proposeFolder([place('/data/post/net', 500 * GIB), place('/home/me/smesher-post/net', 300 * GIB), place('/mnt/big/smesher-post/net', 4000 * GIB)], LIMITS);
    assert.deepEqual(p, { folder: place('/mnt/big/smesher-post/net', 4000 * GIB), units: 50 });
  });

  it('a tie goes to the earlier candidate: the data dir wins when it holds the max', () => {
    const p = proposeFolder([place('/tmp/t/data/post/net', 10_000 * GIB), place('/home/me/smesher-post/net', 90_000 * GIB)], LIMITS);
    assert.equal(p?.folder.path, '/tmp/t/data/post/net');
    assert.equal(p?.units, 100);
  });

  it('skips places it cannot write or measure; none left is no proposal', () => {
    const p = proposeFolder([place('/mnt/ro/smesher-post/net', 9000 * GIB, false), place('/mnt/gone/smesher-post/net', null), place('/home/me/smesher-post/net', 100 * GIB)], LIMITS);
    assert.equal(p?.folder.path, '/home/me/smesher-post/net');
    assert.equal(p?.units, 1);
    assert.equal(proposeFolder([place('/mnt/ro', 9000 * GIB, false)], LIMITS), undefined);
    assert.equal(proposeFolder([], LIMITS), undefined);
  });

  it('a place where not even one unit fits is still proposed when it is the best there is (with 0 units)', () => {
    assert.deepEqual(proposeFolder([place('/data/post/net', GIB)], LIMITS), { folder: place('/data/post/net', GIB), units: 0 });
  });
});

describe('proposed PoS folder: the candidates', () => {
  const listDirs = (dir: string) => Promise.resolve(dir === '/mnt' ? ['disk1', 'disk2'] : dir === '/media/alice' ? ['USB'] : []);

  it('Linux: the data dir, home, then the disks under /mnt and /media/<user>', async () => {
    assert.deepEqual(await candidateFolders({ dataDir: '/d', network: 'net-1', home: '/home/alice', platform: 'linux', user: 'alice', listDirs }), [
      '/d/post/net-1',
      '/home/alice/smesher-post/net-1',
      '/mnt/disk1/smesher-post/net-1',
      '/mnt/disk2/smesher-post/net-1',
      '/media/alice/USB/smesher-post/net-1',
    ]);
  });

  it('elsewhere: the data dir and home only; an odd user name is not a path', async () => {
    assert.deepEqual(await candidateFolders({ dataDir: '/d', network: 'n', home: '/Users/a', platform: 'darwin', user: 'a', listDirs }), ['/d/post/n', '/Users/a/smesher-post/n']);
    assert.deepEqual(await candidateFolders({ dataDir: '/d', network: 'n', home: '/h', platform: 'linux', user: '../etc', listDirs }), ['/d/post/n', '/h/smesher-post/n', '/mnt/disk1/smesher-post/n', '/mnt/disk2/smesher-post/n']);
  });

  it('measures for real: a temporary data dir on a disk that holds the max keeps the proposal inside it', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'smesher-propose-'));
    t.after(() => rm(dir, { recursive: true, force: true }));
    const p = await proposedPostFolder({ dataDir: join(dir, 'data'), network: 'standalone-01020304', home: join(dir, 'home'), platform: 'linux', listDirs: () => Promise.resolve([]) }, { bytesPerUnit: 1024, minUnits: 1, maxUnits: 1024 });
    assert.equal(p?.folder.path, join(dir, 'data', 'post', 'standalone-01020304'));
    assert.equal(p?.folder.exists, false);
    assert.equal(p?.folder.writable, true);
    assert.equal(p?.units, 1024);
  });
});
