/**
 * The saved smeshing setup (core/node/smeshingConfig.ts): a round trip keeps every field, a missing file is no
 * setup, and a damaged or foreign file is refused with BAD_OPTIONS rather than guessed around.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readSmeshingConfig, removeSmeshingConfig, smeshingConfigPath, writeSmeshingConfig } from '../../../core/node/smeshingConfig.js';

function dir(t: { after(fn: () => void): void }): string {
  const d = mkdtempSync(join(tmpdir(), 'smesher-smeshcfg-'));
  t.after(() => rmSync(d, { recursive: true, force: true }));
  return d;
}

describe('smeshing.json', () => {
  it('round-trips postDir, units, threads, coinbase and paused; removal means no setup', async (t) => {
    const path = smeshingConfigPath(dir(t));
    assert.equal(readSmeshingConfig(path), undefined);
    const coinbase = new Uint8Array(24).fill(7);
    await writeSmeshingConfig(path, { postDir: '/data/post', units: [1, 4], threads: 2, coinbase, paused: true });
    assert.deepEqual(readSmeshingConfig(path), { postDir: '/data/post', units: [1, 4], threads: 2, coinbase, paused: true });
    if (process.platform !== 'win32') assert.equal(statSync(path).mode & 0o777, 0o644);
    await writeSmeshingConfig(path, { postDir: '/data/post', units: [1], paused: false });
    assert.deepEqual(readSmeshingConfig(path), { postDir: '/data/post', units: [1], paused: false });
    assert.deepEqual(JSON.parse(readFileSync(path, 'utf8')), { postDir: '/data/post', units: [1], paused: false });
    removeSmeshingConfig(path);
    removeSmeshingConfig(path);
    assert.equal(readSmeshingConfig(path), undefined);
  });

  it('refuses damaged or foreign files with BAD_OPTIONS', (t) => {
    const path = smeshingConfigPath(dir(t));
    const bad = [
      'not json',
      'null',
      '{}',
      '{"postDir":"","units":[1],"paused":false}',
      '{"postDir":"/p","units":[],"paused":false}',
      '{"postDir":"/p","units":[0],"paused":false}',
      '{"postDir":"/p","units":[1.5],"paused":false}',
      '{"postDir":"/p","units":[1],"paused":"no"}',
      '{"postDir":"/p","units":[1],"threads":0,"paused":false}',
      '{"postDir":"/p","units":[1],"coinbase":"zz","paused":false}',
      '{"postDir":"/p","units":[1],"coinbase":"0011","paused":false}',
    ];
    for (const text of bad) {
      writeFileSync(path, text);
      assert.throws(() => readSmeshingConfig(path), { code: 'BAD_OPTIONS' }, text);
    }
  });
});
