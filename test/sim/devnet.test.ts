/**
 * A devnet of real processes on 127.0.0.1 (issue #14 and issue #15 "done when"), in one real-time run:
 * - one PoET (`smesher poet serve --network`) and four `smesher node --network` processes from one network file,
 *   smeshing 1, 1, 2 and 4 units, nodes 2-4 bootnoded to node 1: run for six epochs of proposals and rewards
 *   (epochs 2-7: ATXs published in epoch 1 make epoch 2 the first with an active set) until every node has applied
 *   the last layer of epoch 7, then stopped. Every node stores the same ATX ids for every epoch (one per identity,
 *   four identities), the same proposals (every identity proposed), logged the same block (or the same empty layer)
 *   and state hash for every layer, and holds the same in state.sql (`layers`, `rewards`);
 * - rewards: each identity's share of the rewards paid in the six epochs is within 3 points of its weight share
 *   (both defined where they are checked; layers with a named miss left out), and within each layer every paid identity got the same reward per unit of
 *   eligibility weight; every eligibility of every identity produced a proposal that was paid, or the identity's
 *   reward account (core/rewards/account.ts, what `rewards.epochs` serves) names why not, and the logs bear that
 *   cause out;
 * - a fifth node, started from another network file (same settings, so another genesis extra data and
 *   GenesisID) and bootnoded to node 1, is refused: its log says "wrong network", it never connects, and its
 *   state.sql holds none of the devnet's ATXs;
 * - a test peer in this process (`createP2PHost`, the devnet's network id) gossips corrupted copies of a real
 *   ATX: node 1 rejects each, scores the peer down and disconnects it, and stores none of them.
 * The beacon is the devnet preset's: the beacon protocol (docs/protocol/beacon.md §3), its phases shortened by the
 * network file to fit a 16 s epoch. Epoch 2's beacon is the bootstrap value; during epoch 2 all four identities run
 * the protocol for epoch 3 (and in each later epoch for the next), and every node must store the same
 * beacon for each, computed by the protocol. Layers are
 * 4 s (an epoch is 16 s), so the run takes about two minutes and a quarter past genesis. Every process listens and dials on 127.0.0.1 with port 0 (the PoET on a
 * port picked just before, as the network file must name it), never with mDNS. `SMESHER_SIM_LOGS=DIR` keeps every
 * process's log lines there.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { ActivationTxV1, atxIdV1 } from '../../core/activation/wire.js';
import { rewardAccount } from '../../core/node/rewardAccount.js';
import { getEligibilities } from '../../core/proposals/localStore.js';
import { decode, encode } from '../../core/codec/index.js';
import { type P2PHost, TOPIC_ATX, createP2PHost } from '../../core/p2p/index.js';
import { parseNetworkFile } from '../../core/params/networkFile.js';
import { genesisId as computeGenesisId } from '../../core/types/genesis.js';
import { effectiveGenesisLayer } from '../../core/types/layers.js';
import { bytesToHex, hexToBytes } from '../../core/util/bytes.js';
import { accept } from '../../core/util/verdict.js';
import { SHORT_BEACON, SHORT_LAYERS, setFlags } from './devnetSettings.js';
import { tempDir } from './helpers.js';
import { NodeProcess, PoetProcess, freePort, runSmesher, testNodeFlags } from './process.js';

const LOCALHOST = '/ip4/127.0.0.1/tcp/0';
/**
 * Short layers and PoET rounds so three epochs fit in about a minute (4 s layers, 16 s epochs; each PoET round runs
 * 10 s, from 8 s into an epoch, leaving 6 s for the proof, the PoST and the ATX before the next round's
 * registrations close). The hare needs its messages on time (a round late is a vote lost) and node 4 holds half the
 * weight: on two busy cores, 200 ms rounds split the network now and then (node 4 deciding alone), so the rounds
 * get 400 ms and the preround waits 1.5 s for the layer's proposals. Twenty proposal slots a layer instead of fifty:
 * every slot is a VRF proof to make and, on every node, to check; but not ten, because the reward shares are checked
 * against the weight shares (see REWARD_SHARE_TOLERANCE): 80 slots an epoch, split 10/10/20/40. The beacon protocol takes 2 s of proposals, a 3 s
 * first vote and two rounds of 1.5 s votes and 1.5 s weak coin: 11 s of the 16 s epoch, each phase long enough for
 * gossip on two busy cores (a proposal later than the phase is only potentially valid).
 */
const SETTINGS = setFlags([...SHORT_LAYERS.map((s) => (s.startsWith('layerAvgSize=') ? 'layerAvgSize=20' : s)), ...SHORT_BEACON]);
/**
 * From writing the network files to genesis: the PoET and the four nodes must have started by then (the nodes
 * register at the PoET for round 0 a few seconds after genesis). How long that takes depends on how busy the machine
 * is, so it is scaled from one CLI start measured just before (about a second on an idle machine, several under
 * load): the PoET's and the nodes' starts took about seven of those, twelve leave room; never below 25 s.
 */
const MIN_GENESIS_DELAY_S = 25;
const CLI_STARTS_TO_GENESIS = 12;
const UNITS = [1, 1, 2, 4] as const;
const LAYERS_PER_EPOCH = 4;
/** The first epoch with proposals and rewards: ATXs are published in epoch 1 for epoch 2. */
const FIRST_REWARD_EPOCH = 2;
/** Six epochs of proposals and rewards (issue #15: "run six epochs"), 2 to 7. */
const LAST_REWARD_EPOCH = FIRST_REWARD_EPOCH + 5;
const FIRST_REWARD_LAYER = FIRST_REWARD_EPOCH * LAYERS_PER_EPOCH;
/** The last layer of epoch 7 (layers 28-31): the run stops once every node has applied it. */
const LAST_LAYER = (LAST_REWARD_EPOCH + 1) * LAYERS_PER_EPOCH - 1;
/**
 * How far an identity's share of the rewards may be from its weight share: 3 points of the whole (0.03), absolute.
 * A layer's reward is split among that layer's eligibilities, and where the VRF puts an identity's eligibilities
 * varies the share even when every one is paid: simulating only that placement (80 slots an epoch in 4 layers,
 * 10/10/20/40, six epochs), the largest of the four deviations has a median of 0.5 points and a 99th percentile of
 * 1.3 (with 10 slots a layer: 1.0 and 3.0, so 1 run in 100 would fail with nothing wrong). A relative 3 % (0.375
 * points for a 1-unit identity) would fail about 40 % of flawless runs. A missed eligibility would add to it: the
 * layers with one are left out of both shares (its cause is checked instead).
 */
const REWARD_SHARE_TOLERANCE = 0.03;
/** The reward account's names for an eligible layer that paid nothing (core/rewards/account.ts). */
const MISS_CAUSES = ['node_offline', 'missed_proposal', 'late_proposal', 'empty_layer'] as const;
/** Corrupted ATXs the test peer sends; host.ts disconnects below -2500, and each reject costs 100 x count². */
const CORRUPTED_ATXS = 10;

interface AtxRow {
  id: Buffer;
  publish_epoch: number;
  smesher_id: Buffer;
  num_units: number;
}
interface ProposalRow {
  id: Buffer;
  layer: number;
  smesher_id: Buffer;
}

/** A node's state.sql, opened read-only (the node may still be writing it; WAL lets us read beside it). */
function readState<T>(networkDir: string, read: (db: Database.Database) => T): T {
  const db = new Database(join(networkDir, 'state.sql'), { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

const atxRows = (networkDir: string): AtxRow[] =>
  readState(networkDir, (db) => db.prepare('SELECT id, publish_epoch, smesher_id, num_units FROM atxs ORDER BY id').all() as AtxRow[]);

/** publish epoch -> sorted hex ATX ids. */
function atxIdsByEpoch(rows: readonly AtxRow[]): Map<number, string[]> {
  const byEpoch = new Map<number, string[]>();
  for (const r of rows) byEpoch.set(r.publish_epoch, [...(byEpoch.get(r.publish_epoch) ?? []), r.id.toString('hex')]);
  for (const ids of byEpoch.values()) ids.sort();
  return new Map([...byEpoch].sort(([a], [b]) => a - b));
}

/** True when all four nodes store the same ATXs and every stored epoch has one per identity. */
function atxsSettled(networkDirs: readonly string[]): boolean {
  const sets = networkDirs.map((d) => JSON.stringify([...atxIdsByEpoch(atxRows(d))]));
  const first = atxIdsByEpoch(atxRows(networkDirs[0]!));
  return sets.every((s) => s === sets[0]) && [...first.values()].every((ids) => ids.length === UNITS.length) && first.has(LAST_REWARD_EPOCH);
}

async function newNetwork(out: string, poetUrl: string, genesisUnixS: number): Promise<void> {
  const made = await runSmesher(['network', 'new', '--preset', 'devnet', '--genesis-time', String(genesisUnixS), '--poet', poetUrl, ...SETTINGS, '--out', out]);
  assert.equal(made.code, 0, `network new failed: ${made.stderr}`);
}

/** The node's 127.0.0.1 address with its peer id, from its `p2p_listening` line. */
async function listenAddr(node: NodeProcess): Promise<{ addr: string; peerId: string }> {
  const line = await node.waitFor((l) => l.event === 'p2p_listening');
  const addr = (line.addrs as string[]).find((a) => a.startsWith('/ip4/127.0.0.1/tcp/'));
  assert.ok(addr !== undefined, `no 127.0.0.1 address in ${JSON.stringify(line.addrs)}`);
  return { addr, peerId: line.peerId as string };
}

describe('a devnet of four nodes and a PoET, each its own process', () => {
  it('agrees on ATXs, proposals, blocks and rewards for six epochs; refuses another network and a peer gossiping corrupted ATXs', { timeout: 420_000 }, async (t) => {
    const { dir, cleanup } = tempDir('smesher-devnet-');
    const processes: Array<NodeProcess | PoetProcess> = [];
    const logNames = ['poet', 'node1', 'node2', 'node3', 'node4', 'stranger'];
    const peer: { host?: P2PHost } = {};
    // Processes and the test peer stop before the directory goes: hooks run in the order they were registered.
    t.after(async () => {
      await peer.host?.stop();
      await Promise.all(processes.map((p) => p.stop()));
      // SMESHER_SIM_LOGS=DIR keeps every process's log lines (poet.log, node1.log ... node4.log, stranger.log).
      const keep = process.env.SMESHER_SIM_LOGS;
      if (keep !== undefined) {
        mkdirSync(keep, { recursive: true });
        for (const [name, p] of logNames.map((n, i) => [n, processes[i]] as const)) {
          if (p !== undefined) writeFileSync(join(keep, `${name}.log`), `${p.lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
        }
      }
    });
    t.after(cleanup);

    const cliStart = Date.now();
    const apiFlags = testNodeFlags(); // runs `smesher node --help`: the CLI start this run's genesis is scaled from
    const genesisDelayS = Math.max(MIN_GENESIS_DELAY_S, Math.ceil((CLI_STARTS_TO_GENESIS * (Date.now() - cliStart)) / 1000));
    const genesisUnixS = Math.ceil(Date.now() / 1000) + genesisDelayS;
    const poetUrl = `http://127.0.0.1:${await freePort()}`;
    const netFile = join(dir, 'net.json');
    const otherNetFile = join(dir, 'other-net.json');
    // Same settings and genesis time; `network new` gives each file its own genesis extra data.
    await Promise.all([newNetwork(netFile, poetUrl, genesisUnixS), newNetwork(otherNetFile, poetUrl, genesisUnixS)]);
    const network = parseNetworkFile(readFileSync(netFile, 'utf8'));
    const genesisId = computeGenesisId({ genesisTimeMs: network.genesisTimeMs, extraData: network.preset.genesis.extraData });
    assert.notEqual(
      bytesToHex(genesisId),
      bytesToHex(computeGenesisId({ genesisTimeMs: network.genesisTimeMs, extraData: parseNetworkFile(readFileSync(otherNetFile, 'utf8')).preset.genesis.extraData })),
      'two network files are two networks',
    );

    const poet = new PoetProcess(['--network', netFile, '--data-dir', join(dir, 'poetd')]);
    processes.push(poet);
    const nodeArgs = (i: number, bootnode?: string): string[] => [
      '--network', netFile, '--data-dir', join(dir, `n${i}`), '--listen', LOCALHOST, '--no-mdns', ...apiFlags,
      '--smesh', '--post-dir', join(dir, `p${i}`), '--units', String(UNITS[i - 1]),
      ...(bootnode === undefined ? [] : ['--bootnodes', bootnode]),
    ];
    // The nodes reach the PoET only after genesis: node 1 starts beside it.
    const node1 = new NodeProcess(nodeArgs(1));
    processes.push(node1);
    const [{ addr: node1Addr, peerId: node1Id }] = await Promise.all([listenAddr(node1), poet.waitFor((l) => l.msg === 'PoET listening')]);
    const nodes = [node1];
    for (const i of [2, 3, 4]) {
      const node = new NodeProcess(nodeArgs(i, node1Addr));
      processes.push(node);
      nodes.push(node);
    }
    const started = await Promise.all(nodes.map((n) => n.waitFor((l) => l.msg === 'node started')));
    const networkDirs = started.map((l) => l.networkDir as string);
    t.diagnostic(`genesis ${genesisDelayS} s after the files were written; the four nodes started ${((network.genesisTimeMs - Date.now()) / 1000).toFixed(1)} s before it`);
    // The stranger neither smeshes nor needs the genesis: it starts after the devnet's nodes, off their clock.
    const stranger = new NodeProcess(['--network', otherNetFile, '--data-dir', join(dir, 'other'), '--listen', LOCALHOST, '--no-mdns', ...apiFlags, '--bootnodes', node1Addr]);
    processes.push(stranger);
    const strangerDir = (await stranger.waitFor((l) => l.msg === 'node started')).networkDir as string;
    assert.ok(networkDirs.every((d) => d.endsWith(`devnet-${bytesToHex(genesisId).slice(0, 8)}`)), `network dirs ${networkDirs.join(', ')}`);

    // The test peer joins once node 1 stores the first ATXs, copies one and gossips corrupted variants of it.
    await node1.waitFor((l) => l.event === 'atx_published');
    const realAtx = await waitForAtxBlob(networkDirs[0]!);
    const peerDir = join(dir, 'test-peer');
    mkdirSync(peerDir);
    const testPeer = await createP2PHost({
      networkDir: peerDir,
      genesisId,
      effectiveGenesisLayer: effectiveGenesisLayer(network.preset.layersPerEpoch),
      listen: [LOCALHOST],
      bootnodes: [node1Addr],
    });
    peer.host = testPeer;
    // `publish` runs this host's own handler first and sends nothing it rejects: it takes anything.
    testPeer.subscribe(TOPIC_ATX, () => accept());
    const corrupted = corruptedVariants(realAtx, CORRUPTED_ATXS + 20);
    const sent = await gossipCorrupted(testPeer, corrupted);
    const peerId = testPeer.peerId;
    const dropped = await node1.waitFor((l) => l.event === 'peer_disconnected' && l.peerId === peerId);

    await Promise.all(nodes.map((n) => n.waitFor((l) => l.event === 'block_applied' && (l.layer as number) >= LAST_LAYER)));
    // The ATXs of epoch 7 are gossiped while its layers run: stop once every node has all of them.
    for (let tries = 0; !atxsSettled(networkDirs); tries++) {
      assert.ok(tries < 60, `ATXs did not settle: ${networkDirs.map((d) => JSON.stringify([...atxIdsByEpoch(atxRows(d))].map(([e, ids]) => [e, ids.length]))).join(' / ')}`);
      await delay(500);
    }
    await testPeer.stop();
    const codes = await Promise.all(processes.map((p) => p.stop()));
    assert.deepEqual(codes, processes.map(() => 0), 'every process stops cleanly');

    const lines = nodes.map((n) => n.lines);
    const published = lines.flat().filter((l) => l.event === 'atx_published');
    const identities = [...new Set(published.map((l) => l.smesherId as string))].sort();
    assert.equal(identities.length, UNITS.length, 'four identities published ATXs');

    await t.test('every node stores the same ATX ids for every epoch, one per identity', () => {
      const rows = networkDirs.map(atxRows);
      const byEpoch = rows.map(atxIdsByEpoch);
      for (let i = 1; i < byEpoch.length; i++) assert.deepEqual(byEpoch[i], byEpoch[0], `node ${i + 1} stores the ATXs node 1 stores`);
      const epochs = [...byEpoch[0]!.keys()];
      // Epoch 8's ATXs come a few seconds after the last layer is applied; a run slowed down may have waited for them too.
      assert.deepEqual(epochs, Array.from({ length: Math.max(LAST_REWARD_EPOCH, epochs.length) }, (_, i) => i + 1), `ATXs of publish epochs 1 to ${LAST_REWARD_EPOCH} or ${LAST_REWARD_EPOCH + 1} (${epochs.join(', ')})`);
      for (const [epoch, ids] of byEpoch[0]!) {
        const smeshers = rows[0]!.filter((r) => r.publish_epoch === epoch).map((r) => r.smesher_id.toString('hex')).sort();
        assert.deepEqual(smeshers, identities, `epoch ${epoch}: one ATX per identity (${ids.length})`);
      }
      assert.deepEqual(rows[0]!.map((r) => r.num_units).sort((a, b) => a - b), epochs.flatMap(() => UNITS).sort((a, b) => a - b), 'units 1, 1, 2, 4');
      const logged = published.map((l) => l.atxId as string).sort();
      assert.deepEqual(logged, rows[0]!.map((r) => r.id.toString('hex')).sort(), 'the stored ATXs are the published ones');
    });

    // Proposals of a layer past the last one every node applied may still be on their way when the nodes stop.
    const lastApplied = Math.min(...lines.map((ls) => Math.max(...ls.filter((l) => l.event === 'block_applied').map((l) => l.layer as number))));
    await t.test('every node stores every proposal of the layers they all applied; every identity proposed', () => {
      const proposals = networkDirs.map((d) =>
        readState(d, (db) => db.prepare('SELECT id, layer, smesher_id FROM proposals WHERE layer <= ? ORDER BY id').all(lastApplied) as ProposalRow[]),
      );
      const ids = proposals.map((ps) => ps.map((p) => p.id.toString('hex')));
      for (let i = 1; i < ids.length; i++) assert.deepEqual(ids[i], ids[0], `node ${i + 1} stores the proposals node 1 stores`);
      const proposers = [...new Set(proposals[0]!.map((p) => p.smesher_id.toString('hex')))].sort();
      assert.deepEqual(proposers, identities, 'every identity proposed');
      const logged = lines
        .flat()
        .filter((l) => l.event === 'proposal_published' && (l.layer as number) <= lastApplied)
        .map((l) => l.proposalId as string)
        .sort();
      assert.deepEqual(logged, ids[0], 'the stored proposals are the published ones');
      t.diagnostic(`${ids[0]!.length} proposals through layer ${lastApplied}`);
    });

    await t.test('every node applied the same block and state hash for every layer', () => {
      const applied = lines.map((ls) => {
        const byLayer = new Map<number, string>();
        for (const l of ls) if (l.event === 'block_applied' && (l.layer as number) <= lastApplied) byLayer.set(l.layer as number, `${String(l.blockId)} ${String(l.stateHash)}`);
        return [...byLayer].sort(([a], [b]) => a - b);
      });
      for (let i = 1; i < applied.length; i++) assert.deepEqual(applied[i], applied[0], `node ${i + 1} applied what node 1 applied`);
      assert.ok(lastApplied >= LAST_LAYER);
      // What state.sql holds once they stopped (after any revert): every layer from the first applied one on, the same.
      const held = networkDirs.map((d) => layerRows(d, LAST_LAYER));
      for (let i = 1; i < held.length; i++) assert.deepEqual(held[i], held[0], `node ${i + 1}'s layers table is node 1's`);
      const ids = held[0]!.map((r) => r.layer);
      assert.deepEqual(ids, Array.from({ length: LAST_LAYER - ids[0]! + 1 }, (_, i) => ids[0]! + i), `no layer skipped (${ids[0]} to ${LAST_LAYER})`);
      const empty = held[0]!.filter((r) => r.layer >= FIRST_REWARD_LAYER && r.block === null).map((r) => r.layer);
      t.diagnostic(`layers ${FIRST_REWARD_LAYER}-${LAST_LAYER}: ${LAST_LAYER - FIRST_REWARD_LAYER + 1 - empty.length} with a block, empty: [${empty.join(', ')}]`);
      assert.ok(
        lines[0]!.some((l) => l.event === 'block_applied' && l.blockId !== null),
        'some layer had a block (not only empty layers)',
      );
    });

    // One identity per node: the one whose ATXs its log announced.
    const identityOf = lines.map((ls) => ls.find((l) => l.event === 'atx_published')!.smesherId as string);
    assert.deepEqual([...identityOf].sort(), identities, 'one identity per node');

    await t.test(`every node holds the same rewards; each identity's share is within ${REWARD_SHARE_TOLERANCE * 100} points of its weight share`, () => {
      const rewards = networkDirs.map((d) => rewardRows(d, FIRST_REWARD_LAYER, LAST_LAYER));
      for (let i = 1; i < rewards.length; i++) assert.deepEqual(rewards[i], rewards[0], `node ${i + 1}'s rewards are node 1's`);
      // The layers an eligible identity was not paid in (each with its named cause, checked in the next test) are left
      // out of both shares: a late proposal of node 4 in a layer where it holds 11 eligibilities moves its share by
      // about 2.5 points on its own, and is a miss, not a wrong split.
      const missed = missedLayers(networkDirs, identityOf);
      const counted = (layer: number): boolean => !missed.has(layer);
      // Reward share: the identity's layer rewards (the subsidy's share; no transactions run, so no fees) over all
      // layer rewards paid in the counted layers of epochs 2-7.
      const shareOf = (rows: ReadonlyArray<{ smesherId: string; layer: number; layerReward: bigint }>): Map<string, number> => {
        const paid = new Map<string, bigint>();
        for (const r of rows) paid.set(r.smesherId, (paid.get(r.smesherId) ?? 0n) + r.layerReward);
        const total = [...paid.values()].reduce((a, b) => a + b, 0n);
        return new Map([...paid].map(([id, v]) => [id, Number(v) / Number(total)]));
      };
      const share = shareOf(rewards[0]!.filter((r) => counted(r.layer)));
      const shareAll = shareOf(rewards[0]!);
      // Weight share: the sum over the counted layers of the identity's ATX weight for the layer's epoch (its ATX
      // published in the epoch before, state.sql `atxs.weight`: units x ticks) over the same sum of all four's weights.
      // With every layer counted, that is the sum over epochs 2-7 of the identity's weight over the sum of the totals:
      // every epoch has the same number of layers and the same subsidy, so epochs weigh as their total weight does.
      const atxs = readState(networkDirs[0]!, (db) =>
        db.prepare('SELECT hex(smesher_id) AS smesherId, publish_epoch AS epoch, weight FROM atxs WHERE publish_epoch BETWEEN ? AND ?').safeIntegers(true).all(FIRST_REWARD_EPOCH - 1, LAST_REWARD_EPOCH - 1) as Array<{ smesherId: string; epoch: bigint; weight: bigint }>,
      );
      assert.equal(atxs.length, UNITS.length * (LAST_REWARD_EPOCH - FIRST_REWARD_EPOCH + 1), 'an ATX per identity for every rewarded epoch');
      const weight = new Map<string, bigint>();
      let totalWeight = 0n;
      for (let layer = FIRST_REWARD_LAYER; layer <= LAST_LAYER; layer++) {
        if (!counted(layer)) continue;
        const targetEpoch = BigInt(Math.floor(layer / LAYERS_PER_EPOCH));
        for (const a of atxs.filter((x) => x.epoch + 1n === targetEpoch)) {
          weight.set(a.smesherId.toLowerCase(), (weight.get(a.smesherId.toLowerCase()) ?? 0n) + a.weight);
          totalWeight += a.weight;
        }
      }
      const report: string[] = [];
      for (const [i, id] of identityOf.entries()) {
        const got = share.get(id) ?? 0;
        const weightShare = Number(weight.get(id) ?? 0n) / Number(totalWeight);
        report.push(`node ${i + 1} (${UNITS[i]} units): reward ${(got * 100).toFixed(2)} % / weight ${(weightShare * 100).toFixed(2)} % (all layers: ${((shareAll.get(id) ?? 0) * 100).toFixed(2)} %)`);
        assert.ok(Math.abs(got - weightShare) <= REWARD_SHARE_TOLERANCE, `node ${i + 1}'s identity: reward share ${got.toFixed(4)}, weight share ${weightShare.toFixed(4)}`);
      }
      const paidTotal = rewards[0]!.reduce((a, r) => a + r.layerReward, 0n);
      t.diagnostic(`shares over layers ${FIRST_REWARD_LAYER}-${LAST_LAYER} (${Number(paidTotal) / 1e9} SMH paid; layers with a miss left out: [${[...missed].sort((a, b) => a - b).join(', ')}]): ${report.join('; ')}`);
    });

    await t.test('every eligibility produced a proposal that was paid, in proportion to its weight, or its miss has a named cause', () => {
      const rewards = rewardRows(networkDirs[0]!, FIRST_REWARD_LAYER, LAST_LAYER);
      const rewardOf = new Map(rewards.map((r) => [`${r.smesherId}:${r.layer}`, r.layerReward]));
      const blocks = new Map(layerRows(networkDirs[0]!, LAST_LAYER).map((r) => [r.layer, r.block]));
      /** layer -> reward per unit of eligibility weight of each identity paid there (weight x count / slots). */
      const perWeight = new Map<number, number[]>();
      const misses: string[] = [];
      let eligible = 0;
      for (const [i, id] of identityOf.entries()) {
        const proposed = new Set(lines[i]!.filter((l) => l.event === 'proposal_published' && l.smesherId === id).map((l) => l.layer as number));
        withDbs(networkDirs[i]!, (state, local) => {
          for (let epoch = FIRST_REWARD_EPOCH; epoch <= LAST_REWARD_EPOCH; epoch++) {
            const account = rewardAccount(state, local, hexToBytes(id), epoch, LAYERS_PER_EPOCH);
            const record = getEligibilities(local, hexToBytes(id), epoch);
            assert.ok(account !== null && record !== undefined, `node ${i + 1} recorded its eligibilities for epoch ${epoch}`);
            for (const layer of account.layers) {
              eligible++;
              const where = `node ${i + 1}, layer ${layer.layer} (${layer.count} eligibilities)`;
              assert.notEqual(layer.outcome, 'pending', `${where}: applied, so it paid or missed`);
              if (layer.outcome === 'paid') {
                assert.ok(proposed.has(layer.layer), `${where}: paid, so its proposal was published`);
                const reward = rewardOf.get(`${id}:${layer.layer}`);
                assert.ok(reward !== undefined, `${where}: a reward row`);
                const units = (Number(record.weight) * layer.count) / record.slots;
                perWeight.set(layer.layer, [...(perWeight.get(layer.layer) ?? []), Number(reward) / units]);
                continue;
              }
              assert.ok((MISS_CAUSES as readonly string[]).includes(layer.outcome), `${where}: ${layer.outcome} is a named cause`);
              // The logs bear the cause out.
              const applied = lines[i]!.filter((l) => l.event === 'block_applied' && l.layer === layer.layer).at(-1);
              if (layer.outcome === 'missed_proposal' || layer.outcome === 'node_offline') assert.ok(!proposed.has(layer.layer), `${where}: ${layer.outcome}, yet a proposal was published`);
              if (layer.outcome === 'late_proposal') assert.ok(proposed.has(layer.layer), `${where}: late_proposal without a published proposal`);
              if (layer.outcome === 'empty_layer') assert.equal(blocks.get(layer.layer), null, `${where}: empty_layer, yet the layer has a block`);
              const warnings = lines[i]!.filter((l) => l.level === 'warn' && l.layer === layer.layer).map((l) => l.msg);
              misses.push(`${where}: ${layer.outcome}${proposed.has(layer.layer) ? ', proposal published' : ''}, layer ${applied?.blockId === null ? 'empty' : 'with a block'}${warnings.length > 0 ? `; warnings: ${[...new Set(warnings)].join('; ')}` : ''}`);
            }
          }
        });
      }
      // go-spacemesh splits a layer's reward by each ballot's share of its ATX's weight (blocks/utils.go
      // rewardInfoAndHeight): every paid eligibility of the layer earns the same per unit of weight, up to rounding.
      for (const [layer, values] of perWeight) {
        const max = Math.max(...values);
        const min = Math.min(...values);
        assert.ok(max - min <= max * 1e-6 + 1, `layer ${layer}: rewards per unit of weight ${values.join(', ')}`);
      }
      t.diagnostic(`${eligible} eligible layers across the four identities, ${misses.length} missed${misses.length > 0 ? `: ${misses.join(' | ')}` : ''}`);
    });

    await t.test('every node computed the same beacon for every epoch from 3 on, with the beacon protocol', () => {
      const beacons = networkDirs.map((d) =>
        readState(d, (db) => db.prepare('SELECT epoch, hex(beacon) AS beacon, source FROM beacons ORDER BY epoch').all() as Array<{ epoch: number; beacon: string; source: string }>),
      );
      for (let i = 1; i < beacons.length; i++) assert.deepEqual(beacons[i], beacons[0], `node ${i + 1} stores the beacons node 1 stores`);
      const epoch3 = beacons[0]!.find((b) => b.epoch === 3);
      assert.ok(epoch3 !== undefined, `a beacon for epoch 3 (${JSON.stringify(beacons[0])})`);
      assert.ok(beacons[0]!.every((b) => b.epoch >= 3 && b.source === 'protocol'), 'every stored beacon came from the protocol');
      assert.notEqual(epoch3.beacon.toLowerCase(), bytesToHex(genesisId.subarray(0, 4)), 'not the bootstrap value');
      // The ballots of epoch 3 carry it: blocks of epoch 3 were agreed on above with this beacon.
      t.diagnostic(`beacons: ${beacons[0]!.map((b) => `${b.epoch}=${b.beacon.toLowerCase()} (${b.source})`).join(', ')}`);
    });

    await t.test('a node of another network is refused and exchanges nothing', () => {
      const refused = stranger.lines.find((l) => l.event === 'peer_disconnected' && /wrong network/.test(String(l.reason)));
      assert.ok(refused !== undefined, 'the stranger logs why it was dropped');
      assert.equal(refused.peerId, node1Id, 'the refusal names node 1');
      assert.ok(!stranger.lines.some((l) => l.event === 'peer_connected'), 'the stranger never connected');
      const strangerId = stranger.lines.find((l) => l.event === 'p2p_listening')!.peerId;
      assert.ok(!node1.lines.some((l) => l.event === 'peer_connected' && l.peerId === strangerId), 'node 1 never connected to it');
      assert.ok(node1.lines.some((l) => l.event === 'peer_disconnected' && /wrong network/.test(String(l.reason))), 'node 1 logs the refusal too');
      const theirs = new Set(atxRows(networkDirs[0]!).map((r) => r.id.toString('hex')));
      const strangers = atxRows(strangerDir).map((r) => r.id.toString('hex'));
      assert.deepEqual(strangers.filter((id) => theirs.has(id)), [], 'none of the devnet ATXs reached it');
    });

    await t.test('a peer gossiping corrupted ATXs is rejected, scored down and disconnected; nothing is stored', () => {
      const node1Lines = node1.lines;
      const rejected = node1Lines.filter((l) => l.msg === 'gossip rejected' && l.peerId === peerId && l.topic === TOPIC_ATX);
      const dropIndex = node1Lines.indexOf(dropped);
      assert.ok(rejected.length >= 2, `node 1 rejected repeatedly (${rejected.length})`);
      assert.ok(node1Lines.indexOf(rejected[0]!) < dropIndex, 'rejected before the disconnect');
      assert.ok(rejected.every((l) => l.code === 'BAD_SIGNATURE'), `rejected for its signature: ${JSON.stringify(rejected[0])}`);
      assert.ok(node1Lines.some((l) => l.msg === 'ATX rejected' && l.code === 'BAD_SIGNATURE'), 'the ATX handler logs the rejection');
      assert.match(String(dropped.reason), /^score -?\d+ below -2500: banned/);
      t.diagnostic(`${sent} corrupted ATXs sent, ${rejected.length} rejected before the disconnect: ${String(dropped.reason)}`);
      const badIds = new Set(corrupted.map((c) => c.id));
      for (const [i, d] of networkDirs.entries()) {
        assert.deepEqual(atxRows(d).filter((r) => badIds.has(r.id.toString('hex'))), [], `node ${i + 1} stores no corrupted ATX`);
        const malfeasance = readState(d, (db) => (db.prepare('SELECT count(*) AS n FROM malfeasance').get() as { n: number }).n);
        assert.equal(malfeasance, 0, `node ${i + 1}: no malfeasance recorded from forged bytes`);
      }
    });

    await t.test('no node logged an error', () => {
      assert.deepEqual(lines.flat().filter((l) => l.level === 'error'), []);
    });
  });
});

/** Layers `..upTo` of a node's state.sql: the block applied (null: empty) and the state hash, hex. */
function layerRows(networkDir: string, upTo: number): Array<{ layer: number; block: string | null; stateHash: string }> {
  return readState(networkDir, (db) =>
    (db.prepare('SELECT id, applied_block, state_hash FROM layers WHERE id <= ? ORDER BY id').all(upTo) as Array<{ id: number; applied_block: Buffer | null; state_hash: Buffer }>).map((r) => ({
      layer: r.id,
      block: r.applied_block === null ? null : r.applied_block.toString('hex'),
      stateHash: r.state_hash.toString('hex'),
    })),
  );
}

/** The rewards of layers `from..to` in a node's state.sql, by layer then identity. */
function rewardRows(networkDir: string, from: number, to: number): Array<{ smesherId: string; layer: number; layerReward: bigint; totalReward: bigint }> {
  return readState(networkDir, (db) =>
    (
      db
        .prepare('SELECT smesher_id, layer, layer_reward, total_reward FROM rewards WHERE layer BETWEEN ? AND ? ORDER BY layer, smesher_id')
        .safeIntegers(true)
        .all(from, to) as Array<{ smesher_id: Buffer; layer: bigint; layer_reward: bigint; total_reward: bigint }>
    ).map((r) => ({ smesherId: r.smesher_id.toString('hex'), layer: Number(r.layer), layerReward: r.layer_reward, totalReward: r.total_reward })),
  );
}

/** The layers of epochs 2-7 in which some identity was eligible and not paid, by its node's reward account. */
function missedLayers(networkDirs: readonly string[], identityOf: readonly string[]): Set<number> {
  const missed = new Set<number>();
  for (const [i, id] of identityOf.entries()) {
    withDbs(networkDirs[i]!, (state, local) => {
      for (let epoch = FIRST_REWARD_EPOCH; epoch <= LAST_REWARD_EPOCH; epoch++) {
        for (const l of rewardAccount(state, local, hexToBytes(id), epoch, LAYERS_PER_EPOCH)?.layers ?? []) if (l.outcome !== 'paid') missed.add(l.layer);
      }
    });
  }
  return missed;
}

/** A stopped node's state.sql and local.sql, read-only, for the reward account's queries. */
function withDbs(networkDir: string, read: (state: Database.Database, local: Database.Database) => void): void {
  const state = new Database(join(networkDir, 'state.sql'), { readonly: true, fileMustExist: true });
  const local = new Database(join(networkDir, 'local.sql'), { readonly: true, fileMustExist: true });
  try {
    read(state, local);
  } finally {
    state.close();
    local.close();
  }
}

/** The blob of the first ATX node 1 stores (polling: the published line comes just before the row). */
async function waitForAtxBlob(networkDir: string): Promise<Uint8Array> {
  for (let tries = 0; tries < 50; tries++) {
    const row = readState(networkDir, (db) => db.prepare('SELECT blob FROM atx_blobs LIMIT 1').get() as { blob: Buffer } | undefined);
    if (row !== undefined) return new Uint8Array(row.blob);
    await delay(200);
  }
  throw new Error('node 1 stored no ATX');
}

/**
 * Copies of a real ATX with one PoST index byte flipped each: they decode, but the ATX id changes, so the
 * identity's signature no longer verifies (and no two share a gossip message id).
 */
function corruptedVariants(blob: Uint8Array, count: number): Array<{ id: string; bytes: Uint8Array }> {
  const atx = decode(ActivationTxV1, blob);
  const post = atx.inner.nipost?.post;
  assert.ok(post !== undefined && post !== null && post.indices.length > 0, 'the ATX carries a PoST');
  return Array.from({ length: count }, (_, i) => {
    const indices = Uint8Array.from(post.indices);
    indices[i % indices.length]! ^= 1 << (Math.floor(i / indices.length) % 8);
    const inner = { ...atx.inner, nipost: { ...atx.inner.nipost!, post: { ...post, indices } } };
    return { id: bytesToHex(atxIdV1(inner)), bytes: encode(ActivationTxV1, { ...atx, inner }) };
  });
}

/**
 * Gossips the corrupted ATXs: the first ones until one reaches a peer (the gossip mesh forms within a heartbeat
 * or two of connecting), then {@link CORRUPTED_ATXS} at once, before node 1's next heartbeat prunes this peer
 * from its mesh for its falling score (after that gossipsub stops sending to node 1).
 * @returns how many were sent to a peer
 */
async function gossipCorrupted(host: P2PHost, variants: ReadonlyArray<{ bytes: Uint8Array }>): Promise<number> {
  let next = 0;
  while ((await host.publish(TOPIC_ATX, variants[next++]!.bytes)).recipients === 0) {
    assert.ok(next < variants.length - CORRUPTED_ATXS, 'node 1 never joined the test peer in the ATX topic');
    await delay(500);
  }
  let sent = 1;
  for (let i = 1; i < CORRUPTED_ATXS; i++) sent += (await host.publish(TOPIC_ATX, variants[next++]!.bytes)).recipients > 0 ? 1 : 0;
  return sent;
}

