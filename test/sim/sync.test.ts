/**
 * Sync among real processes (issue #16, docs/protocol/sync.md), in one real-time devnet run: a PoET and three
 * `smesher node --network` processes smeshing 2, 2 and 1 units from genesis (the beacon protocol, 4 s layers, 4 layers
 * an epoch, as test/sim/devnet.test.ts; the late node adopts the beacons of the epochs it missed from the reference
 * ballots it syncs). Once the network is in epoch 2:
 * - a fourth node (1 unit) starts late, bootnoded to node 1: it reports `syncing` with an ETA in `node.status`,
 *   catches up to the tip, and from then on every layer it applied has the block and state hash the others applied;
 * - node 3 is killed at the same moment, stays away for more than an epoch, and restarts over the same folders: it
 *   catches up the same way, and never signs a second ATX for an epoch or a second ballot for a layer (no node
 *   holds a malfeasance proof, its local.sql has one ATX per epoch).
 * - a lying peer in this process (`createP2PHost`, the devnet's network id) is node 4's second bootnode: it answers
 *   `lp/2` with a forged opinion (every layer ended empty, with hashes that chain on the real ones) and nothing else;
 *   node 4 scores it down for contradicting the ballots and still applies what node 1 applied.
 * `SMESHER_SIM_LOGS=DIR` keeps every process's log lines there.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { ApiClient } from '../../core/api/server/client.js';
import { decode, encode } from '../../core/codec/index.js';
import { LayerOpinion, OpinionRequest, PROTOCOL_LAYER_OPINIONS } from '../../core/fetch/index.js';
import { type P2PHost, createP2PHost } from '../../core/p2p/index.js';
import { parseNetworkFile } from '../../core/params/networkFile.js';
import { nextOpinion } from '../../core/tortoise/logic.js';
import { genesisId as computeGenesisId } from '../../core/types/genesis.js';
import { effectiveGenesisLayer } from '../../core/types/layers.js';
import type { SyncInfo } from '../../core/api/contract/contract.js';
import { tempDir } from './helpers.js';
import { type LogLine, NodeProcess, PoetProcess, freePort, runSmesher } from './process.js';

const LOCALHOST = '/ip4/127.0.0.1/tcp/0';
/** As test/sim/devnet.test.ts: short layers, PoET rounds and beacon rounds, slow enough hare rounds for two busy cores. */
const SETTINGS = [
  'layerDurationMs=4000',
  'layerAvgSize=10',
  'atxGradeDelayMs=500',
  'poet.phaseShiftMs=8000',
  'poet.cycleGapMs=6000',
  'poet.gracePeriodMs=2000',
  'beacon.gracePeriodMs=2000',
  'beacon.proposalDurationMs=2000',
  'beacon.firstVotingRoundMs=3000',
  'beacon.votingRoundMs=1500',
  'beacon.weakCoinRoundMs=1500',
  'beacon.rounds=3',
  'hare.preroundDelayMs=1500',
  'hare.roundDurationMs=400',
].flatMap((s) => ['--set', s]);
const MIN_GENESIS_DELAY_S = 25;
const UNITS = [2, 2, 1, 1] as const;
/** Node 4 starts and node 3 goes away once node 1 applied this layer (epoch 2 is layers 8-11). */
const JOIN_LAYER = 11;
/** Node 3 comes back once node 1 applied this one: an epoch later. */
const RESTART_LAYER = 15;
/** Both must have caught up and applied this layer themselves. */
const LAST_LAYER = 19;

function readDb<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** layer -> "blockId stateHash" from a node's `block_applied` lines. */
function appliedLayers(lines: readonly LogLine[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const l of lines) if (l.event === 'block_applied') out.set(l.layer as number, `${String(l.blockId)} ${String(l.stateHash)}`);
  return out;
}

const lastApplied = (lines: readonly LogLine[]): number => Math.max(-1, ...lines.filter((l) => l.event === 'block_applied').map((l) => l.layer as number));

/** The API URL a node printed (`api <url>`). */
async function apiUrl(node: NodeProcess): Promise<string> {
  for (let tries = 0; tries < 200; tries++) {
    const line = node.stdout.find((l) => l.startsWith('api '));
    if (line !== undefined) return line.slice(4).trim();
    await delay(100);
  }
  throw new Error('the node printed no API address');
}

describe('sync: a node that joins late or was off catches up from its peers', () => {
  it('a late node and a restarted one reach the tip and apply what the others applied; nothing is signed twice', { timeout: 240_000 }, async (t) => {
    const { dir, cleanup } = tempDir('smesher-sync-');
    const processes: Array<{ name: string; p: NodeProcess | PoetProcess }> = [];
    const liarHost: { host?: P2PHost } = {};
    t.after(async () => {
      await liarHost.host?.stop();
      await Promise.all(processes.map(({ p }) => p.stop()));
      const keep = process.env.SMESHER_SIM_LOGS;
      if (keep !== undefined) {
        mkdirSync(keep, { recursive: true });
        for (const { name, p } of processes) writeFileSync(join(keep, `${name}.log`), `${p.lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
      }
    });
    t.after(cleanup);

    const genesisUnixS = Math.ceil(Date.now() / 1000) + MIN_GENESIS_DELAY_S;
    const poetUrl = `http://127.0.0.1:${await freePort()}`;
    const netFile = join(dir, 'net.json');
    const made = await runSmesher(['network', 'new', '--preset', 'devnet', '--genesis-time', String(genesisUnixS), '--poet', poetUrl, ...SETTINGS, '--out', netFile]);
    assert.equal(made.code, 0, `network new failed: ${made.stderr}`);

    const poet = new PoetProcess(['--network', netFile, '--data-dir', join(dir, 'poetd')]);
    processes.push({ name: 'poet', p: poet });
    const nodeArgs = (i: number, bootnode?: string): string[] => [
      '--network', netFile, '--data-dir', join(dir, `n${i}`), '--listen', LOCALHOST, '--no-mdns', '--api-port', '0',
      '--smesh', '--post-dir', join(dir, `p${i}`), '--units', String(UNITS[i - 1]),
      ...(bootnode === undefined ? [] : ['--bootnodes', bootnode]),
    ];
    const node1 = new NodeProcess(nodeArgs(1));
    processes.push({ name: 'node1', p: node1 });
    const listening = await node1.waitFor((l) => l.event === 'p2p_listening');
    const node1Addr = (listening.addrs as string[]).find((a) => a.startsWith('/ip4/127.0.0.1/tcp/'))!;
    const node2 = new NodeProcess(nodeArgs(2, node1Addr));
    const node3 = new NodeProcess(nodeArgs(3, node1Addr));
    processes.push({ name: 'node2', p: node2 }, { name: 'node3', p: node3 });
    const started = await Promise.all([node1, node2, node3].map((n) => n.waitFor((l) => l.msg === 'node started')));
    const networkDirs = started.map((l) => l.networkDir as string);

    // The liar: node 1's opinion of the layer before, chained on as if every layer had ended empty.
    const network = parseNetworkFile(readFileSync(netFile, 'utf8'));
    const liarDir = join(dir, 'liar');
    mkdirSync(liarDir);
    const liar = await createP2PHost({
      networkDir: liarDir,
      genesisId: computeGenesisId({ genesisTimeMs: network.genesisTimeMs, extraData: network.preset.genesis.extraData }),
      effectiveGenesisLayer: effectiveGenesisLayer(network.preset.layersPerEpoch),
      listen: [LOCALHOST],
      bootnodes: [node1Addr],
    });
    liarHost.host = liar;
    const node1Id = listening.peerId as string;
    await liar.serve(PROTOCOL_LAYER_OPINIONS, async (_peer, request) => {
      const { layer } = decode(OpinionRequest, request);
      const real = decode(LayerOpinion, await liar.request(node1Id, PROTOCOL_LAYER_OPINIONS, encode(OpinionRequest, { layer: layer - 1, block: null })));
      return encode(LayerOpinion, { prevAggHash: nextOpinion(real.prevAggHash, { by: 'empty' }), certified: null });
    });
    const liarAddr = liar.addrs().find((a) => a.startsWith('/ip4/127.0.0.1/tcp/'))!;

    // The network runs into epoch 2; then node 4 joins and node 3 goes away.
    await node1.waitFor((l) => l.event === 'block_applied' && (l.layer as number) >= JOIN_LAYER);
    await node3.kill();
    const node4 = new NodeProcess(nodeArgs(4, `${node1Addr},${liarAddr}`));
    processes.push({ name: 'node4', p: node4 });
    const node4Dir = (await node4.waitFor((l) => l.msg === 'node started')).networkDir as string;

    // node.status while it catches up.
    const client = await ApiClient.connect({ url: await apiUrl(node4), token: readFileSync(join(dir, 'n4', 'api-token'), 'utf8').trim() });
    t.after(() => client.close());
    const seen: SyncInfo[] = [];
    // Bounded by tries, not by time: a loaded machine verifies the fetched ATXs slowly.
    for (let tries = 0; tries < 480; tries++) {
      const { sync } = await client.request('node.status', {});
      assert.ok(sync !== null, 'a node on a network reports sync');
      seen.push(sync);
      if (sync.state === 'synced') break;
      await delay(250);
    }
    const syncing = seen.filter((s) => s.state === 'syncing');
    assert.ok(syncing.length > 0, `node.status said syncing (${JSON.stringify(seen.map((s) => s.state))})`);
    assert.ok(syncing.some((s) => s.etaSeconds !== null && s.layersPerSecond !== null && s.layer < s.peersLayer), `an ETA while behind: ${JSON.stringify(syncing)}`);
    assert.equal(seen.at(-1)!.state, 'synced', 'it reached the tip');
    t.diagnostic(`node 4 status while syncing: ${JSON.stringify(syncing.at(-1))}`);

    await node1.waitFor((l) => l.event === 'block_applied' && (l.layer as number) >= RESTART_LAYER);
    const node3Before = [...node3.lines];
    const node3b = new NodeProcess(nodeArgs(3, node1Addr));
    processes.push({ name: 'node3-restarted', p: node3b });

    const caughtUp = (n: NodeProcess): Promise<LogLine> => n.waitFor((l) => l.event === 'block_applied' && (l.layer as number) >= LAST_LAYER);
    await Promise.all([node1, node2, node3b, node4].map(caughtUp));
    const codes = await Promise.all(processes.filter(({ p }) => p !== node3).map(({ p }) => p.stop()));
    assert.deepEqual(codes, codes.map(() => 0), 'every process stops cleanly');

    const node3Lines = [...node3Before, ...node3b.lines];
    const views = [node1.lines, node2.lines, node3Lines, node4.lines].map(appliedLayers);
    const upTo = Math.min(...[node1.lines, node2.lines, node3Lines, node4.lines].map(lastApplied));

    // Nodes 3 and 4 sync from node 1 (their bootnode; node 4 meets no other peer). Nodes 1 and 2 may split on a layer
    // when the loaded machine delays the hare (no full tortoise heals that yet): that is reported, not asserted here.
    await t.test('the late node and the restarted one applied every layer as node 1 did', () => {
      const reference = [...views[0]!].filter(([layer]) => layer <= upTo).sort(([a], [b]) => a - b);
      assert.ok(reference.some(([, v]) => !v.startsWith('null')), 'some layer had a block');
      for (const i of [2, 3]) {
        for (const [layer, applied] of reference) assert.equal(views[i]!.get(layer), applied, `node ${i + 1}, layer ${layer}`);
      }
      const split = reference.filter(([layer, applied]) => views[1]!.get(layer) !== applied).map(([layer]) => layer);
      t.diagnostic(`layers ${reference[0]![0]}-${upTo}: nodes 3 and 4 agree with node 1 on every one; node 2 differs on ${split.length === 0 ? 'none' : split.join(', ')}`);
    });

    await t.test('the lying peer was scored down for an opinion the ballots contradict', () => {
      const penalties = node4.lines.filter((l) => l.msg === 'peer penalized' && l.peerId === liar.peerId);
      assert.ok(penalties.some((l) => /contradicts the ballots/.test(String(l.reason))), `penalties: ${JSON.stringify(penalties.slice(0, 3))}`);
      t.diagnostic(`node 4 penalized the liar ${penalties.length} times`);
    });

    await t.test('the late node synced ATXs and reported its progress', () => {
      const progress = node4.lines.filter((l) => l.event === 'sync_progress');
      assert.ok(progress.length > 0, 'sync progress lines');
      assert.ok(node4.lines.some((l) => l.msg === 'synced with the network'), 'it says when it is synced');
      const theirs = readDb(join(networkDirs[0]!, 'state.sql'), (db) => (db.prepare('SELECT id FROM atxs WHERE publish_epoch <= 2 ORDER BY id').all() as Array<{ id: Buffer }>).map((r) => r.id.toString('hex')));
      const mine = readDb(join(node4Dir, 'state.sql'), (db) => (db.prepare('SELECT id FROM atxs WHERE publish_epoch <= 2 ORDER BY id').all() as Array<{ id: Buffer }>).map((r) => r.id.toString('hex')));
      assert.deepEqual(mine, theirs, 'the ATXs of epochs 1 and 2');
    });

    await t.test('the restarted node signed nothing twice', () => {
      for (const [i, d] of [...networkDirs, node4Dir].entries()) {
        const proofs = readDb(join(d, 'state.sql'), (db) => (db.prepare('SELECT count(*) AS n FROM malfeasance').get() as { n: number }).n);
        assert.equal(proofs, 0, `node ${i + 1} holds no malfeasance proof`);
      }
      const signed = readDb(join(networkDirs[2]!, 'local.sql'), (db) => db.prepare('SELECT publish_epoch FROM signed_atxs').all() as Array<{ publish_epoch: number }>);
      const epochs = signed.map((r) => r.publish_epoch);
      assert.deepEqual(epochs, [...new Set(epochs)], `one ATX per epoch (${epochs.join(', ')})`);
      const published = node3Lines.filter((l) => l.event === 'proposal_published').map((l) => l.layer as number);
      assert.deepEqual(published, [...new Set(published)], 'one proposal per layer');
    });

    await t.test('no node logged an error', () => {
      assert.deepEqual([node1.lines, node2.lines, node3Lines, node4.lines].flat().filter((l) => l.level === 'error'), []);
    });
  });
});
