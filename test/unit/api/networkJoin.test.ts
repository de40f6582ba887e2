/**
 * `network.join` on the real headless host (`smesher node`): the node restarts on a network file's network behind the
 * same API address and token, the Node screen's facts name it, the choice survives a restart of the process, and
 * going back to standalone finds that network's chain where it was left. A malformed file, the network the node
 * already runs and a data dir it may not write are refused before anything stops.
 * @module
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it, type TestContext } from 'node:test';
import type { ApiResult, NetworkInfo } from '../../../core/api/contract/contract.js';
import { CHOSEN_NETWORK_FILE } from '../../../core/node/chosenNetwork.js';
import { newNetworkFile } from '../../../core/params/newNetwork.js';
import { tempDir } from './helpers.js';

const SMESHER = join(import.meta.dirname, '..', '..', '..', 'core', 'bin', 'smesher.js');

interface Host {
  call(method: string, args?: unknown): Promise<ApiResult<unknown>>;
  stop(): Promise<number | null>;
}

async function startHost(t: TestContext, dataDir: string, flags: readonly string[]): Promise<Host> {
  const child = spawn(process.execPath, [SMESHER, 'node', '--data-dir', dataDir, '--api-port', '0', '--listen', '/ip4/127.0.0.1/tcp/0', '--no-mdns', ...flags], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  t.after(() => child.kill('SIGKILL'));
  const exited = once(child, 'exit');
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const api = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('api ')) resolve(line.slice(4));
    });
    void exited.then(() => reject(new Error(`node exited early: ${err.slice(-2000)}`)));
  });
  const token = (await readFile(join(dataDir, 'api-token'), 'utf8')).trim();
  return {
    call: async (method, args = {}) =>
      (await (await fetch(`${api}/api`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: JSON.stringify({ method, args }) })).json()) as ApiResult<unknown>,
    stop: async () => {
      child.kill('SIGTERM');
      return ((await exited) as [number | null])[0];
    },
  };
}

function ok<T>(result: ApiResult<unknown>): T {
  assert.ok(result.ok, JSON.stringify(result));
  return result.value as T;
}

function refusedWith(result: ApiResult<unknown>, code: string): string {
  assert.equal(result.ok, false, JSON.stringify(result));
  if (result.ok) throw new Error('unreachable');
  assert.equal(result.error.code, code, result.error.message);
  return result.error.message;
}

describe('network.join on smesher node', () => {
  it('restarts on the joined network, keeps it across restarts, and goes back to standalone untouched', { timeout: 120_000 }, async (t) => {
    const dataDir = await tempDir(t);
    const host = await startHost(t, dataDir, ['--preset', 'standalone']);
    const standalone = ok<NetworkInfo>(await host.call('network.info'));
    assert.equal(standalone.preset, 'standalone');
    assert.equal(standalone.name, undefined);

    const file = newNetworkFile({ name: 'Friends', preset: 'devnet', genesisTimeMs: Date.now() + 60_000, suffix: new Uint8Array([1, 2, 3, 4]) });
    assert.match(refusedWith(await host.call('network.join', { file: '{"format": "smesher-network/1", "name": "x"}' }), 'BAD_NETWORK_FILE'), /"preset" must be a string/);
    refusedWith(await host.call('network.join', { file: null }), 'SAME_NETWORK');
    if (process.getuid?.() !== 0) {
      // Root writes anywhere: the refusal can only be seen as another user.
      await chmod(dataDir, 0o500);
      assert.match(refusedWith(await host.call('network.join', { file }), 'NETWORK_DIR_UNWRITABLE'), /may not write/);
      await chmod(dataDir, 0o700);
    }
    assert.equal(ok<NetworkInfo>(await host.call('network.info')).genesisId, standalone.genesisId, 'a refusal changes nothing');

    const joined = ok<{ name: string; preset: string; folder: string }>(await host.call('network.join', { file }));
    assert.equal(joined.name, 'Friends');
    const onNetwork = ok<NetworkInfo>(await host.call('network.info'));
    assert.deepEqual([onNetwork.preset, onNetwork.name], ['devnet', 'Friends']);
    assert.equal(ok<{ p2p: { peers: number } | null }>(await host.call('node.status')).p2p?.peers, 0, 'a network with peers (none yet)');
    refusedWith(await host.call('network.join', { file }), 'SAME_NETWORK');
    assert.equal((JSON.parse(await readFile(join(dataDir, CHOSEN_NETWORK_FILE), 'utf8')) as { name: string }).name, 'Friends');
    assert.equal(await host.stop(), 0);

    // Told no network, the next start runs the one joined last.
    const again = await startHost(t, dataDir, []);
    assert.equal(ok<NetworkInfo>(await again.call('network.info')).name, 'Friends');
    const back = ok<{ folder: string }>(await again.call('network.join', { file: null }));
    const info = ok<NetworkInfo>(await again.call('network.info'));
    assert.equal(info.genesisId, standalone.genesisId, 'standalone continues its own chain');
    assert.equal(back.folder, `standalone-${standalone.genesisId.slice(0, 8)}`);
    assert.deepEqual((await readdir(dataDir)).filter((d) => /^(standalone|devnet)-/.test(d)).sort(), [`devnet-${onNetwork.genesisId.slice(0, 8)}`, back.folder].sort());
    assert.equal(await again.stop(), 0);
    await assert.rejects(readFile(join(dataDir, CHOSEN_NETWORK_FILE)), /ENOENT/);
  });
});
