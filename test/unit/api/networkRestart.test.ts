/**
 * The host's restart path for `network.join` in process (real standalone nodes, fake clock, real SQLite): the swap
 * closes the old node before the new one starts, a network whose node fails to start brings the previous network
 * back (same GenesisID, the API answering) and reports the start error, nothing is saved for it, and calls made
 * while the restart runs wait for it and reach the node that runs afterwards, and subscribers get a `status` push.
 * @module
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ApiResult, NetworkInfo } from '../../../core/api/contract/contract.js';
import { startNodeHost } from '../../../core/api/server/host.js';
import { CHOSEN_NETWORK_FILE } from '../../../core/node/chosenNetwork.js';
import { createNode, type SmesherNode } from '../../../core/node/node.js';
import { newNetworkFile } from '../../../core/params/newNetwork.js';
import type { NetworkDefinition } from '../../../core/params/networkFile.js';
import { standalone } from '../../../core/params/presets.js';
import { LocalProver } from '../../../core/post/localProver.js';
import { FakeClock } from '../../../core/util/clock.js';
import { nullLogger } from '../../../core/util/logger.js';
import { tempDir } from './helpers.js';

describe('network.join: the host restart', () => {
  it('brings the previous network back when the new node fails to start, and saves nothing', async (t) => {
    const dataDir = join(await tempDir(t), 'data');
    const clock = new FakeClock(1_800_000_000_000);
    const deps = { logger: nullLogger, clock, proverFactory: () => new LocalProver(), dataDir };
    const started: string[] = [];
    let open: SmesherNode | undefined;
    const restart = async (network: NetworkDefinition | null): Promise<SmesherNode> => {
      assert.equal(open, undefined, 'the old node is closed before the next one starts');
      started.push(network?.name ?? 'standalone');
      if (network !== null) throw new Error('the port is taken');
      open = await createNode({ preset: standalone }, deps);
      const close = open.close.bind(open);
      open = Object.assign(open, { close: async () => ((open = undefined), await close()) });
      return open;
    };
    const first = await restart(null);
    const host = await startNodeHost({ node: first, dataDir, clock, logger: nullLogger, version: 'test', listen: false, restart });
    t.after(async () => {
      await host.close();
      await host.node().close();
    });
    const call = (method: string, args?: unknown): Promise<ApiResult<unknown>> => host.service.dispatch(method, args);
    const before = (await call('network.info')) as { ok: true; value: NetworkInfo };
    const pushed: string[] = [];
    host.service.onEvent((event, data) => {
      if (event === 'status') pushed.push((data as { network: NetworkInfo }).network.genesisId);
    });

    const file = newNetworkFile({ name: 'Doomed', preset: 'devnet', genesisTimeMs: clock.now() + 60_000, suffix: new Uint8Array(4) });
    const joining = call('network.join', { file });
    const during = call('network.info');
    const refusal = await joining;
    assert.equal(refusal.ok, false);
    assert.deepEqual((refusal as { ok: false; error: unknown }).error, {
      code: 'NETWORK_START_FAILED',
      message: 'the node could not start on the network "Doomed" (the port is taken); it runs the network it ran before',
    });
    const after = (await during) as { ok: true; value: NetworkInfo };
    assert.equal(after.ok, true, 'a call made during the restart is answered by the node running afterwards');
    assert.equal(after.value.genesisId, before.value.genesisId, 'standalone is back, on its own chain');
    assert.deepEqual(started, ['standalone', 'Doomed', 'standalone']);
    assert.deepEqual(pushed, [before.value.genesisId], 'windows hear at once which network runs');
    assert.notEqual(host.node(), first);
    assert.equal(existsSync(join(dataDir, CHOSEN_NETWORK_FILE)), false, 'a failed switch is not remembered');
  });
});
