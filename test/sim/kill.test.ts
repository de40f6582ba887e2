/**
 * Crash safety (issues #5, #6 and #17 "done when"; docs/architecture.md §7), in one real-time run: a real
 * `smesher node --smesh --units 1,2` child process is SIGKILLed at twenty points, each at a seeded random offset in
 * its window, and restarted at once. Six windows cover the smeshing loop (PoST init, the first PoET registration,
 * round 0's end while the proof is fetched / PoST runs / the ATX is signed and published, the cycle gap, the second
 * registration, round 1's end); fourteen more cover consensus (layers 21-34, alternating a layer's start, where
 * proposals are signed and published, with its hare rounds, blocks and apply).
 * Afterwards:
 * - activation: exactly one ATX per identity per epoch 1, 2 (and 3, when it landed before the stop) (state.sql and the local signed_atxs record agree,
 *   the logged ids are the stored ones), same identities throughout, weights 1:2;
 * - consensus: no identity signed two proposals for one layer, no hare slot (identity, layer, iteration, round) ever
 *   held two different signed messages across the snapshots of local.sql taken before every kill, no malfeasance,
 *   every layer from effective genesis on applied exactly once and in order, rewards paid after the last kill, and
 *   replaying all layers into an empty state database gives the stored state.
 * Standalone runs the beacon by the genesis rule, so no beacon message is signed here. Real time: about three and a
 * half standalone epochs (~3.7 minutes).
 * @module
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { type Executor, LOCAL_SCHEMA, STATE_SCHEMA, openDatabase } from '../../core/db/database.js';
import { replayMesh } from '../../core/mesh/replay.js';
import { standalone } from '../../core/params/presets.js';
import { hexToBytes } from '../../core/util/bytes.js';
import { seeded, tempDir } from './helpers.js';
import { type LogLine, NodeProcess, testNodeFlags } from './process.js';

/**
 * Kill windows in seconds from genesis T. Standalone: round 0 runs T+30..T+60, round 1 T+90..T+120; layer L runs
 * T+6L..T+6L+6 with its hare from T+6L+1, and layer 20 (T+120) is the first with eligibilities.
 */
const KILL_WINDOWS: ReadonlyArray<readonly [number, number, string]> = [
  [-3.5, -2.5, 'PoST init / initial proof'],
  [17, 20, 'challenge built, registering at the PoET'],
  [60, 61.5, 'round 0 end: proof fetch, PoST, sign, publish'],
  [63, 75, 'cycle gap after the first ATX'],
  [77, 80, 'second challenge and registration'],
  [120, 121.5, 'round 1 end (PoST, ATX) and layer 20 (eligibility, first proposals, preround)'],
  [126.5, 128.0, 'layer 21: hare rounds, block, apply'],
  [132.0, 134.0, 'layer 22: proposal persisted and published'],
  [138.5, 141.0, 'layer 23: hare output and apply'],
  [144.0, 147.0, 'layer 24'],
  [150.0, 150.8, 'layer 25: proposals'],
  [157.0, 158.5, 'layer 26: hare preround and rounds'],
  [162.0, 162.8, 'layer 27: proposals'],
  [169.0, 170.5, 'layer 28: hare rounds'],
  [174.0, 174.8, 'layer 29: proposals'],
  [181.0, 182.5, 'layer 30: hare rounds'],
  [186.5, 188.5, 'layer 31: hare, block, apply'],
  [193.0, 194.5, 'layer 32: hare rounds'],
  [198.0, 198.8, 'layer 33: proposals'],
  [205.0, 206.5, 'layer 34: hare rounds'],
];
const LAST_KILL_LAYER = 34;

describe('kill -9 at random points of smeshing and consensus', () => {
  it('continues after every kill: one ATX per identity and epoch, one proposal per identity and layer, one message per hare slot, every layer applied once', { timeout: 540_000 }, async (t) => {
    const { dir, cleanup } = tempDir('smesher-kill-');
    const seed = Number(process.env.KILL_SEED ?? 20261124);
    const random = seeded(seed);
    const args = ['--smesh', '--post-dir', join(dir, 'post'), '--units', '1,2', '--data-dir', join(dir, 'data'), ...testNodeFlags()];
    const all: LogLine[] = [];
    let proc = new NodeProcess(args);
    // A failing assertion must not leave a node running.
    t.after(() => void proc.child.kill('SIGKILL'));
    // After the closes above: hooks run in the order they were registered.
    t.after(cleanup);
    const started = await proc.waitFor((l) => l.msg === 'node started');
    const genesisMs = Date.parse(started.genesisTime as string);
    const networkDir = started.networkDir as string;
    const genesisId = hexToBytes(started.genesisId);

    const hareSlots = new Map<string, string>();
    for (const [from, to, what] of KILL_WINDOWS) {
      const at = genesisMs + (from + random() * (to - from)) * 1000;
      await delay(Math.max(0, at - Date.now()));
      snapshotHareSlots(join(networkDir, 'local.sql'), hareSlots);
      await proc.kill();
      t.diagnostic(`seed ${seed}: killed at T${((at - genesisMs) / 1000).toFixed(2)}s (${what})`);
      all.push(...proc.lines);
      proc = new NodeProcess(args);
      await proc.waitFor((l) => l.msg === 'node started');
    }
    await proc.waitFor((l) => l.event === 'reward' && (l.layer as number) > LAST_KILL_LAYER + 1);
    assert.equal(await proc.stop(), 0, 'a graceful stop exits 0');
    all.push(...proc.lines);
    assert.ok(!all.some((l) => l.level === 'error'), `no error lines: ${JSON.stringify(all.find((l) => l.level === 'error'))}`);

    snapshotHareSlots(join(networkDir, 'local.sql'), hareSlots);
    assert.ok(hareSlots.size > 0, 'hare messages were signed');
    t.diagnostic(`${hareSlots.size} hare slots signed, each with one message in every snapshot`);

    const state = openDatabase(join(networkDir, 'state.sql'), STATE_SCHEMA);
    const local = openDatabase(join(networkDir, 'local.sql'), LOCAL_SCHEMA);
    try {
      checkActivation(all, state, local);
      checkConsensus(all, state, local, genesisId);
    } finally {
      state.close();
      local.close();
    }
  });
});

/**
 * Adds the hare slots local.sql records now to `seen` (slot → message hex), failing if a slot seen before holds
 * other bytes: the node re-signed a slot it had signed (and maybe sent) before a kill. Read-only beside the node (WAL).
 */
function snapshotHareSlots(path: string, seen: Map<string, string>): void {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch {
    return; // not created yet (the first kills come before the node opened it)
  }
  try {
    if (db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'signed_hare_messages'").get() === undefined) return;
    const rows = db.prepare('SELECT hex(smesher_id) AS s, layer, iteration, round, hex(message) AS m FROM signed_hare_messages').all() as Array<{
      s: string;
      layer: number;
      iteration: number;
      round: number;
      m: string;
    }>;
    for (const r of rows) {
      const slot = `${r.s.slice(0, 8)}/${r.layer}/${r.iteration}/${r.round}`;
      const before = seen.get(slot);
      assert.ok(before === undefined || before === r.m, `hare slot ${slot} signed twice`);
      seen.set(slot, r.m);
    }
  } finally {
    db.close();
  }
}

function checkActivation(all: readonly LogLine[], state: Executor, local: Executor): void {
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
    // Epochs 1 and 2 at least; round 2 ends within the run, so epoch 3's ATX may be there too.
    assert.deepEqual(mine.map((a) => [a.e, a.sequence]), Array.from({ length: Math.max(2, mine.length) }, (_, i) => [i + 1, i]), `ATXs of ${s.slice(0, 8)}`);
    const mySigned = signed.filter((a) => a.s === s.toUpperCase());
    assert.deepEqual(mySigned.map((a) => [a.e, a.id]), mine.map((a) => [a.e, a.id]), 'local signed_atxs = published ATXs');
    assert.ok(mySigned.every((a) => a.p !== null));
    for (const a of mine) assert.ok(ids.get(`${s}/${a.e}`)?.has(a.id.toLowerCase()), 'the logged ATX is the stored one');
  }
  for (const e of new Set(atxs.map((a) => a.e))) {
    const [one, two] = [1, 2].map((u) => atxs.find((a) => a.e === e && a.units === u)?.weight);
    if (e > 2 && (one === undefined || two === undefined)) continue; // epoch 3's second ATX may come after the stop
    assert.equal(two, 2 * one!, `epoch ${e} weights 1:2`);
  }
  assert.equal((local.prepare('SELECT count(*) AS n FROM post_setups').get() as { n: number }).n, 2);
}

function checkConsensus(all: readonly LogLine[], state: Executor, local: Executor, genesisId: Uint8Array): void {
  const proposals = new Map<string, Set<string>>();
  for (const l of all.filter((x) => x.event === 'proposal_published')) {
    const key = `${l.smesherId as string}/${l.layer as number}`;
    proposals.set(key, (proposals.get(key) ?? new Set()).add(l.proposalId as string));
  }
  assert.ok(proposals.size > 0);
  for (const [key, ids] of proposals) assert.equal(ids.size, 1, `one proposal for ${key}`);

  assert.equal((state.prepare('SELECT count(*) AS n FROM malfeasance').get() as { n: number }).n, 0, 'no double ATX or ballot, no hare equivocation');
  const layers = (state.prepare('SELECT layer FROM mesh_layers ORDER BY layer').all() as { layer: number }[]).map((r) => r.layer);
  assert.deepEqual(layers, Array.from({ length: layers.length }, (_, i) => 19 + i), 'layers applied in order from effective genesis, none twice');
  assert.ok(layers.at(-1)! > LAST_KILL_LAYER + 1);
  const signed = local.prepare('SELECT hex(smesher_id) AS s, layer, hex(proposal_id) AS id FROM signed_proposals').all() as { s: string; layer: number; id: string }[];
  for (const p of signed) {
    const logged = proposals.get(`${p.s.toLowerCase()}/${p.layer}`);
    if (logged !== undefined) assert.ok(logged.has(p.id.toLowerCase()), 'the logged proposal is the one recorded before publishing');
  }
  const paid = (state.prepare('SELECT count(*) AS n FROM rewards WHERE layer > ?').get(LAST_KILL_LAYER) as { n: number }).n;
  assert.ok(paid > 0, 'rewards after the last kill');
  const fresh = openDatabase(':memory:', STATE_SCHEMA);
  try {
    const replay = replayMesh(state, fresh, { genesisId, layersPerEpoch: standalone.layersPerEpoch, gasLimit: BigInt(standalone.blockGasLimit) });
    assert.equal(replay.layer, layers.at(-1));
  } finally {
    fresh.close();
  }
}
