/**
 * The app and a node already running on its data folder (issue #17): a free folder is locked for the app; a folder
 * held by a node with an API is attached to over that API (calls and events go through; the app takes no lock and
 * starts nothing); a holder without an API, or whose API does not answer, is a clear error and the holder's lock is
 * left as it was. The attached service notices when the node goes away.
 * @module
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ApiEvents } from '../../../core/api/contract/contract.js';
import { loadOrCreateToken } from '../../../core/api/server/token.js';
import { startApiServer } from '../../../core/api/server/wsServer.js';
import { lockDataDir } from '../../../core/node/dataDir.js';
import { APP_COMMAND, openDataFolder } from '../../../electron/main/attach.js';
import { SMESHER_A, fixture, tempDir } from '../api/helpers.js';

const lockOf = (dir: string) => JSON.parse(readFileSync(join(dir, 'smesher.lock'), 'utf8')) as { pid: number; command: string; api?: string };

describe('the app and its data folder', () => {
  it('takes a free folder for itself', async (t) => {
    const dir = await tempDir(t);
    const folder = await openDataFolder(dir);
    assert.equal(folder.kind, 'own');
    assert.equal(lockOf(dir).command, APP_COMMAND);
    if (folder.kind === 'own') folder.lock.release();
  });

  it('attaches to the node that holds it, over its API, instead of starting a second one', async (t) => {
    const f = await fixture(t);
    const lock = lockDataDir(f.dataDir, 'smesher node');
    t.after(() => lock.release());
    const server = await startApiServer({ service: f.service, token: await loadOrCreateToken(f.dataDir), port: 0 });
    t.after(() => server.close());
    lock.setApi(server.url);
    const before = readFileSync(join(f.dataDir, 'smesher.lock'), 'utf8');

    const folder = await openDataFolder(f.dataDir);
    assert.equal(folder.kind, 'attached');
    if (folder.kind !== 'attached') return;
    t.after(() => folder.service.close());
    assert.equal(folder.holder.api, server.url);
    assert.equal(readFileSync(join(f.dataDir, 'smesher.lock'), 'utf8'), before, 'the holder\'s lock is untouched');

    const status = await folder.service.dispatch('node.status', {});
    assert.equal(status.ok, true);
    const seen: Array<ApiEvents['timeline']['event']> = [];
    folder.service.onEvent((event, data) => {
      if (event === 'timeline') seen.push((data as ApiEvents['timeline']).event);
    });
    f.node.events.emit('timeline', { event: 'post_proof', smesherId: SMESHER_A, publishEpoch: 3 });
    await folder.service.dispatch('node.status', {}); // a round trip: the push came first
    assert.deepEqual(seen, ['post_proof']);
    // Subscriptions are the window's own, answered here.
    const names: string[] = [];
    const sub = await folder.service.dispatch('events.subscribe', { events: ['reward'] }, { subscribe: (e) => (names.push(...e), e) });
    assert.deepEqual(sub, { ok: true, value: { events: ['reward'] } });
    assert.deepEqual(names, ['reward']);

    await server.close();
    await folder.service.disconnected;
  });

  it('a holder without an API, or whose API is silent, is an error in words; nothing starts, its lock stays', async (t) => {
    const dir = await tempDir(t);
    const lock = lockDataDir(dir, 'smesher node');
    t.after(() => lock.release());
    await loadOrCreateToken(dir);
    await assert.rejects(openDataFolder(dir), /in use by smesher node \(pid \d+, since .*\), which serves no API the app could attach to/);
    lock.setApi('http://127.0.0.1:1');
    await assert.rejects(openDataFolder(dir), /in use by smesher node \(pid \d+, api http:\/\/127\.0\.0\.1:1, .*but its API at http:\/\/127\.0\.0\.1:1 did not answer/);
    assert.equal(lockOf(dir).pid, process.pid);
    assert.equal(lockOf(dir).command, 'smesher node');
  });
});
