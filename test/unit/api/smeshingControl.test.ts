/**
 * `smeshing.start/pause/resume/stop` through the dispatcher of a real API host around a real standalone node (fake
 * clock, LocalProver, real SQLite): the host hands the node's controller to the API, valid calls answer the new
 * status (with the `paused` state), invalid arguments are INVALID_ARGS, and refused transitions carry the
 * controller's codes and change nothing.
 * @module
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ApiResult, NodeStatus, SmeshingProgress } from '../../../core/api/contract/contract.js';
import { startNodeHost } from '../../../core/api/server/host.js';
import { createNode } from '../../../core/node/node.js';
import { standalone } from '../../../core/params/presets.js';
import { LocalProver } from '../../../core/post/localProver.js';
import { encodeAddress } from '../../../core/types/address.js';
import { FakeClock } from '../../../core/util/clock.js';
import { nullLogger } from '../../../core/util/logger.js';
import { tempDir } from './helpers.js';

function value<T>(result: ApiResult<unknown>): T {
  assert.equal(result.ok, true, result.ok ? '' : `${result.error.code}: ${result.error.message}`);
  return (result as { value: T }).value;
}

function refused(result: ApiResult<unknown>, code: string): void {
  assert.equal(result.ok, false, `expected ${code}`);
  if (!result.ok) assert.equal(result.error.code, code, result.error.message);
}

describe('smeshing controls over the API', () => {
  it('start, pause, resume and stop with valid and invalid arguments', async (t) => {
    const dir = await tempDir(t);
    const dataDir = join(dir, 'data');
    const clock = new FakeClock(1_800_000_000_000);
    const node = await createNode({ preset: standalone }, { logger: nullLogger, clock, proverFactory: () => new LocalProver(), dataDir });
    t.after(() => node.close());
    const host = await startNodeHost({ node, dataDir, clock, logger: nullLogger, version: 'test', listen: false });
    t.after(() => host.close());
    const call = (method: string, args?: unknown): Promise<ApiResult<unknown>> => host.service.dispatch(method, args);
    const postDir = join(dir, 'post');
    // Every `status` push, to show that start, pause, resume and stop reach subscribers at once (no layer passes).
    const pushed: NodeStatus[] = [];
    host.service.onEvent((event, data) => {
      if (event === 'status') pushed.push(data as NodeStatus);
    });
    const lastPushedStates = (): string[] => (pushed.at(-1)?.identities ?? []).map((i) => i.state);

    assert.equal(value<NodeStatus>(await call('node.status')).smeshing, false);
    for (const m of ['smeshing.pause', 'smeshing.resume', 'smeshing.stop']) refused(await call(m, {}), 'NOT_SMESHING');

    // start: invalid arguments, then refusals by the node; none of them starts anything.
    refused(await call('smeshing.start', {}), 'INVALID_ARGS');
    refused(await call('smeshing.start', { postDir: '', units: [1] }), 'INVALID_ARGS');
    refused(await call('smeshing.start', { postDir, units: [] }), 'INVALID_ARGS');
    refused(await call('smeshing.start', { postDir, units: [0] }), 'INVALID_ARGS');
    refused(await call('smeshing.start', { postDir, units: [standalone.post.maxUnits + 1] }), 'INVALID_ARGS');
    refused(await call('smeshing.start', { postDir, units: [1], threads: 0 }), 'INVALID_ARGS');
    refused(await call('smeshing.start', { postDir, units: [1], extra: true }), 'INVALID_ARGS');
    refused(await call('smeshing.start', { postDir, units: [1], coinbase: 'sm1notanaddress' }), 'INVALID_ARGS');
    const foreign = encodeAddress(new Uint8Array(24).fill(1).fill(0, 0, 4), 'sm');
    refused(await call('smeshing.start', { postDir, units: [1], coinbase: foreign }), 'WRONG_HRP');
    await writeFile(join(dir, 'a-file'), '');
    refused(await call('smeshing.start', { postDir: join(dir, 'a-file', 'post'), units: [1] }), 'POST_DIR_UNWRITABLE');
    assert.deepEqual(value<NodeStatus>(await call('node.status')).identities, []);

    const coinbase = encodeAddress(new Uint8Array(24).fill(2).fill(0, 0, 4), standalone.hrp);
    const started = value<NodeStatus>(await call('smeshing.start', { postDir, units: [1, 2], threads: 1, coinbase }));
    assert.equal(started.smeshing, true);
    assert.deepEqual(started.identities.map((i) => [i.numUnits, i.postDir, i.coinbase]), [
      [1, join(postDir, 'post-0'), coinbase],
      [2, join(postDir, 'post-1'), coinbase],
    ]);
    assert.ok(started.identities.every((i) => i.state !== 'paused'));
    assert.equal(pushed.at(-1)?.identities.length, 2, 'start pushed a status with both identities');
    refused(await call('smeshing.start', { postDir, units: [1] }), 'ALREADY_SMESHING');

    // pause / resume: valid, repeated (refused), and with stray arguments.
    refused(await call('smeshing.pause', { now: true }), 'INVALID_ARGS');
    const paused = value<NodeStatus>(await call('smeshing.pause', {}));
    assert.deepEqual(paused.identities.map((i) => i.state), ['paused', 'paused']);
    assert.deepEqual(lastPushedStates(), ['paused', 'paused']);
    refused(await call('smeshing.pause'), 'ALREADY_PAUSED');
    const progress = value<SmeshingProgress[]>(await call('smeshing.progress'));
    assert.deepEqual(progress.map((p) => p.state), ['paused', 'paused']);
    refused(await call('smeshing.resume', { now: true }), 'INVALID_ARGS');
    const resumed = value<NodeStatus>(await call('smeshing.resume'));
    assert.ok(resumed.identities.every((i) => i.state !== 'paused'));
    assert.ok(lastPushedStates().every((s) => s !== 'paused'));
    refused(await call('smeshing.resume'), 'NOT_PAUSED');

    // stop: forgets the setup.
    refused(await call('smeshing.stop', { now: true }), 'INVALID_ARGS');
    const stopped = value<NodeStatus>(await call('smeshing.stop'));
    assert.equal(stopped.smeshing, false);
    assert.deepEqual(stopped.identities, []);
    assert.deepEqual(lastPushedStates(), []);
    refused(await call('smeshing.stop'), 'NOT_SMESHING');
    refused(await call('smeshing.pause'), 'NOT_SMESHING');
  });
});
