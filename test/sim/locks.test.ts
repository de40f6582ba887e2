/**
 * One node per data folder and per PoS folder, as real processes (issue #17 "Done when"): while a smeshing
 * `smesher node` runs, a second node on its data folder, a node on another data folder but the same PoS folder, and
 * `smesher post init` on that PoS folder are each refused with one line naming the first (pid, API address), and
 * the first keeps running untouched: its API answers, its endpoint and lock files are as it wrote them. After a
 * clean stop both locks are gone; after a kill -9 the next node takes the stale lock over.
 * @module
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ApiClient } from '../../core/api/server/client.js';
import { NodeProcess } from './process.js';

const SMESHER = join(import.meta.dirname, '..', '..', 'core', 'bin', 'smesher.js');

function smesher(args: readonly string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [SMESHER, ...args], { encoding: 'utf8' }, (err, _stdout, stderr) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : 1, stderr });
    });
  });
}

/** The one raw (non-JSON) stderr line a refused process printed, once it has exited. */
async function refusal(p: NodeProcess): Promise<{ code: number | null; line: string }> {
  const { code } = await p.exited;
  const raw = p.lines.filter((l) => l.level === 'raw');
  assert.equal(raw.length, 1, raw.map((l) => l.msg).join('\n'));
  return { code, line: raw[0]!.msg };
}

const json = (path: string): Record<string, unknown> => JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;

/** Resolves once the node on `data` has published its API address (the endpoint file and its lock both name it). */
async function serving(p: NodeProcess, data: string): Promise<string> {
  const listening = await p.waitFor((l) => l.msg === 'API listening');
  const url = String(listening.url);
  for (let i = 0; i < 500; i++) {
    try {
      if (json(join(data, 'api-endpoint.json')).url === url && json(join(data, 'smesher.lock')).api === url) return url;
    } catch {
      // not written yet
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`the node on ${data} never published ${url}`);
}

describe('exclusive locks between processes', () => {
  it('a second node on the same data folder or PoS folder is refused, and the first keeps running untouched', async (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'smesher-locks-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const data = join(dir, 'data');
    const post = join(dir, 'post');
    const common = ['--preset', 'standalone', '--api-port', '0'];
    const first = new NodeProcess([...common, '--data-dir', data, '--smesh', '--post-dir', post, '--units', '1']);
    t.after(() => first.kill());
    const api = await serving(first, data);
    const pid = first.child.pid!;
    const endpointBefore = readFileSync(join(data, 'api-endpoint.json'), 'utf8');
    assert.deepEqual([json(join(data, 'smesher.lock')).pid, json(join(data, 'smesher.lock')).api], [pid, api]);
    assert.equal(json(join(post, 'post-0', 'smesher.lock')).pid, pid);

    // The same data folder (also without smeshing and without an API of its own).
    const second = new NodeProcess([...common, '--data-dir', data, '--no-api']);
    const sameData = await refusal(second);
    assert.equal(sameData.code, 1);
    assert.match(sameData.line, new RegExp(`^smesher node: the data folder ${data} is in use by smesher node \\(pid ${pid}, api ${api}, since `));

    // Another data folder, the same PoS folder.
    const third = new NodeProcess([...common, '--data-dir', join(dir, 'other'), '--smesh', '--post-dir', post, '--units', '1']);
    const samePos = await refusal(third);
    assert.equal(samePos.code, 1);
    assert.match(samePos.line, new RegExp(`the PoS folder ${join(post, 'post-0')} is in use by a Smesher node \\(pid ${pid}, since `));
    assert.equal(existsSync(join(dir, 'other', 'smesher.lock')), false, 'the refused node released its own data folder');

    // A PoST init by hand on that folder.
    const init = await smesher(['post', 'init', '--dir', join(post, 'post-0'), '--node-id', '11'.repeat(32), '--commitment-atx', '22'.repeat(32), '--units', '1', '--labels-per-unit', '64']);
    assert.equal(init.code, 1);
    assert.match(init.stderr.trim(), new RegExp(`^smesher post: the PoS folder ${join(post, 'post-0')} is in use by a Smesher node \\(pid ${pid}`));

    // The first one: still running, its files as it wrote them, its API answering.
    assert.equal(first.child.exitCode, null);
    assert.equal(readFileSync(join(data, 'api-endpoint.json'), 'utf8'), endpointBefore);
    assert.equal(json(join(data, 'smesher.lock')).pid, pid);
    const client = await ApiClient.connect({ url: api, token: readFileSync(join(data, 'api-token'), 'utf8').trim() });
    const status = await client.request('node.status', {});
    await client.close();
    assert.equal(status.identities.length, 1);
    assert.ok(!first.lines.some((l) => l.level === 'error'), 'no errors in the first node');

    // A clean stop releases both locks and its endpoint file.
    assert.equal(await first.stop(), 0);
    for (const file of [join(data, 'smesher.lock'), join(post, 'post-0', 'smesher.lock'), join(data, 'api-endpoint.json')]) assert.equal(existsSync(file), false, file);

    // kill -9 leaves the lock behind; the next node finds its holder gone and takes it over.
    const crashed = new NodeProcess([...common, '--data-dir', data]);
    await serving(crashed, data);
    await crashed.kill();
    assert.equal(json(join(data, 'smesher.lock')).pid, crashed.child.pid);
    const next = new NodeProcess([...common, '--data-dir', data]);
    t.after(() => next.kill());
    await serving(next, data);
    assert.equal(json(join(data, 'smesher.lock')).pid, next.child.pid);
    assert.equal(await next.stop(), 0);
  });
});
