/**
 * The rewards methods and the `rewardMissed` event through the dispatcher over the real reward account (state.sql
 * and local.sql in memory, as the node writes them): upcoming eligible layers come from the recorded eligibilities
 * (right after a restart, with no eligibility event seen), an epoch in progress shows its future layers as pending
 * and never as a gap, and a missed layer is reported once, after it was applied, with its cause.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApiEvents, ApiResult, EligibilityInfo, EpochRewardInfo, EventName } from '../../../core/api/contract/contract.js';
import { LOCAL_SCHEMA, type Executor, openDatabase } from '../../../core/db/database.js';
import { insertMeshLayer } from '../../../core/mesh/store.js';
import { insertEligibilities, insertSignedProposal } from '../../../core/proposals/localStore.js';
import { rewardAccount } from '../../../core/node/rewardAccount.js';
import { insertReward } from '../../../core/rewards/store.js';
import { hexToBytes } from '../../../core/util/bytes.js';
import { COINBASE_A, PRESET, SMESHER_A, type Fixture, fixture } from './helpers.js';

const LPE = PRESET.layersPerEpoch;
const ME = hexToBytes(SMESHER_A);

function value<T>(result: ApiResult<T>): T {
  assert.ok(result.ok, `expected ok, got ${JSON.stringify(result)}`);
  return result.value;
}

function refused(result: ApiResult<unknown>, code: string): void {
  assert.equal(result.ok, false, `expected ${code}, got ${JSON.stringify(result)}`);
  if (!result.ok) assert.equal(result.error.code, code, result.error.message);
}

const applied = (state: Executor, layer: number, decidedBy: 'hare' | 'empty' = 'empty') =>
  insertMeshLayer(state, { layer, blockId: decidedBy === 'hare' ? new Uint8Array(20).fill(layer) : null, decidedBy, opinionHash: new Uint8Array(32).fill(layer) });

/**
 * The fake node's clock stands in layer 25 (epoch 2). Recorded eligibilities: epoch 2 in layers 21, 23, 26 (x2),
 * 28; epoch 3 in 34. Layers 20–24 are applied: 21 paid, 23 applied empty with nothing signed (the node was off).
 */
async function consensusFixture(t: Parameters<typeof fixture>[0]): Promise<{ f: Fixture; local: Executor; missed: ApiEvents['rewardMissed'][] }> {
  const f = await fixture(t);
  const local = openDatabase(':memory:', LOCAL_SCHEMA);
  t.after(() => local.close());
  const record = (epoch: number, layers: { layer: number; count: number }[]) =>
    insertEligibilities(local, { smesherId: ME, epoch, atxId: new Uint8Array(32).fill(7), weight: 100n, totalWeight: 300n, slots: 5, layers });
  record(2, [
    { layer: 21, count: 1 },
    { layer: 23, count: 1 },
    { layer: 26, count: 2 },
    { layer: 28, count: 1 },
  ]);
  record(3, [{ layer: 34, count: 1 }]);
  for (let layer = 20; layer <= 24; layer++) applied(f.state, layer, layer === 21 ? 'hare' : 'empty');
  insertReward(f.state, { smesherId: ME, coinbase: hexToBytes(COINBASE_A), layer: 21, totalReward: 5000n, layerReward: 5000n });
  // Only the reward account is needed of consensus; it reads the same databases the node's would.
  f.node.consensus = { rewardAccount: (id: Uint8Array, epoch: number) => rewardAccount(f.state, local, id, epoch, LPE) } as never;
  const missed: ApiEvents['rewardMissed'][] = [];
  f.service.onEvent((event: EventName, data: unknown) => {
    if (event === 'rewardMissed') missed.push(data as ApiEvents['rewardMissed']);
  });
  return { f, local, missed };
}

const blockApplied = (f: Fixture, layer: number) =>
  f.node.events.emit('mesh', { event: 'block_applied', layer, blockId: null, decidedBy: 'empty', stateHash: '00', executedTxs: 0, burnt: '0' });

describe('rewards over the recorded eligibilities', () => {
  it('rewards.upcoming answers from local.sql with no eligibility event seen (after a restart), with forecasts', async (t) => {
    const { f } = await consensusFixture(t);
    const upcoming = value(await f.service.dispatch('rewards.upcoming', {})) as EligibilityInfo[];
    assert.deepEqual(
      upcoming.map((u) => [u.layer, u.count, u.layerTimeMs]),
      [
        [26, 2, f.node.genesisTimeMs + 26 * PRESET.layerDurationMs],
        [28, 1, f.node.genesisTimeMs + 28 * PRESET.layerDurationMs],
        [34, 1, f.node.genesisTimeMs + 34 * PRESET.layerDurationMs],
      ],
    );
    assert.ok(upcoming.every((u) => u.expected !== undefined && BigInt(u.expected) > 0n));
    refused(await f.service.dispatch('rewards.upcoming', { epoch: 2 }), 'INVALID_ARGS');
    refused(await f.service.dispatch('rewards.upcoming', { fromLayer: 30 }), 'INVALID_ARGS');
  });

  it('rewards.epochs: an epoch in progress reports future eligible layers as pending, never as a gap', async (t) => {
    const { f } = await consensusFixture(t);
    const [epoch2, epoch3, ...rest] = value(await f.service.dispatch('rewards.epochs', { fromEpoch: 2, toEpoch: 3 })) as EpochRewardInfo[];
    assert.equal(rest.length, 0);
    assert.deepEqual(epoch2!.layers!.map((l) => [l.layer, l.outcome]), [[21, 'paid'], [23, 'node_offline'], [26, 'pending'], [28, 'pending']]);
    assert.deepEqual(epoch2!.gaps.filter((g) => g.cause !== 'share_variance').map((g) => [g.layer, g.cause]), [[23, 'node_offline']]);
    assert.ok(epoch2!.gaps.every((g) => g.layer < 25), 'no gap for a layer not reached');
    assert.equal(epoch2!.pendingLayers, 2);
    const sum = epoch2!.gaps.reduce((s, g) => s + BigInt(g.amount), 0n);
    assert.equal(sum, BigInt(epoch2!.actual) - (BigInt(epoch2!.expected) - BigInt(epoch2!.pending!)));
    assert.deepEqual([epoch3!.epoch, epoch3!.pendingLayers, epoch3!.gaps], [3, 1, []]);
    refused(await f.service.dispatch('rewards.epochs', { fromEpoch: 'two' }), 'INVALID_ARGS');
    refused(await f.service.dispatch('rewards.epochs', { fromEpoch: 3, toEpoch: 2 }), 'INVALID_ARGS');
    refused(await f.service.dispatch('rewards.epochs', { fromEpoch: 2, extra: true }), 'INVALID_ARGS');
  });

  it('rewardMissed: once per missed layer, after it is applied, with the account cause; nothing for paid, other or future layers', async (t) => {
    const { f, local, missed } = await consensusFixture(t);
    blockApplied(f, 21); // paid
    blockApplied(f, 22); // not eligible
    blockApplied(f, 23); // eligible, applied empty, nothing signed
    blockApplied(f, 23); // re-applied (a revert): not reported twice
    assert.deepEqual(missed, [{ smesherId: SMESHER_A, layer: 23, reason: 'node_offline' }]);

    // 26: a proposal was signed, and an event arrives before the layer is in the mesh: it can still pay.
    insertSignedProposal(local, { smesherId: ME, layer: 26, proposalId: new Uint8Array(20).fill(26), bytes: new Uint8Array([1]), signedMs: 1 });
    blockApplied(f, 26);
    assert.equal(missed.length, 1, 'a layer not applied is not missed yet');
    // Applied with a block that left our proposal out.
    applied(f.state, 25);
    applied(f.state, 26, 'hare');
    blockApplied(f, 26);
    assert.deepEqual(missed[1], { smesherId: SMESHER_A, layer: 26, reason: 'late_proposal' });
  });

  it('rewardMissed stays quiet without consensus and never breaks the node loop on a failing account', async (t) => {
    const f = await fixture(t);
    const missed: unknown[] = [];
    f.service.onEvent((event) => void (event === 'rewardMissed' && missed.push(event)));
    blockApplied(f, 23);
    f.node.consensus = {
      rewardAccount: () => {
        throw new Error('disk on fire');
      },
    } as never;
    assert.doesNotThrow(() => blockApplied(f, 24));
    assert.deepEqual(missed, []);
    assert.ok(f.logLines.some((l) => l.includes('missed-reward check failed')));
  });
});
