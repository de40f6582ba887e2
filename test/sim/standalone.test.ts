/**
 * Standalone smeshing on a fake clock (issue #5 "done when"): a fresh data dir with 1 unit publishes its first ATX
 * in epoch 1 and one every epoch after; with units 1,2,4 all three identities publish and their weights stand
 * 1:2:4. Real PoST (N=8192, 64 labels/unit), real embedded PoET, real SQLite.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ActivationEvent } from '../../core/activation/interface.js';
import { epochStartMs } from '../../core/types/layers.js';
import { bytesToHex } from '../../core/util/bytes.js';
import { startStandalone, tempDir } from './helpers.js';

describe('standalone node on a fake clock', () => {
  it('1 unit: first ATX in epoch 1, then one per epoch, chained by sequence and prev ATX', async (t) => {
    const { dir, cleanup } = tempDir();
    const sim = await startStandalone({ dataDir: `${dir}/data`, postDir: `${dir}/post`, units: [1] });
    t.after(() => sim.node.close());
    // After the closes above: hooks run in the order they were registered.
    t.after(cleanup);
    const timeline: ActivationEvent[] = [];
    sim.node.events.on('timeline', (e) => timeline.push(e));
    const timing = sim.node.layers.timing;
    await sim.runUntil(() => sim.node.listAtxs(3).length === 1, epochStartMs(timing, 4));

    const [id] = sim.node.identities();
    assert.equal(id!.state, 'sleeping');
    const atxs = [1, 2, 3].map((e) => sim.node.listAtxs(e));
    assert.deepEqual(atxs.map((a) => a.length), [1, 1, 1]);
    const [a1, a2, a3] = atxs.map((a) => a[0]!);
    assert.equal(sim.node.listAtxs(0).length, 0);
    assert.deepEqual([a1!.sequence, a2!.sequence, a3!.sequence], [0, 1, 2]);
    assert.equal(bytesToHex(a2!.prevId), bytesToHex(a1!.id));
    assert.equal(bytesToHex(a3!.prevId), bytesToHex(a2!.id));
    assert.equal(bytesToHex(a1!.positioningId), bytesToHex(sim.node.goldenAtxId), 'first ATX positions on the golden ATX');
    assert.equal(bytesToHex(a2!.positioningId), bytesToHex(a1!.id));
    assert.ok(a1!.tickCount >= 1 && a1!.weight === a1!.tickCount, 'weight = 1 unit × ticks');
    assert.equal(a2!.baseTickHeight, a1!.tickCount);
    // Each ATX was published inside its publish epoch.
    for (const [i, a] of [a1, a2, a3].entries()) {
      assert.ok(a!.receivedMs >= epochStartMs(timing, i + 1) && a!.receivedMs < epochStartMs(timing, i + 2));
    }
    const names = timeline.map((e) => e.event).filter((n) => n !== 'post_init_progress');
    assert.deepEqual(names.slice(0, 6), ['post_init_done', 'poet_registered', 'poet_proof', 'post_proof', 'atx_published', 'poet_registered']);
    assert.equal(names.filter((n) => n === 'atx_published').length, 3);
    assert.equal(sim.node.signedAtxs(a1!.smesherId).length, 3);
  });

  it('units 1,2,4: three identities publish every epoch and their weights stand 1:2:4', async (t) => {
    const { dir, cleanup } = tempDir();
    const sim = await startStandalone({ dataDir: `${dir}/data`, postDir: `${dir}/post`, units: [1, 2, 4] });
    t.after(() => sim.node.close());
    // After the closes above: hooks run in the order they were registered.
    t.after(cleanup);
    await sim.runUntil(() => sim.node.listAtxs(2).length === 3, epochStartMs(sim.node.layers.timing, 3));
    const ids = sim.node.identities();
    for (const epoch of [1, 2]) {
      const atxs = sim.node.listAtxs(epoch);
      const byUnits = new Map(atxs.map((a) => [a.numUnits, a]));
      assert.deepEqual([...byUnits.keys()].sort(), [1, 2, 4]);
      const w1 = byUnits.get(1)!.weight;
      assert.ok(w1 > 0);
      assert.deepEqual([1, 2, 4].map((u) => byUnits.get(u)!.weight / w1), [1, 2, 4], `epoch ${epoch} weights`);
      for (const a of atxs) assert.ok(ids.some((i) => i.smesherId === bytesToHex(a.smesherId)));
    }
  });
});
