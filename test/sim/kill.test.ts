/**
 * Crash safety (issue #5 "done when"; DESIGN.md reliability rules): a real `smesher node --smesh --units 1,2`
 * child process is SIGKILLed at six points of the loop (during PoST init, around the first PoET registration, at
 * round 0's end while the proof is fetched / PoST runs / the ATX is signed and published, in the cycle gap, at the
 * second registration and at round 1's end), each time at a seeded random offset, and restarted at once. It must
 * go on to publish epoch 1 and epoch 2 ATXs for both identities: exactly one per identity per epoch (state.sql and
 * the local signed_atxs record agree, no malfeasance), same identities throughout, weights 1:2. Real time: about
 * two standalone epochs (~2 minutes).
 * @module
 */
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { join } from 'node:path';
import { LOCAL_SCHEMA, STATE_SCHEMA, openDatabase } from '../../core/db/database.js';
import { seeded, tempDir } from './helpers.js';
import { type LogLine, NodeProcess, testNodeFlags } from './process.js';

/** Kill windows in seconds from genesis T (standalone: round 0 runs T+30..T+60, round 1 T+90..T+120). */
const KILL_WINDOWS: ReadonlyArray<readonly [number, number, string]> = [
  [-3.5, -2.5, 'PoST init / initial proof'],
  [17, 20, 'challenge built, registering at the PoET'],
  [60, 61.5, 'round 0 end: proof fetch, PoST, sign, publish'],
  [63, 75, 'cycle gap after the first ATX'],
  [77, 80, 'second challenge and registration'],
  [120, 121.5, 'round 1 end: proof fetch, PoST, sign, publish'],
];

describe('kill -9 at random points of the smeshing loop', () => {
  it('continues after every kill and publishes exactly one ATX per identity per epoch', { timeout: 300_000 }, async (t) => {
    const { dir, cleanup } = tempDir('smesher-kill-');
    t.after(cleanup);
    const seed = Number(process.env.KILL_SEED ?? 20261124);
    const random = seeded(seed);
    const args = ['--smesh', '--post-dir', join(dir, 'post'), '--units', '1,2', '--data-dir', join(dir, 'data'), ...testNodeFlags()];
    const all: LogLine[] = [];
    let proc = new NodeProcess(args);
    // A failing assertion must not leave a node running.
    t.after(() => void proc.child.kill('SIGKILL'));
    const started = await proc.waitFor((l) => l.msg === 'node started');
    const genesisMs = Date.parse(started.genesisTime as string);
    const networkDir = started.networkDir as string;

    for (const [from, to, what] of KILL_WINDOWS) {
      const at = genesisMs + (from + random() * (to - from)) * 1000;
      await delay(Math.max(0, at - Date.now()));
      await proc.kill();
      t.diagnostic(`seed ${seed}: killed at T${((at - genesisMs) / 1000).toFixed(2)}s (${what})`);
      all.push(...proc.lines);
      proc = new NodeProcess(args);
      await proc.waitFor((l) => l.msg === 'node started');
    }
    const published = (l: LogLine): boolean => l.event === 'atx_published' && l.publishEpoch === 2;
    await proc.waitFor(published);
    const firstSeen = proc.lines.findIndex(published);
    await proc.waitFor((l) => published(l) && l.smesherId !== proc.lines[firstSeen]!.smesherId);
    assert.equal(await proc.stop(), 0, 'a graceful stop exits 0');
    all.push(...proc.lines);

    // Same two identities in every run.
    const smeshers = new Set(all.filter((l) => l.msg === 'PoST init' || l.event === 'poet_registered').map((l) => l.smesherId as string));
    assert.equal(smeshers.size, 2);
    // Every atx_published line (one per run that got there) names one ATX id per identity and epoch.
    const ids = new Map<string, Set<string>>();
    for (const l of all.filter((x) => x.event === 'atx_published')) {
      const key = `${l.smesherId as string}/${l.publishEpoch as number}`;
      ids.set(key, (ids.get(key) ?? new Set()).add(l.atxId as string));
    }
    for (const [key, set] of ids) assert.equal(set.size, 1, `one ATX id for ${key}`);
    assert.ok(!all.some((l) => l.level === 'error'), 'no error lines');

    const state = openDatabase(join(networkDir, 'state.sql'), STATE_SCHEMA);
    const local = openDatabase(join(networkDir, 'local.sql'), LOCAL_SCHEMA);
    try {
      const atxs = state.prepare('SELECT hex(smesher_id) AS s, publish_epoch AS e, hex(id) AS id, sequence, num_units AS units, weight FROM atxs ORDER BY s, e').all() as Array<{
        s: string;
        e: number;
        id: string;
        sequence: number;
        units: number;
        weight: number;
      }>;
      const signed = local.prepare('SELECT hex(smesher_id) AS s, publish_epoch AS e, hex(atx_id) AS id, published_ms AS p FROM signed_atxs ORDER BY s, e').all() as Array<{
        s: string;
        e: number;
        id: string;
        p: number | null;
      }>;
      for (const s of smeshers) {
        const mine = atxs.filter((a) => a.s === s.toUpperCase());
        assert.deepEqual(mine.map((a) => [a.e, a.sequence]), [[1, 0], [2, 1]], `ATXs of ${s.slice(0, 8)}`);
        const mySigned = signed.filter((a) => a.s === s.toUpperCase());
        assert.deepEqual(mySigned.map((a) => [a.e, a.id]), mine.map((a) => [a.e, a.id]), 'local signed_atxs = published ATXs');
        assert.ok(mySigned.every((a) => a.p !== null));
        for (const a of mine) assert.ok(ids.get(`${s}/${a.e}`)?.has(a.id.toLowerCase()), 'the logged ATX is the stored one');
      }
      for (const e of [1, 2]) {
        const [one, two] = [1, 2].map((u) => atxs.find((a) => a.e === e && a.units === u)!.weight);
        assert.equal(two, 2 * one!, `epoch ${e} weights 1:2`);
      }
      assert.equal((state.prepare('SELECT count(*) AS n FROM malfeasance').get() as { n: number }).n, 0);
      assert.equal((local.prepare('SELECT count(*) AS n FROM post_setups').get() as { n: number }).n, 2);
    } finally {
      state.close();
      local.close();
    }
  });
});
