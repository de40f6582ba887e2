/**
 * The setup wizard's path end to end in real processes and real time: `smesher node --preset standalone` without
 * --smesh, then `smeshing.start` over the WebSocket API; PoST init progress arrives as events, then the identity's
 * first ATX (epoch 1: about a minute after genesis, the earliest standalone allows). The setup is saved for the
 * next start and the node stops cleanly.
 * @module
 */
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { ApiClient } from '../../core/api/server/client.js';
import type { ApiEvents, NodeStatus } from '../../core/api/contract/contract.js';
import { tempDir } from './helpers.js';
import { NodeProcess } from './process.js';

describe('smeshing started over the API on a running node', () => {
  it('smeshing.start on `smesher node` without --smesh: init progress, then an ATX', { timeout: 150_000 }, async (t) => {
    const { dir, cleanup } = tempDir();
    const dataDir = join(dir, 'data');
    const postDir = join(dir, 'post');
    const node = new NodeProcess(['--preset', 'standalone', '--data-dir', dataDir, '--api-port', '0']);
    t.after(() => node.kill());
    const api = await new Promise<string>((resolve, reject) => {
      createInterface({ input: node.child.stdout! }).on('line', (line) => {
        if (line.startsWith('api ')) resolve(line.slice(4));
      });
      void node.exited.then(() => reject(new Error(`node exited early:\n${node.lines.slice(-8).map((l) => JSON.stringify(l)).join('\n')}`)));
    });
    const token = (await readFile(join(dataDir, 'api-token'), 'utf8')).trim();
    const client = await ApiClient.connect({ url: api, token });
    t.after(() => client.close());
    // After the closes above: hooks run in the order they were registered.
    t.after(cleanup);

    const before = await client.request('node.status', {});
    assert.equal(before.smeshing, false);
    const progress: Array<ApiEvents['progress']> = [];
    const atxs: Array<ApiEvents['atx']> = [];
    await client.subscribe('progress', (p) => progress.push(p));
    const gotAtx = new Promise<void>((resolve) => {
      void client.subscribe('atx', (a) => {
        atxs.push(a);
        resolve();
      });
    });

    const started: NodeStatus = await client.request('smeshing.start', { postDir, units: [1] });
    assert.equal(started.smeshing, true);
    const smesherId = started.identities[0]!.smesherId;
    await assert.rejects(client.request('smeshing.start', { postDir, units: [1] }), { code: 'ALREADY_SMESHING' });

    await gotAtx;
    assert.ok(progress.some((p) => p.smesherId === smesherId && p.labelsDone === p.labelsTotal), 'PoST init progress reached the end');
    assert.equal(atxs[0]!.smesherId, smesherId);
    assert.equal(atxs[0]!.publishEpoch, 1);
    const status = await client.request('node.status', {});
    assert.equal(status.identities[0]!.smesherId, smesherId);

    // The setup is saved in the network directory for the next start.
    const networkDir = (await readdir(dataDir)).find((n) => n.startsWith('standalone-'))!;
    assert.deepEqual(JSON.parse(await readFile(join(dataDir, networkDir, 'smeshing.json'), 'utf8')), { postDir, units: [1], paused: false });
    await client.close();
    assert.equal(await node.stop(), 0);
  });
});
