/**
 * The tortoise across a restart (core/node/tortoise.ts `recover`), on a fake clock with real components: a standalone
 * node smeshes into epoch 3 with the tortoise verifying every layer behind the last; closed and reopened on the same
 * folders, its tortoise rebuilds the window from state.sql with the same opinion as the applied layers, keeps
 * verifying, and the node's next ballots carry votes that decode (every eligible layer after the restart proposed
 * and paid).
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MeshEvent } from '../../core/types/timeline.js';
import { epochStartMs } from '../../core/types/layers.js';
import { bytesToHex } from '../../core/util/bytes.js';
import { startStandalone, tempDir } from './helpers.js';

describe('the tortoise across a restart', () => {
  it('rebuilds its window from disk and keeps verifying and voting', async (t) => {
    const { dir, cleanup } = tempDir();
    t.after(cleanup);
    const first = await startStandalone({ dataDir: `${dir}/data`, postDir: `${dir}/post`, units: [1] });
    const timing = first.node.layers.timing;
    await first.runUntil(() => (first.node.consensus!.mesh.lastApplied() ?? 0) >= 26, epochStartMs(timing, 4));
    const before = first.node.consensus!;
    const lastBefore = before.mesh.lastApplied()!;
    assert.ok(before.tortoise.verified >= lastBefore - 1, `verified ${before.tortoise.verified} of ${lastBefore} applied`);
    await first.node.close();

    const second = await startStandalone({ dataDir: `${dir}/data`, postDir: `${dir}/post`, units: [1], clock: first.clock });
    t.after(() => second.node.close());
    const consensus = second.node.consensus!;
    const applied = consensus.mesh.lastApplied()!;
    assert.ok(applied >= lastBefore);
    assert.equal(bytesToHex(consensus.tortoise.core.opinionOf(applied)!), bytesToHex(consensus.mesh.opinionOf(applied)!), 'the recovered opinion is the applied one');
    const events: MeshEvent[] = [];
    second.node.events.on('mesh', (e) => events.push(e));
    await second.runUntil(() => (consensus.mesh.lastApplied() ?? 0) >= applied + 6, epochStartMs(timing, 5));
    assert.ok(consensus.tortoise.verified >= applied + 4, `still verifying after the restart (verified ${consensus.tortoise.verified})`);
    const proposed = events.filter((e) => e.event === 'proposal_published').map((e) => e.layer);
    const paid = new Set(events.filter((e) => e.event === 'reward').map((e) => e.layer));
    assert.ok(proposed.length >= 4, `proposals after the restart (${proposed.join(',')})`);
    for (const layer of proposed) if (layer <= applied + 5) assert.ok(paid.has(layer), `the proposal of layer ${layer} was paid`);
    // No layer lost its block: whatever was applied after the restart (re-applied ones included) holds one.
    for (const e of events) if (e.event === 'block_applied') assert.ok(e.blockId !== null, `layer ${e.layer} applied with its block`);
    for (let layer = applied; layer <= consensus.mesh.lastApplied()!; layer++) {
      assert.equal(bytesToHex(consensus.tortoise.core.opinionOf(layer) ?? new Uint8Array()), bytesToHex(consensus.mesh.opinionOf(layer)!), `layer ${layer}: tortoise and mesh agree`);
    }
  });
});
