/**
 * Sync among real processes (issue #16, docs/protocol/sync.md), in one real-time devnet run: a PoET and three
 * `smesher node --network` processes smeshing 2, 2 and 1 units from genesis (the beacon protocol, 4 s layers, 4 layers
 * an epoch, as test/sim/devnet.test.ts; the late node adopts the beacons of the epochs it missed from the reference
 * ballots it syncs). Once the network is in epoch 3:
 * - a fourth node (1 unit) starts late, bootnoded to node 1: it reports `syncing` with a rate and an ETA in
 *   `node.status` and an activation plan that waits for sync, catches up to the tip, and from then on every layer it
 *   applied has the block and state hash the others applied; it builds its first ATX once synced, publishes it, and
 *   is paid: a reward for its identity is in its state.sql and the other nodes';
 * - node 3 is SIGKILLed two layers before, stays away for two epochs, and restarts over the same folders: it keeps
 *   its identity and PoST data (no second init), says in `node.status` from which epoch it is paid again (its next
 *   ATX targets that epoch), catches up the same way, and never signs a second ATX for an epoch or a second ballot
 *   for a layer (its local.sql records one of each, the other nodes hold only those, no node holds a malfeasance
 *   proof);
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
import type { ActivationPlanInfo, NodeStatus, SyncInfo } from '../../core/api/contract/contract.js';
import { SHORT_BEACON, SHORT_LAYERS, setFlags } from './devnetSettings.js';
import { tempDir } from './helpers.js';
import { type LogLine, NodeProcess, PoetProcess, freePort, runSmesher } from './process.js';

const LOCALHOST = '/ip4/127.0.0.1/tcp/0';
/** As test/sim/devnet.test.ts: short layers, PoET rounds and beacon rounds, slow enough hare rounds for two busy cores. */
const SETTINGS = setFlags([
  ...SHORT_LAYERS,
  ...SHORT_BEACON,
  // The late node adopts an epoch's beacon from the reference ballots once they hold this many eligibilities (go
  // BeaconSyncWeightUnits): with two or three smeshers an epoch's reference ballots hold about 10 (as
  // test/sim/beaconKill.test.ts; later ballots wait for their reference ballot, so they cannot add to it).
  'beacon.syncWeightUnits=4',
]);
const MIN_GENESIS_DELAY_S = 25;
const UNITS = [2, 2, 1, 1] as const;
/** Node 3 is killed once node 1 applied this layer: the clock is then in epoch 3 (layers 12-15). */
const KILL_LAYER = 11;
/** Node 4 starts once node 1 applied this one, still in epoch 3: it has layers 7-10 or more to catch up on. */
const JOIN_LAYER = 13;
/** Node 3 comes back once node 1 applied this one: two epochs after it was killed. */
const RESTART_LAYER = KILL_LAYER + 8;
/** A bound on waits for the network to move on (a loaded machine is slow, but a stuck node fails with a message). */
const WAIT_MS = 150_000;

function readDb<T>(file: string, read: (db: Database.Database) => T): T {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** The last layer a node logged as applied. */
const lastApplied = (lines: readonly LogLine[]): number => Math.max(-1, ...lines.filter((l) => l.event === 'block_applied').map((l) => l.layer as number));

/** `promise`, or a rejection naming `what` after `ms`. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** layer -> state hash (hex) of every applied layer in a node's state.sql. */
/**
 * The block (or `null`) and state hash of every layer a node applied, from its state.sql: a node's log can miss the
 * last lines before a SIGKILL (written but not yet flushed), its database cannot miss a committed layer.
 */
function appliedInDb(networkDir: string): Map<number, string> {
  return readDb(
    join(networkDir, 'state.sql'),
    (db) =>
      new Map(
        (db.prepare('SELECT id, applied_block, state_hash FROM layers').all() as Array<{ id: number; applied_block: Buffer | null; state_hash: Buffer }>).map((r) => [
          r.id,
          `${r.applied_block === null ? 'null' : r.applied_block.toString('hex')} ${r.state_hash.toString('hex')}`,
        ]),
      ),
  );
}

function stateHashes(networkDir: string): Map<number, string> {
  return readDb(join(networkDir, 'state.sql'), (db) => new Map((db.prepare('SELECT id, state_hash FROM layers').all() as Array<{ id: number; state_hash: Buffer }>).map((r) => [r.id, r.state_hash.toString('hex')])));
}

/**
 * Polls `node.status` every 250 ms until `done` says so (bounded by tries), keeping every answer, and while the node
 * is syncing also the activation plan of an identity whose init is done (its dates wait for sync).
 */
async function pollStatus(client: ApiClient, done: (s: NodeStatus) => boolean, tries = 480): Promise<{ statuses: NodeStatus[]; plans: ActivationPlanInfo[] }> {
  const statuses: NodeStatus[] = [];
  const plans: ActivationPlanInfo[] = [];
  for (let i = 0; i < tries; i++) {
    const status = await client.request('node.status', {});
    statuses.push(status);
    if (done(status)) break;
    if (status.sync?.state === 'syncing') plans.push(await client.request('smeshing.plan', { units: 1, labelsPerSecond: 1, labelsDone: Number.MAX_SAFE_INTEGER }));
    await delay(250);
  }
  return { statuses, plans };
}

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
  it('a late node and a restarted one reach the tip and apply what the others applied; the late one is paid, nothing is signed twice', { timeout: 330_000 }, async (t) => {
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

    // The network runs into epoch 3; node 3 is killed, and node 4 joins.
    await node1.waitFor((l) => l.event === 'block_applied' && (l.layer as number) >= KILL_LAYER);
    await node3.kill();
    await within(node1.waitFor((l) => l.event === 'block_applied' && (l.layer as number) >= JOIN_LAYER), WAIT_MS, `node 1 at layer ${JOIN_LAYER}`);
    const node4 = new NodeProcess(nodeArgs(4, `${node1Addr},${liarAddr}`));
    processes.push({ name: 'node4', p: node4 });
    const node4Dir = (await node4.waitFor((l) => l.msg === 'node started')).networkDir as string;

    // node.status while it catches up. Bounded by tries, not by time: a loaded machine verifies the fetched ATXs slowly.
    const client = await ApiClient.connect({ url: await apiUrl(node4), token: readFileSync(join(dir, 'n4', 'api-token'), 'utf8').trim() });
    t.after(() => client.close());
    const { statuses: node4Statuses, plans: node4Plans } = await pollStatus(client, (s) => s.sync?.state === 'synced');
    const seen: SyncInfo[] = node4Statuses.map((s) => s.sync!);
    assert.ok(seen.every((s) => s !== null), 'a node on a network reports sync');
    const syncing = seen.filter((s) => s.state === 'syncing');
    assert.ok(syncing.length > 0, `node.status said syncing (${JSON.stringify(seen.map((s) => s.state))})`);
    assert.ok(syncing.some((s) => s.etaSeconds !== null && s.etaSeconds > 0 && s.layersPerSecond !== null && s.layersPerSecond > 0 && s.layer < s.peersLayer), `an ETA while behind: ${JSON.stringify(syncing)}`);
    // The activation plan said it waits for sync, with its dates from then on.
    assert.ok(node4Plans.length > 0 && node4Plans.every((p) => p.syncedByMs !== undefined && p.readyMs >= p.syncedByMs), `the plan waits for sync: ${JSON.stringify(node4Plans.map((p) => [p.syncedByMs, p.readyMs, p.round]))}`);
    assert.equal(seen.at(-1)!.state, 'synced', 'it reached the tip');
    const node4Id = node4Statuses.at(-1)!.identities[0]!.smesherId;
    const etas = syncing.filter((s) => s.etaSeconds !== null).map((s) => `${s.layer}/${s.peersLayer}:${s.etaSeconds}s@${s.layersPerSecond!.toFixed(2)}`);
    t.diagnostic(`node 4: ${node4Statuses.length} statuses until synced; ETAs seen (layer/peers: eta@layers per s): ${etas.join(' ')}; plans while syncing: rounds ${[...new Set(node4Plans.map((p) => p.round))].join(', ')}`);
    // While it caught up, it said which epoch it would be paid from, counted from the sync ETA.
    const paidFromSyncing = node4Statuses.filter((s) => s.sync?.state === 'syncing').map((s) => s.identities[0]?.paidFromEpoch);
    t.diagnostic(`node 4's paidFromEpoch while syncing: ${[...new Set(paidFromSyncing)].join(', ')}`);

    await within(node1.waitFor((l) => l.event === 'block_applied' && (l.layer as number) >= RESTART_LAYER), WAIT_MS, `node 1 at layer ${RESTART_LAYER}`);
    const node3Before = [...node3.lines];
    const node3b = new NodeProcess(nodeArgs(3, node1Addr));
    processes.push({ name: 'node3-restarted', p: node3b });
    const client3 = await ApiClient.connect({ url: await apiUrl(node3b), token: readFileSync(join(dir, 'n3', 'api-token'), 'utf8').trim() });
    t.after(() => client3.close());
    const { statuses: node3Statuses } = await pollStatus(client3, (s) => s.sync?.state === 'synced');
    assert.equal(node3Statuses.at(-1)!.sync?.state, 'synced', 'the restarted node caught up');
    const node3Id = node3Statuses.at(-1)!.identities[0]!.smesherId;
    const restartEpoch = node3Statuses[0]!.network.currentEpoch;
    const paidAgain = node3Statuses.at(-1)!.identities[0]!.paidFromEpoch;
    assert.ok(paidAgain !== undefined, 'node.status says from which epoch the restarted identity is paid again');
    t.diagnostic(`node 3 restarted in epoch ${restartEpoch}, synced in epoch ${node3Statuses.at(-1)!.network.currentEpoch}: paid again from epoch ${paidAgain} (${[...new Set(node3Statuses.map((s) => s.identities[0]?.paidFromEpoch))].join(', ')} seen)`);

    // Node 4 smeshes from the next epoch it can: its ATX once synced, then a reward.
    const atx4 = await within(node4.waitFor((l) => l.event === 'atx_published'), WAIT_MS, "node 4's ATX");
    const reward4 = await within(node4.waitFor((l) => l.event === 'reward' && l.smesherId === node4Id), WAIT_MS, "node 4's first reward");
    t.diagnostic(`node 4 published its ATX in epoch ${String(atx4.publishEpoch)} and was paid in layer ${String(reward4.layer)}`);
    assert.ok(Math.floor((reward4.layer as number) / 4) >= (atx4.publishEpoch as number) + 1, 'paid from the epoch its first ATX targets');
    // Once synced it names the next round it can still catch; the loop may only miss it (by a check's delay), never beat it.
    const paidFromSynced = node4Statuses.at(-1)!.identities[0]!.paidFromEpoch;
    assert.ok(paidFromSynced !== undefined && paidFromSynced <= (atx4.publishEpoch as number) + 1, `said paid from epoch ${String(paidFromSynced)}, no later than its ATX's target`);

    // Node 3's next ATX targets the epoch it said it is paid again from. The status is read a moment after the builder
    // checks for sync (every 500 ms here): a round that starts in between is one the builder may miss, so one epoch
    // later is tolerated; earlier never.
    const atx3 = await within(node3b.waitFor((l) => l.event === 'atx_published'), WAIT_MS, "node 3's next ATX");
    const target3 = (atx3.publishEpoch as number) + 1;
    assert.ok(target3 === paidAgain || target3 === paidAgain + 1, `the restarted node's next ATX targets epoch ${target3}; it said ${paidAgain}`);
    t.diagnostic(`node 3's next ATX: published in epoch ${String(atx3.publishEpoch)}, paid from epoch ${target3}`);

    // Everyone applies the layer of node 4's reward and the layers since.
    const last = Math.max(lastApplied(node1.lines), reward4.layer as number) + 1;
    const caughtUp = (n: NodeProcess): Promise<LogLine> => n.waitFor((l) => l.event === 'block_applied' && (l.layer as number) >= last);
    await within(Promise.all([node1, node2, node3b, node4].map(caughtUp)), WAIT_MS, `every node at layer ${last}`);
    const codes = await Promise.all(processes.filter(({ p }) => p !== node3).map(({ p }) => p.stop()));
    assert.deepEqual(codes, codes.map(() => 0), 'every process stops cleanly');

    const node3Lines = [...node3Before, ...node3b.lines];
    const upTo = Math.min(...[node1.lines, node2.lines, node3Lines, node4.lines].map(lastApplied));
    const dirs = [...networkDirs, node4Dir];
    const views = dirs.map(appliedInDb);

    // Nodes 3 and 4 sync from node 1 (their bootnode; node 4 meets no other peer). Nodes 1 and 2 may split on a layer
    // when the loaded machine delays the hare (no full tortoise heals that yet): that is reported, not asserted here.
    await t.test('the late node and the restarted one applied every layer as node 1 did, with the same state hashes', () => {
      const reference = [...views[0]!].filter(([layer]) => layer <= upTo).sort(([a], [b]) => a - b);
      assert.ok(reference.some(([, v]) => !v.startsWith('null')), 'some layer had a block');
      for (const i of [2, 3]) {
        for (const [layer, applied] of reference) assert.equal(views[i]!.get(layer), applied, `node ${i + 1}, layer ${layer}`);
      }
      const hashes = dirs.map(stateHashes);
      for (const i of [2, 3]) {
        for (const [layer] of reference) assert.equal(hashes[i]!.get(layer), hashes[0]!.get(layer), `node ${i + 1}'s state hash of layer ${layer}`);
      }
      const split = reference.filter(([layer, applied]) => views[1]!.get(layer) !== applied).map(([layer]) => layer);
      t.diagnostic(`layers ${reference[0]![0]}-${upTo}: nodes 3 and 4 agree with node 1 on every block and state hash; node 2 differs on ${split.length === 0 ? 'none' : split.join(', ')}`);
    });

    await t.test('the late node was paid: its reward is in every node\'s state', () => {
      for (const [i, d] of dirs.entries()) {
        const layers = readDb(join(d, 'state.sql'), (db) => (db.prepare('SELECT layer FROM rewards WHERE smesher_id = ?').all(Buffer.from(node4Id, 'hex')) as Array<{ layer: number }>).map((r) => r.layer));
        assert.ok(layers.includes(reward4.layer as number), `node ${i + 1} holds node 4's reward of layer ${String(reward4.layer)} (${layers.join(', ')})`);
      }
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

    await t.test('the restarted node kept its identity and PoST data', () => {
      assert.equal(node3b.lines.filter((l) => l.msg === 'PoST init').length, 0, 'no second PoST init');
      const ids = readDb(join(networkDirs[2]!, 'local.sql'), (db) => (db.prepare('SELECT smesher_id FROM post_setups').all() as Array<{ smesher_id: Buffer }>).map((r) => r.smesher_id.toString('hex')));
      assert.deepEqual(ids, [node3Id], 'one PoST setup, of the identity it runs now');
      const before = readDb(join(networkDirs[0]!, 'state.sql'), (db) => (db.prepare('SELECT count(*) AS n FROM atxs WHERE smesher_id = ? AND publish_epoch <= 2').get(Buffer.from(node3Id, 'hex')) as { n: number }).n);
      assert.ok(before > 0, 'the identity it runs after the restart is the one that published before it');
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
      // What the other nodes hold of node 3 is exactly what its local.sql recorded as signed: one ATX per epoch, one
      // ballot (proposal) per layer.
      const id = Buffer.from(node3Id, 'hex');
      const mine = readDb(join(networkDirs[2]!, 'local.sql'), (db) => ({
        atxs: new Map((db.prepare('SELECT publish_epoch, atx_id FROM signed_atxs WHERE smesher_id = ?').all(id) as Array<{ publish_epoch: number; atx_id: Buffer }>).map((r) => [r.publish_epoch, r.atx_id.toString('hex')])),
        proposals: new Map((db.prepare('SELECT layer, proposal_id FROM signed_proposals WHERE smesher_id = ?').all(id) as Array<{ layer: number; proposal_id: Buffer }>).map((r) => [r.layer, r.proposal_id.toString('hex')])),
      }));
      for (const [i, d] of [networkDirs[0]!, networkDirs[1]!, node4Dir].entries()) {
        readDb(join(d, 'state.sql'), (db) => {
          for (const r of db.prepare('SELECT publish_epoch, id FROM atxs WHERE smesher_id = ?').all(id) as Array<{ publish_epoch: number; id: Buffer }>) {
            assert.equal(r.id.toString('hex'), mine.atxs.get(r.publish_epoch), `node ${[1, 2, 4][i]} holds node 3's signed ATX of epoch ${r.publish_epoch}`);
          }
          for (const r of db.prepare('SELECT layer, id FROM proposals WHERE smesher_id = ?').all(id) as Array<{ layer: number; id: Buffer }>) {
            assert.equal(r.id.toString('hex'), mine.proposals.get(r.layer), `node ${[1, 2, 4][i]} holds node 3's signed proposal of layer ${r.layer}`);
          }
        });
      }
      t.diagnostic(`node 3 signed ATXs for epochs ${[...mine.atxs.keys()].join(', ')} and proposals in ${mine.proposals.size} layers`);
    });

    await t.test('no node logged an error', () => {
      assert.deepEqual([node1.lines, node2.lines, node3Lines, node4.lines].flat().filter((l) => l.level === 'error'), []);
    });
  });
});
