/**
 * Crash safety of consensus (issue #6 "done when"; DESIGN.md reliability rules): a real `smesher node --smesh
 * --units 1,2` child process is SIGKILLed at five seeded random points while it proposes, runs the hare and applies
 * layers (layers 20-24), and restarted at once each time. It must go on applying layers and paying rewards; no
 * identity signs two proposals for one layer (one proposal id per identity and layer across all runs, no
 * malfeasance); every layer from effective genesis on is applied exactly once; and replaying all layers into an
 * empty state database gives the stored state hash at every layer. Real time: about three standalone epochs.
 * @module
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { LOCAL_SCHEMA, STATE_SCHEMA, openDatabase } from '../../core/db/database.js';
import { replayMesh } from '../../core/mesh/replay.js';
import { standalone } from '../../core/params/presets.js';
import { hexToBytes } from '../../core/util/bytes.js';
import { seeded, tempDir } from './helpers.js';
import { type LogLine, NodeProcess, testNodeFlags } from './process.js';

/** Kill windows in seconds from genesis T: layer L runs T+6L .. T+6L+6; its hare from T+6L+1. */
const KILL_WINDOWS: ReadonlyArray<readonly [number, number, string]> = [
  [120.0, 121.5, 'layer 20: eligibility, first proposals, preround'],
  [126.5, 128.0, 'layer 21: hare rounds, block, apply'],
  [132.0, 134.0, 'layer 22: proposal persisted and published'],
  [138.5, 141.0, 'layer 23: hare output and apply'],
  [144.0, 147.0, 'layer 24'],
];

describe('kill -9 at random points of consensus', () => {
  it('continues after every kill: one proposal per identity and layer, every layer applied once, replay = stored state', { timeout: 300_000 }, async (t) => {
    const { dir, cleanup } = tempDir('smesher-killc-');
    t.after(cleanup);
    const seed = Number(process.env.KILL_SEED ?? 6);
    const random = seeded(seed);
    const args = ['--smesh', '--post-dir', join(dir, 'post'), '--units', '1,2', '--data-dir', join(dir, 'data'), ...testNodeFlags()];
    const all: LogLine[] = [];
    let proc = new NodeProcess(args);
    t.after(() => void proc.child.kill('SIGKILL'));
    const started = await proc.waitFor((l) => l.msg === 'node started');
    const genesisMs = Date.parse(started.genesisTime as string);
    const networkDir = started.networkDir as string;
    const genesisId = hexToBytes(started.genesisId);

    for (const [from, to, what] of KILL_WINDOWS) {
      const at = genesisMs + (from + random() * (to - from)) * 1000;
      await delay(Math.max(0, at - Date.now()));
      await proc.kill();
      t.diagnostic(`seed ${seed}: killed at T${((at - genesisMs) / 1000).toFixed(2)}s (${what})`);
      all.push(...proc.lines);
      proc = new NodeProcess(args);
      await proc.waitFor((l) => l.msg === 'node started');
    }
    const lastKillLayer = 24;
    await proc.waitFor((l) => l.event === 'reward' && (l.layer as number) > lastKillLayer + 1);
    assert.equal(await proc.stop(), 0, 'a graceful stop exits 0');
    all.push(...proc.lines);
    assert.ok(!all.some((l) => l.level === 'error'), `no error lines: ${JSON.stringify(all.find((l) => l.level === 'error'))}`);

    const proposals = new Map<string, Set<string>>();
    for (const l of all.filter((x) => x.event === 'proposal_published')) {
      const key = `${l.smesherId as string}/${l.layer as number}`;
      proposals.set(key, (proposals.get(key) ?? new Set()).add(l.proposalId as string));
    }
    assert.ok(proposals.size > 0);
    for (const [key, ids] of proposals) assert.equal(ids.size, 1, `one proposal for ${key}`);

    const state = openDatabase(join(networkDir, 'state.sql'), STATE_SCHEMA);
    const local = openDatabase(join(networkDir, 'local.sql'), LOCAL_SCHEMA);
    const fresh = openDatabase(':memory:', STATE_SCHEMA);
    try {
      assert.equal((state.prepare('SELECT count(*) AS n FROM malfeasance').get() as { n: number }).n, 0, 'no double ballot, no hare equivocation');
      const layers = (state.prepare('SELECT layer FROM mesh_layers ORDER BY layer').all() as { layer: number }[]).map((r) => r.layer);
      assert.deepEqual(layers, Array.from({ length: layers.length }, (_, i) => 19 + i), 'layers applied in order from effective genesis, none twice');
      assert.ok(layers.at(-1)! > lastKillLayer + 1);
      const signed = local.prepare('SELECT hex(smesher_id) AS s, layer, hex(proposal_id) AS id FROM signed_proposals').all() as { s: string; layer: number; id: string }[];
      for (const p of signed) {
        const logged = proposals.get(`${p.s.toLowerCase()}/${p.layer}`);
        if (logged !== undefined) assert.ok(logged.has(p.id.toLowerCase()), 'the logged proposal is the one recorded before publishing');
      }
      const paid = (state.prepare('SELECT count(*) AS n FROM rewards WHERE layer > ?').get(lastKillLayer) as { n: number }).n;
      assert.ok(paid > 0, 'rewards after the last kill');
      const replay = replayMesh(state, fresh, { genesisId, layersPerEpoch: standalone.layersPerEpoch, gasLimit: BigInt(standalone.blockGasLimit) });
      assert.equal(replay.layer, layers.at(-1));
    } finally {
      state.close();
      local.close();
      fresh.close();
    }
  });
});
