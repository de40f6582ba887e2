/**
 * The default data folder per platform, and the XDG rule that an empty or relative XDG_DATA_HOME counts as unset.
 * @module
 */
import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultDataDir } from '../../../core/node/defaultDataDir.js';

describe('defaultDataDir', () => {
  it('follows XDG_DATA_HOME on Linux when it is an absolute path', () => {
    assert.equal(defaultDataDir({ XDG_DATA_HOME: '/data/xdg' }, 'linux'), '/data/xdg/smesher');
    assert.equal(defaultDataDir({}, 'linux'), join(homedir(), '.local', 'share', 'smesher'));
  });

  it('treats an empty or relative XDG_DATA_HOME as unset (never a folder under the current directory)', () => {
    for (const value of ['', 'relative/dir', '.']) {
      assert.equal(defaultDataDir({ XDG_DATA_HOME: value }, 'linux'), join(homedir(), '.local', 'share', 'smesher'), JSON.stringify(value));
    }
  });

  it('uses APPDATA on Windows unless it is empty, and Application Support on macOS', () => {
    assert.equal(defaultDataDir({ APPDATA: 'C:\\Users\\me\\AppData\\Roaming' }, 'win32'), join('C:\\Users\\me\\AppData\\Roaming', 'Smesher'));
    assert.equal(defaultDataDir({ APPDATA: '' }, 'win32'), join(homedir(), 'AppData', 'Roaming', 'Smesher'));
    assert.equal(defaultDataDir({ XDG_DATA_HOME: '/x' }, 'darwin'), join(homedir(), 'Library', 'Application Support', 'Smesher'));
  });
});
