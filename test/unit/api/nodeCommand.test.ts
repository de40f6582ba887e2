/**
 * `smesher node` is the headless host: it prints the API and UI addresses (the UI one carrying the token), answers
 * /healthz and token-authenticated calls on 127.0.0.1, records its endpoint for the wallet CLI, and removes that
 * record when stopped; its log lines go to stderr and to `<data-dir>/logs/smesher.log`.
 * @module
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { readEndpoint } from '../../../core/api/server/endpoint.js';
import { tempDir } from './helpers.js';

const SMESHER = join(import.meta.dirname, '..', '..', '..', 'core', 'bin', 'smesher.js');

describe('smesher node as the headless host', () => {
  it('serves the API on 127.0.0.1 with the data dir token and cleans up on SIGTERM', async (t) => {
    const dataDir = await tempDir(t);
    const child = spawn(process.execPath, [SMESHER, 'node', '--data-dir', dataDir, '--api-port', '0', '--log-format', 'json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    t.after(() => child.kill('SIGKILL'));
    const exited = once(child, 'exit');
    const lines: string[] = [];
    const ui = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).on('line', (line) => {
        lines.push(line);
        if (line.startsWith('ui ')) resolve(line.slice(3));
      });
      void exited.then(() => reject(new Error(`node exited early: ${lines.join('\n')}`)));
    });
    const api = lines.find((l) => l.startsWith('api '))!.slice(4);
    assert.match(api, /^http:\/\/127\.0\.0\.1:\d+$/);
    const token = (await readFile(join(dataDir, 'api-token'), 'utf8')).trim();
    assert.equal(ui, `${api}/?token=${token}`);
    assert.equal((await readEndpoint(dataDir))?.url, api);

    assert.deepEqual(await (await fetch(`${api}/healthz`)).json(), { ok: true });
    assert.equal((await fetch(`${api}/api`, { method: 'POST', body: '{"method":"node.status"}' })).status, 401);
    const status = (await (await fetch(`${api}/api`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: '{"method":"node.status"}' })).json()) as {
      ok: boolean;
      value: { network: { preset: string } };
    };
    assert.equal(status.ok, true);
    assert.equal(status.value.network.preset, 'standalone');

    child.kill('SIGTERM');
    const [code] = (await exited) as [number | null];
    assert.equal(code, 0);
    assert.equal(await readEndpoint(dataDir), undefined);

    // The same JSON lines as on stderr, in the rotating file, and the token never among them.
    const logged = (await readFile(join(dataDir, 'logs', 'smesher.log'), 'utf8')).trim().split('\n');
    assert.ok(logged.length > 0);
    for (const line of logged) assert.equal(typeof (JSON.parse(line) as { msg: unknown }).msg, 'string', line);
    assert.ok(logged.every((line) => !line.includes(token)), 'the API token never reaches the log');
  });
});
