/**
 * Standalone consensus on a fake clock (issue #6 "done when"), real components throughout (PoST, embedded PoET,
 * ATXs, eligibility, proposals, hare, blocks, VM): the first reward lands in layer 20, the first layer after
 * effective genesis; with units 1,2,4 over five epochs every eligibility becomes a paid proposal and each
 * identity's reward share is within 2 % of its weight share; replaying all layers into an empty state database
 * gives the stored state hash.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDatabase, STATE_SCHEMA } from '../../core/db/database.js';
import { replayMesh } from '../../core/mesh/replay.js';
import type { MeshEvent } from '../../core/types/timeline.js';
import { rewardAccount } from '../../core/node/rewardAccount.js';
import { listRewardsBySmesher, listRewardsInLayers } from '../../core/rewards/store.js';
import { getEligibilities, getSignedProposal } from '../../core/proposals/localStore.js';
import { hexToBytes } from '../../core/util/bytes.js';
import { epochStartMs } from '../../core/types/layers.js';
import { bytesToHex } from '../../core/util/bytes.js';
import { loadIdentities } from '../../core/activation/identities.js';
import { getBalance, getTemplate } from '../../core/vm/vm.js';
import { listRewardsByCoinbase } from '../../core/rewards/store.js';
import { buildSelfSpawn, buildSpend } from '../../core/wallet/tx.js';
import { startStandalone, tempDir } from './helpers.js';

describe('standalone consensus on a fake clock', () => {
  it('1 unit: first reward in layer 20; a spend from the coinbase moves the amount and fees; replay gives the stored state hash', async (t) => {
    const { dir, cleanup } = tempDir();
    const sim = await startStandalone({ dataDir: `${dir}/data`, postDir: `${dir}/post`, units: [1] });
    t.after(() => sim.node.close());
    const events: MeshEvent[] = [];
    sim.node.events.on('mesh', (e) => events.push(e));
    await sim.runUntil(() => events.some((e) => e.event === 'reward'), epochStartMs(sim.node.layers.timing, 3));
    const reward = events.find((e) => e.event === 'reward')!;
    assert.equal(reward.event === 'reward' && reward.layer, 20);
    const elig = events.find((e) => e.event === 'eligibility');
    assert.ok(elig !== undefined && elig.event === 'eligibility' && elig.slots === 500, 'one identity holds all 500 slots');
    assert.ok(events.some((e) => e.event === 'proposal_published' && e.layer === 20));
    const consensus = sim.node.consensus!;
    const fresh = openDatabase(':memory:', STATE_SCHEMA);
    t.after(() => fresh.close());
    // The node's own state.sql is read through a second connection.
    const state = openDatabase(`${sim.node.networkDir}/state.sql`, STATE_SCHEMA);
    t.after(() => state.close());
    // After the closes above: hooks run in the order they were registered.
    t.after(cleanup);
    assert.equal(listRewardsInLayers(state, 20, 20).length, 1);
    assert.equal(bytesToHex(listRewardsInLayers(state, 20, 20)[0]!.smesherId), sim.node.identities()[0]!.smesherId);

    // Spend from the rewarded coinbase (the identity's own wallet account) to a new account, through the mempool,
    // a proposal, the hare and a block.
    const [identity] = loadIdentities({ keyDir: `${sim.node.networkDir}/identities`, postDir: `${dir}/post`, units: [1], genesisId: sim.node.genesisId });
    const signer = identity!.signer;
    const coinbase = identity!.coinbase;
    const to = new Uint8Array(24).fill(0x42, 4);
    const spawn = buildSelfSpawn(signer, { nonce: 0n, gasPrice: 1n });
    const spend = buildSpend(signer, { nonce: 1n, gasPrice: 1n, destination: to, amount: 1_000_000n });
    const spawnVerdict = await consensus.submitTx(spawn.raw);
    assert.equal(spawnVerdict.kind, 'accept', spawnVerdict.kind === 'accept' ? '' : spawnVerdict.error.message);
    // The mempool takes spends only from spawned accounts (core/mempool/handler.ts), so the spend follows the spawn.
    await sim.runUntil(() => getTemplate(state, coinbase) !== null, epochStartMs(sim.node.layers.timing, 3));
    assert.equal((await consensus.submitTx(spend.raw)).kind, 'accept');
    const overspend = buildSpend(signer, { nonce: 2n, gasPrice: 1n, destination: to, amount: 10n ** 18n });
    const over = await consensus.submitTx(overspend.raw);
    assert.ok(over.kind !== 'accept' && typeof over.error.code === 'string', 'an overspend is turned away');
    await sim.runUntil(() => getBalance(state, to) > 0n, epochStartMs(sim.node.layers.timing, 3));
    assert.equal(getBalance(state, to), 1_000_000n, 'exactly the amount arrives');
    const last = consensus.mesh.lastApplied()!;
    const earned = listRewardsByCoinbase(state, coinbase).filter((r) => r.layer <= last).reduce((s, r) => s + r.totalReward, 0n);
    assert.equal(getBalance(state, coinbase), earned - spawn.fee - spend.fee - 1_000_000n, 'rewards minus the amount and both fees');
    const replayed = await consensus.submitTx(spend.raw);
    assert.equal(replayed.kind, 'ignore', 'a replayed transaction changes nothing');
    const sameNonce = await consensus.submitTx(buildSpend(signer, { nonce: 1n, gasPrice: 2n, destination: to, amount: 5n }).raw);
    assert.ok(sameNonce.kind === 'ignore' && sameNonce.error.code === 'NONCE_TOO_LOW', 'a used nonce is refused');
    const replay = replayMesh(state, fresh, consensus.vm);
    assert.equal(replay.layer, last);
  });

  it('units 1,2,4 over epochs 2-6: every eligibility paid, reward shares within 2 % of weight shares, forecasts explained', async (t) => {
    const { dir, cleanup } = tempDir();
    const sim = await startStandalone({ dataDir: `${dir}/data`, postDir: `${dir}/post`, units: [1, 2, 4] });
    t.after(() => sim.node.close());
    const timing = sim.node.layers.timing;
    const lastLayer = 69;
    await sim.runUntil(() => (sim.node.consensus!.mesh.lastApplied() ?? 0) >= lastLayer, epochStartMs(timing, 7) + 10_000);
    const state = openDatabase(`${sim.node.networkDir}/state.sql`, STATE_SCHEMA);
    t.after(() => state.close());
    const local = openDatabase(`${sim.node.networkDir}/local.sql`, { ...(await import('../../core/db/database.js')).LOCAL_SCHEMA });
    t.after(() => local.close());
    // After the closes above: hooks run in the order they were registered.
    t.after(cleanup);
    const ids = sim.node.identities().map((i) => hexToBytes(i.smesherId));
    const totals = ids.map((id) => listRewardsBySmesher(state, id).filter((r) => r.layer <= lastLayer).reduce((s, r) => s + r.totalReward, 0n));
    const all = totals.reduce((a, b) => a + b, 0n);
    const report: string[] = [];
    for (const [i, id] of ids.entries()) {
      let weight = 0n;
      let total = 0n;
      for (let epoch = 2; epoch <= 6; epoch++) {
        const e = getEligibilities(local, id, epoch);
        assert.ok(e !== undefined, `identity ${i} has eligibilities in epoch ${epoch}`);
        weight += e.weight;
        total += e.totalWeight;
        const rewarded = new Set(listRewardsBySmesher(state, id).map((r) => r.layer));
        for (const { layer } of e.layers) {
          assert.ok(getSignedProposal(local, id, layer) !== undefined, `identity ${i} proposed in eligible layer ${layer}`);
          assert.ok(rewarded.has(layer), `identity ${i} was paid in eligible layer ${layer}`);
        }
        const account = sim.node.consensus!.rewardAccount(id, epoch)!;
        assert.deepEqual(account, rewardAccount(state, local, id, epoch, 10));
        const diff = account.actual - account.expected;
        const explained = account.gaps.reduce((s, g) => s + g.amount, 0n);
        assert.equal(explained, diff, `epoch ${epoch} identity ${i}: every smidge of difference has a cause`);
        const within1 = Number(diff < 0n ? -diff : diff) <= Number(account.expected) / 100;
        assert.ok(within1 || account.gaps.every((g) => g.cause === 'share_variance' || g.cause === 'fees'), `epoch ${epoch} identity ${i}`);
        report.push(`e${epoch} id${i} expected ${account.expected} actual ${account.actual} (${((Number(diff) / Number(account.expected)) * 100).toFixed(2)} %)`);
      }
      const weightShare = Number(weight) / Number(total);
      const rewardShare = Number(totals[i]!) / Number(all);
      report.push(`id${i} weight share ${weightShare.toFixed(4)} reward share ${rewardShare.toFixed(4)}`);
      assert.ok(Math.abs(rewardShare - weightShare) / weightShare < 0.02, `identity ${i}: reward share ${rewardShare} vs weight share ${weightShare}`);
    }
    t.diagnostic(report.join('\n'));
  });
});
