/**
 * Run-time smeshing control (core/node/smeshing.ts) on a real standalone node: fake clock, real PoST (LocalProver),
 * real embedded PoET, real SQLite and files. Smeshing started on a running node initialises, publishes an ATX and
 * then proposes and earns rewards (consensus learned the identity); pause during PoST init survives a restart and
 * resume continues the init where it stopped; stop forgets the setup; refused calls change nothing.
 * @module
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, it } from 'node:test';
import type { ActivationEvent } from '../../../core/activation/interface.js';
import type { MeshEvent } from '../../../core/types/timeline.js';
import { smeshingConfigPath } from '../../../core/node/smeshingConfig.js';
import { standalone } from '../../../core/params/presets.js';
import { LocalProver } from '../../../core/post/localProver.js';
import type { Prover } from '../../../core/post/prover.js';
import { epochStartMs } from '../../../core/types/layers.js';
import { startStandalone, tempDir } from '../../sim/helpers.js';

function savedConfig(networkDir: string): unknown {
  const path = smeshingConfigPath(networkDir);
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')) : undefined;
}

describe('run-time smeshing control', () => {
  it('starts on a running node: PoST init, ATX, then proposals and rewards; refused calls change nothing', async (t) => {
    const { dir, cleanup } = tempDir();
    const sim = await startStandalone({ dataDir: join(dir, 'data') });
    t.after(() => sim.node.close());
    // After the closes above: hooks run in the order they were registered.
    t.after(cleanup);
    const { node } = sim;
    assert.deepEqual(node.identities(), []);
    for (const op of [() => node.smeshing.pause(), () => node.smeshing.resume(), () => node.smeshing.stop()]) {
      await assert.rejects(op(), { code: 'NOT_SMESHING' });
    }
    const postDir = join(dir, 'post');
    await assert.rejects(node.smeshing.start({ postDir, units: [] }), { code: 'BAD_UNITS' });
    await assert.rejects(node.smeshing.start({ postDir, units: [0] }), { code: 'BAD_UNITS' });
    await assert.rejects(node.smeshing.start({ postDir, units: [1, standalone.post.maxUnits + 1] }), { code: 'BAD_UNITS' });
    writeFileSync(join(dir, 'a-file'), '');
    await assert.rejects(node.smeshing.start({ postDir: join(dir, 'a-file', 'post'), units: [1] }), { code: 'POST_DIR_UNWRITABLE' });
    assert.deepEqual(node.identities(), []);
    assert.equal(savedConfig(node.networkDir), undefined);

    const timeline: ActivationEvent[] = [];
    const mesh: MeshEvent[] = [];
    node.events.on('timeline', (e) => timeline.push(e));
    node.events.on('mesh', (e) => mesh.push(e));
    let changes = 0;
    node.events.on('smeshing', () => changes++);
    await node.smeshing.start({ postDir, units: [1], threads: 1 });
    await assert.rejects(node.smeshing.start({ postDir, units: [2] }), { code: 'ALREADY_SMESHING' });
    assert.equal(changes, 1);
    assert.deepEqual(savedConfig(node.networkDir), { postDir, units: [1], threads: 1, paused: false });
    const [id] = node.identities();
    assert.equal(id!.postDir, join(postDir, 'post-0'));
    assert.notEqual(id!.state, 'paused');

    const ours = (e: MeshEvent): boolean => 'smesherId' in e && e.smesherId === id!.smesherId;
    await sim.runUntil(() => mesh.some((e) => e.event === 'reward' && ours(e)), epochStartMs(node.layers.timing, 4));
    const names = timeline.map((e) => e.event);
    assert.equal(names.filter((n) => n === 'post_init_done').length, 1);
    assert.ok(names.includes('atx_published'));
    assert.equal(node.listAtxs(1).length, 1, 'the runtime-started identity published its ATX in epoch 1');
    assert.ok(mesh.some((e) => e.event === 'eligibility' && ours(e)), 'eligibilities computed for the new identity');
    assert.ok(mesh.some((e) => e.event === 'proposal_published' && ours(e)), 'the new identity proposes');
  });

  it('holds each identity\'s PoS folder from start to stop, paused too; another node on it is refused by name (issue #17)', async (t) => {
    const { dir, cleanup } = tempDir();
    const a = await startStandalone({ dataDir: join(dir, 'a') });
    const b = await startStandalone({ dataDir: join(dir, 'b') });
    t.after(() => Promise.all([a.node.close(), b.node.close()]));
    t.after(cleanup);
    const postDir = join(dir, 'post');
    const lockFile = join(postDir, 'post-0', 'smesher.lock');
    await a.node.smeshing.start({ postDir, units: [1] });
    assert.equal((JSON.parse(readFileSync(lockFile, 'utf8')) as { pid: number }).pid, process.pid);
    await assert.rejects(b.node.smeshing.start({ postDir, units: [1] }), (err: Error & { code?: string }) => {
      assert.equal(err.code, 'POST_DIR_LOCKED');
      assert.match(err.message, new RegExp(`^the PoS folder ${join(postDir, 'post-0')} is in use by a Smesher node \\(pid ${process.pid}, since `));
      return true;
    });
    assert.deepEqual(b.node.identities(), [], 'the refused start changed nothing');
    assert.equal(savedConfig(b.node.networkDir), undefined);
    await a.node.smeshing.pause();
    await assert.rejects(b.node.smeshing.start({ postDir, units: [1] }), { code: 'POST_DIR_LOCKED' });
    await a.node.smeshing.stop();
    assert.equal(existsSync(lockFile), false, 'stop releases the folder');
    // A node that closes (rather than stops) releases its folders as well.
    await b.node.smeshing.start({ postDir: join(dir, 'post-b'), units: [1] });
    await b.node.close();
    assert.equal(existsSync(join(dir, 'post-b', 'post-0', 'smesher.lock')), false, 'close releases it too');
  });

  it('settled() waits for a stop still in flight, so its PoS folder is free after it (smeshing.deleteData waits so)', async (t) => {
    const { dir, cleanup } = tempDir();
    const a = await startStandalone({ dataDir: join(dir, 'a') });
    t.after(() => a.node.close());
    t.after(cleanup);
    const postDir = join(dir, 'post');
    await a.node.smeshing.start({ postDir, units: [1] });
    const stopping = a.node.smeshing.stop();
    await a.node.smeshing.settled();
    assert.equal(existsSync(join(postDir, 'post-0', 'smesher.lock')), false, 'the stop asked for before has released the folder');
    await stopping;
  });

  it('pause during PoST init holds across a restart; resume continues the init and reaches an ATX', async (t) => {
    const { dir, cleanup } = tempDir();
    const dataDir = join(dir, 'data');
    const postDir = join(dir, 'post');
    const first = await startStandalone({ dataDir });
    let closed = false;
    t.after(() => (closed ? undefined : first.node.close()));
    const { node } = first;
    const progress: Array<Extract<ActivationEvent, { event: 'post_init_progress' }>> = [];
    let pausing: Promise<void> | undefined;
    node.events.on('timeline', (e) => {
      if (e.event !== 'post_init_progress') return;
      progress.push(e);
      // Pause right after the first batch is on disk, well before the end (8 units: several batches).
      if (pausing === undefined && e.labelsDone < e.labelsTotal) pausing = node.smeshing.pause();
    });
    await node.smeshing.start({ postDir, units: [8], threads: 1 });
    while (pausing === undefined) await delay(5);
    await pausing;
    const pausedAt = progress.at(-1)!;
    assert.ok(pausedAt.labelsDone < pausedAt.labelsTotal, 'paused before the init finished');
    assert.equal(node.identities()[0]!.state, 'paused');
    assert.equal(node.isIdle(), true);
    await assert.rejects(node.smeshing.pause(), { code: 'ALREADY_PAUSED' });
    assert.deepEqual(savedConfig(node.networkDir), { postDir, units: [8], threads: 1, paused: true });
    const seen = progress.length;
    await delay(300);
    assert.equal(progress.length, seen, 'no PoST work while paused');
    await node.close();
    closed = true;

    // The app restarts: the node comes back paused, with the same identity. Its prover reports how many labels
    // each init computed, which tells a resumed init from one that started over.
    const computed: number[] = [];
    const proverFactory = (): Prover => {
      const prover = new LocalProver();
      const init = prover.init.bind(prover);
      prover.init = async (request, onProgress) => {
        const summary = await init(request, onProgress);
        computed.push(summary.labelsComputed);
        return summary;
      };
      return prover;
    };
    const second = await startStandalone({ dataDir, clock: first.clock, proverFactory });
    t.after(() => second.node.close());
    // After the closes above: hooks run in the order they were registered.
    t.after(cleanup);
    const [id] = second.node.identities();
    assert.equal(id!.state, 'paused');
    assert.equal(id!.numUnits, 8);
    const timeline: ActivationEvent[] = [];
    second.node.events.on('timeline', (e) => timeline.push(e));
    await second.node.smeshing.resume();
    await assert.rejects(second.node.smeshing.resume(), { code: 'NOT_PAUSED' });
    assert.equal(savedConfig(second.node.networkDir) !== undefined && (savedConfig(second.node.networkDir) as { paused: boolean }).paused, false);
    await second.runUntil(() => second.node.listAtxs(1).length === 1, epochStartMs(second.node.layers.timing, 3));
    assert.deepEqual(computed, [pausedAt.labelsTotal - pausedAt.labelsDone], 'the init continued from its files');
    assert.equal(timeline.filter((e) => e.event === 'post_init_done').length, 1);
    assert.equal(second.node.listAtxs(1)[0]!.numUnits, 8);
  });

  it('stop forgets the setup; a changed setup for an initialised identity is refused; flags win over the saved setup', async (t) => {
    const { dir, cleanup } = tempDir();
    const dataDir = join(dir, 'data');
    const postDir = join(dir, 'post');
    const sim = await startStandalone({ dataDir });
    let closed = false;
    t.after(() => (closed ? undefined : sim.node.close()));
    const { node } = sim;
    let initDone = false;
    node.events.on('timeline', (e) => {
      if (e.event === 'post_init_done') initDone = true;
    });
    await node.smeshing.start({ postDir, units: [1] });
    const [before] = node.identities();
    await sim.runUntil(() => initDone, epochStartMs(node.layers.timing, 1));

    await node.smeshing.stop();
    assert.deepEqual(node.identities(), []);
    assert.equal(savedConfig(node.networkDir), undefined);
    await assert.rejects(node.smeshing.stop(), { code: 'NOT_SMESHING' });
    await assert.rejects(node.smeshing.start({ postDir, units: [2] }), { code: 'SETUP_MISMATCH' });
    await assert.rejects(node.smeshing.start({ postDir: join(dir, 'elsewhere'), units: [1] }), { code: 'SETUP_MISMATCH' });
    assert.equal(savedConfig(node.networkDir), undefined);
    assert.deepEqual(node.identities(), []);

    // The same setup again: the same key and the PoS data already there.
    await node.smeshing.start({ postDir, units: [1] });
    const [again] = node.identities();
    assert.equal(again!.smesherId, before!.smesherId);
    await node.smeshing.pause();
    await node.close();
    closed = true;

    const flagged = await startStandalone({ dataDir, postDir, units: [1], clock: sim.clock });
    t.after(() => flagged.node.close());
    // After the closes above: hooks run in the order they were registered.
    t.after(cleanup);
    assert.notEqual(flagged.node.identities()[0]!.state, 'paused', '--smesh flags replace the paused setup');
    assert.deepEqual(savedConfig(flagged.node.networkDir), { postDir, units: [1], threads: 1, paused: false });
  });
  it('closing the node while a start is in flight leaves no PoST work running; later calls are CLOSED', async (t) => {
    const { dir, cleanup } = tempDir();
    t.after(cleanup);
    const sim = await startStandalone({ dataDir: join(dir, 'data') });
    let progress = 0;
    sim.node.events.on('timeline', (e) => {
      if (e.event === 'post_init_progress') progress++;
    });
    const starting = sim.node.smeshing.start({ postDir: join(dir, 'post'), units: [8] });
    // One turn later the start is saving the setup (several file system round trips): close lands in the middle.
    await new Promise((resolve) => setImmediate(resolve));
    await sim.node.close();
    await starting;
    const seen = progress;
    await delay(300);
    assert.equal(progress, seen, 'no PoST work after close');
    await assert.rejects(sim.node.smeshing.pause(), { code: 'CLOSED' });
  });
});
