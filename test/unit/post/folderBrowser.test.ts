/**
 * The browser UI's folder picker: the system-folder rule (Linux, macOS, Windows; the user's home is never one, even
 * under /var), and the listing itself on real folders: subfolders sorted, hidden ones and files left out, a link
 * into a system folder neither listed nor opened, the free space of the folder, clear refusals for bad input.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type FolderBrowseError, listFolders, systemFolderOf } from '../../../core/post/folderBrowser.js';
import { tempDir } from '../api/helpers.js';

describe('folder browser', () => {
  it('knows the system folders, and the home folder is never one', () => {
    const cases: Array<[string, string, NodeJS.Platform, string | undefined]> = [
      ['/proc/self', '/home/me', 'linux', '/proc'],
      ['/etc', '/home/me', 'linux', '/etc'],
      ['/usr/local/share', '/home/me', 'linux', '/usr'],
      ['/var/lib', '/home/me', 'linux', '/var'],
      ['/var/lib/smesher/post', '/var/lib/smesher', 'linux', undefined],
      ['/home/me/post', '/home/me', 'linux', undefined],
      ['/mnt/disk1', '/home/me', 'linux', undefined],
      ['/', '/home/me', 'linux', undefined],
      ['/etcetera', '/home/me', 'linux', undefined],
      ['/System/Library', '/Users/me', 'darwin', '/System'],
      ['/Volumes/Disk/post', '/Users/me', 'darwin', undefined],
      ['c:\\windows\\system32', 'C:\\Users\\me', 'win32', 'C:\\Windows'],
      ['D:\\post', 'C:\\Users\\me', 'win32', undefined],
    ];
    for (const [path, home, os, expected] of cases) assert.equal(systemFolderOf(path, home, os), expected, `${os} ${path}`);
  });

  it('lists readable subfolders with the free space, leaving out hidden ones, files and links into system folders', async (t) => {
    const home = await tempDir(t);
    await mkdir(join(home, 'disk b'));
    await mkdir(join(home, 'Disk A'));
    await mkdir(join(home, '.cache'));
    await writeFile(join(home, 'notes.txt'), 'x');
    await symlink(join(home, 'disk b'), join(home, 'link to b'));
    await symlink('/etc', join(home, 'etc link'));
    const listing = await listFolders(undefined, { home, platform: 'linux' });
    assert.equal(listing.path, home);
    assert.equal(listing.home, home);
    assert.deepEqual(listing.folders.map((f) => f.name), ['Disk A', 'disk b', 'link to b']);
    assert.equal(listing.folders[0]!.path, join(home, 'Disk A'));
    assert.equal(listing.truncated, false);
    assert.equal(listing.space.writable, true);
    await assert.rejects(listFolders(join(home, 'etc link'), { home, platform: 'linux' }), (e: FolderBrowseError) => e.code === 'SYSTEM_FOLDER' && /\/etc/.test(e.message));
  });

  it('refuses bad input with a clear error', async (t) => {
    const home = await tempDir(t);
    await writeFile(join(home, 'file'), 'x');
    const cases: Array<[string, string]> = [
      ['post', 'NOT_ABSOLUTE'],
      [join(home, 'missing'), 'FOLDER_NOT_FOUND'],
      [join(home, 'file'), 'NOT_A_FOLDER'],
      ['/sys/kernel', 'SYSTEM_FOLDER'],
    ];
    for (const [path, code] of cases) await assert.rejects(listFolders(path, { home, platform: 'linux' }), (e: FolderBrowseError) => e.code === code, path);
  });

  it('lists the root without its system folders, and has no parent there', async () => {
    const root = await listFolders('/', { home: '/home/nobody', platform: 'linux' });
    assert.equal(root.parent, null);
    for (const f of root.folders) assert.equal(systemFolderOf(f.path, '/home/nobody', 'linux'), undefined, f.path);
    assert.ok(!root.folders.some((f) => f.name === 'etc' || f.name === 'proc'));
  });
});
