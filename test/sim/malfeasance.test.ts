/**
 * Equivocation in a devnet of real processes (issue #17 "done when"; issue #15 "an equivocating hare participant"):
 * one PoET and three `smesher node` processes (1, 1 and 4 units) from one network file. The test holds two
 * identities' keys, read from their data folders, as equivocating smeshers would:
 * - node 2's: once node 2 has proposed in a layer of epoch 2 and node 1 stores that proposal, the test signs a
 *   second, different ballot for the same layer and gossips it from a test peer bootnoded to node 1. Node 1 refuses
 *   it and keeps a go-format MultipleBallots proof (kind 2); the proof reaches the others on `mp1`.
 * - node 1's: as soon as node 1 has signed its preround message of a layer of epoch 2 (local.sql records it before
 *   it is sent), the test signs two more preround messages for the same (layer, iteration, round) with other values,
 *   reusing its VRF eligibility (it does not depend on the value), and gossips both on `/h/3.0`. Every node takes one
 *   as an equivocation and keeps a HareEquivocation proof (kind 3); the second is the equivocator's and is ignored.
 * Checked:
 * - within one layer of the second ballot every node's state.sql holds the kind-2 proof for node 2's identity, and
 *   every node holds the kind-3 proof for node 1's identity; each stored proof names the layer it was made in;
 * - from two layers after its proof on, neither identity earns anything on any node, while node 3 keeps earning,
 *   and both equivocators' nodes go on running (their later proposals are refused, by themselves too);
 * - the hare keeps deciding layers after the equivocation, and every node applied the same block and has the same
 *   state hash in every layer all of them applied (a proven identity's hare messages count for nothing: node 3,
 *   with 4 of 6 units, decides alone; the lockstep unit test shows it message by message, test/unit/hare);
 * - block certificates: each node holds certificates (from `bc1` certify messages) for the blocks it applied, and
 *   where all three hold one for a layer it is the same block.
 * Layers are 4 s (16 s epochs) as in test/sim/devnet.test.ts, with the standalone beacon rule (`beacon.mode=genesis`)
 * so the run does not depend on beacon timing; it takes about a minute and a half past genesis.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { EdSigner } from '../../core/crypto/ed25519.js';
import { SigningDomain } from '../../core/crypto/domains.js';
import { blake3 } from '../../core/crypto/hash.js';
import { type HareBody, Round, decodeHareMessage, encodeHareMessage, hareSignedBytes } from '../../core/hare/wire.js';
import { MalfeasanceKind, decodeMalfeasanceProof } from '../../core/malfeasance/index.js';
import { TOPIC_HARE, TOPIC_PROPOSAL, createP2PHost } from '../../core/p2p/index.js';
import { parseNetworkFile } from '../../core/params/networkFile.js';
import { buildProposal } from '../../core/proposals/build.js';
import { ballotId, decodeProposal, encodeProposal } from '../../core/proposals/wire.js';
import { genesisId as computeGenesisId } from '../../core/types/genesis.js';
import { effectiveGenesisLayer } from '../../core/types/layers.js';
import { bytesToHex, hexToBytes } from '../../core/util/bytes.js';
import { accept } from '../../core/util/verdict.js';
import { SHORT_LAYERS, setFlags } from './devnetSettings.js';
import { tempDir } from './helpers.js';
import { NodeProcess, PoetProcess, freePort, runSmesher, testNodeFlags } from './process.js';

const LOCALHOST = '/ip4/127.0.0.1/tcp/0';
const SETTINGS = setFlags([...SHORT_LAYERS, 'beacon.mode=genesis']);
const GENESIS_DELAY_S = 25;
/** Node 3 alone holds 4 of 6 units: the hare and certificates still decide once nodes 1 and 2 count for nothing. */
const UNITS = [1, 1, 4] as const;
const LAYER_MS = 4000;
/** Epoch 2 (layers 8-11) is the first with proposals; the double ballot goes out in the first layer node 2 proposes in. */
const FIRST_PROPOSAL_LAYER = 8;
/** Layers applied after both equivocations before the run stops: enough for "earns nothing after" to mean something. */
const LAYERS_AFTER = 5;

function openRead(path: string): Database.Database {
  return new Database(path, { readonly: true, fileMustExist: true });
}

function query<T>(path: string, sql: string, ...params: unknown[]): T[] {
  const db = openRead(path);
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

async function waitUntil<T>(what: string, limitMs: number, probe: () => T | undefined): Promise<T> {
  const until = Date.now() + limitMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    assert.ok(Date.now() < until, `timed out waiting for ${what}`);
    await delay(100);
  }
}

/** The identity key in a node's data folder, as the node wrote it. */
async function identityOf(networkDir: string, genesisId: Uint8Array): Promise<EdSigner> {
  const keyDir = join(networkDir, 'identities');
  const keyFile = await waitUntil('the key file', 30_000, () => readdirSync(keyDir).find((f) => f.endsWith('.key')));
  const key = hexToBytes(readFileSync(join(keyDir, keyFile), 'utf8').trim(), 64);
  return new EdSigner(key.slice(0, 32), genesisId);
}

describe('equivocation in a devnet', () => {
  it('a double ballot and an equivocating hare participant are proven by every node; they earn nothing after and nodes agree', { timeout: 240_000 }, async (t) => {
    const { dir, cleanup } = tempDir('smesher-malfeasance-');
    const processes: Array<NodeProcess | PoetProcess> = [];
    const peer: { stop?: () => Promise<void> } = {};
    t.after(async () => {
      await peer.stop?.();
      await Promise.all(processes.map((p) => p.stop()));
      // SMESHER_SIM_LOGS=DIR keeps every process's log lines (poet.log, node1.log ... node3.log).
      const keep = process.env.SMESHER_SIM_LOGS;
      if (keep !== undefined) {
        mkdirSync(keep, { recursive: true });
        for (const [i, p] of processes.entries()) writeFileSync(join(keep, `${i === 0 ? 'poet' : `node${i}`}.log`), `${p.lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
      }
    });
    t.after(cleanup);

    const apiFlags = testNodeFlags();
    const genesisUnixS = Math.ceil(Date.now() / 1000) + GENESIS_DELAY_S;
    const poetUrl = `http://127.0.0.1:${await freePort()}`;
    const netFile = join(dir, 'net.json');
    const made = await runSmesher(['network', 'new', '--preset', 'devnet', '--genesis-time', String(genesisUnixS), '--poet', poetUrl, ...SETTINGS, '--out', netFile]);
    assert.equal(made.code, 0, `network new failed: ${made.stderr}`);
    const network = parseNetworkFile(readFileSync(netFile, 'utf8'));
    const genesisId = computeGenesisId({ genesisTimeMs: network.genesisTimeMs, extraData: network.preset.genesis.extraData });
    const layerNow = (): number => Math.floor((Date.now() - network.genesisTimeMs) / LAYER_MS);

    const poet = new PoetProcess(['--network', netFile, '--data-dir', join(dir, 'poetd')]);
    processes.push(poet);
    const nodeArgs = (i: number, bootnode?: string): string[] => [
      '--network', netFile, '--data-dir', join(dir, `n${i}`), '--listen', LOCALHOST, '--no-mdns', ...apiFlags,
      '--smesh', '--post-dir', join(dir, `p${i}`), '--units', String(UNITS[i - 1]),
      ...(bootnode === undefined ? [] : ['--bootnodes', bootnode]),
    ];
    const node1 = new NodeProcess(nodeArgs(1));
    processes.push(node1);
    const listening = await node1.waitFor((l) => l.event === 'p2p_listening');
    const node1Addr = (listening.addrs as string[]).find((a) => a.startsWith('/ip4/127.0.0.1/tcp/'))!;
    const nodes = [node1, ...[2, 3].map((i) => new NodeProcess(nodeArgs(i, node1Addr)))];
    processes.push(...nodes.slice(1));
    const started = await Promise.all(nodes.map((n) => n.waitFor((l) => l.msg === 'node started')));
    const networkDirs = started.map((l) => l.networkDir as string);
    const statePaths = networkDirs.map((d) => join(d, 'state.sql'));

    // Node 2's identity (double ballot) and node 1's (hare): the test holds their keys, as equivocating smeshers would.
    const signer = await identityOf(networkDirs[1]!, genesisId);
    const hareSigner = await identityOf(networkDirs[0]!, genesisId);
    const hareHex = bytesToHex(hareSigner.publicKey);
    const honestHex = bytesToHex((await identityOf(networkDirs[2]!, genesisId)).publicKey);

    const peerDir = join(dir, 'test-peer');
    mkdirSync(peerDir);
    const testPeer = await createP2PHost({
      networkDir: peerDir,
      genesisId,
      effectiveGenesisLayer: effectiveGenesisLayer(network.preset.layersPerEpoch),
      listen: [LOCALHOST],
      bootnodes: [node1Addr],
    });
    peer.stop = () => testPeer.stop();
    // `publish` runs this host's own handler first: it takes anything.
    testPeer.subscribe(TOPIC_PROPOSAL, () => accept());
    testPeer.subscribe(TOPIC_HARE, () => accept());

    const hareEquivocation = equivocateInHare();
    hareEquivocation.catch(() => undefined); // awaited below; a failure meanwhile is not an unhandled rejection

    /**
     * Node 1's preround message of the current layer, read from its local.sql the moment it is recorded (it is sent
     * right after), then two other preround messages for the same slot, signed with its key and gossiped. A preround
     * message counts while the receiver is at most 2 rounds (0.8 s) past it; a layer where the pair came too late for
     * every node (a loaded machine) is tried again in the next.
     */
    async function equivocateInHare(): Promise<number> {
      const local1 = join(networkDirs[0]!, 'local.sql');
      for (let attempt = 0; attempt < 4; attempt++) {
        const from = Math.max(FIRST_PROPOSAL_LAYER, layerNow() + (attempt === 0 ? 0 : 1));
        let recorded: Buffer | undefined;
        for (const until = Date.now() + 60_000; recorded === undefined; await delay(20)) {
          assert.ok(Date.now() < until, 'timed out waiting for a preround message of node 1');
          const rows = query<{ message: Buffer }>(
            local1,
            'SELECT message FROM signed_hare_messages WHERE smesher_id = ? AND layer = ? AND iteration = 0 AND round = ?',
            hareSigner.publicKey,
            Math.max(from, layerNow()),
            Round.PREROUND,
          );
          recorded = rows[0]?.message;
        }
        const original = decodeHareMessage(recorded);
        const sign = (proposals: Uint8Array[]): Uint8Array => {
          const body: HareBody = { ...original.body, value: { proposals, reference: null } };
          return encodeHareMessage({ body, sender: hareSigner.publicKey, signature: hareSigner.sign(SigningDomain.HARE, hareSignedBytes(body)) });
        };
        // Two values unlike each other and unlike the original (whatever set it proposed).
        const fake = new Uint8Array(20).fill(0xfe);
        const variants = original.body.value.proposals.length === 0 ? [[fake], [new Uint8Array(20).fill(0xfd), fake]] : [[], [fake]];
        for (const v of variants) await testPeer.publish(TOPIC_HARE, sign(v));
        const hareLayer = original.body.layer;
        t.diagnostic(`two more preround messages of node 1 for layer ${hareLayer} sent in layer ${layerNow()}`);
        const proven = await waitUntil('the hare proof on every node', 2 * LAYER_MS, () =>
          statePaths.every((p) => query(p, 'SELECT 1 FROM malfeasance WHERE smesher_id = ?', hareSigner.publicKey).length > 0) ? true : undefined,
        ).catch(() => false);
        if (proven) return hareLayer;
        t.diagnostic(`layer ${hareLayer}: not proven on every node (the pair came late); trying the next layer`);
      }
      assert.fail('no hare equivocation proof on every node after four layers');
    }

    // Node 2's first proposal in the current layer (from the second layer of proposals on, so that the layer before
    // has ballots), once node 1 stores it too (so node 1 sees the second as second).
    const first = await waitUntil('a proposal of node 2 stored by node 1', 150_000, () => {
      const layer = layerNow();
      if (layer < FIRST_PROPOSAL_LAYER + 1) return undefined;
      const rows = query<{ proposal: Buffer }>(join(networkDirs[1]!, 'local.sql'), 'SELECT proposal FROM signed_proposals WHERE smesher_id = ? AND layer = ?', signer.publicKey, layer);
      if (rows.length === 0) return undefined;
      const stored = query<{ n: number }>(statePaths[0]!, 'SELECT count(*) AS n FROM proposals WHERE smesher_id = ? AND layer = ?', signer.publicKey, layer);
      return stored[0]!.n > 0 ? decodeProposal(rows[0]!.proposal) : undefined;
    });
    const layer = first.inner.ballot.inner.layer;
    const b = first.inner.ballot;
    // A second ballot peers cannot refuse for its votes (the tortoise checks that votes give the opinion hash): it
    // takes another identity's ballot of the layer before as its base and votes that layer empty (no exceptions), so
    // its opinion is that base's opinion extended by an empty layer, blake3(base opinion) (docs/protocol/tortoise.md §2).
    const [base] = query<{ ballot: Buffer; opinion: Buffer }>(
      statePaths[0]!,
      'SELECT ballot_id AS ballot, opinion_hash AS opinion FROM proposals WHERE layer = ? AND smesher_id != ? ORDER BY smesher_id = ? LIMIT 1',
      layer - 1,
      signer.publicKey,
      hareSigner.publicKey,
    );
    assert.ok(base !== undefined, `node 1 stores a ballot of layer ${layer - 1} by another identity`);
    const second = buildProposal(signer, {
      layer,
      atxId: b.inner.atxId,
      opinionHash: blake3(base.opinion),
      votes: { base: Uint8Array.from(base.ballot), support: [], against: [], abstain: [] },
      epoch: b.inner.epochData === null ? { refBallot: b.inner.refBallot } : { data: b.inner.epochData },
      eligibilities: b.eligibilityProofs,
      txIds: first.inner.txIds,
      meshHash: first.inner.meshHash,
    });
    assert.notEqual(bytesToHex(second.ballotId), bytesToHex(ballotId(b.inner)), 'a different ballot');
    await testPeer.publish(TOPIC_PROPOSAL, encodeProposal(second.proposal));
    t.diagnostic(`second ballot for layer ${layer} sent in layer ${layerNow()}`);

    // Every node holds the proof within one layer of the second ballot.
    const provenBy = layer + 2;
    await waitUntil('the proof on every node', (provenBy - layerNow() + 1) * LAYER_MS, () =>
      statePaths.every((p) => query(p, 'SELECT 1 FROM malfeasance WHERE smesher_id = ?', signer.publicKey).length > 0) ? true : undefined,
    );
    assert.ok(layerNow() < provenBy, `proven by every node in layer ${layerNow()}, the second ballot was for layer ${layer}`);

    const hareLayer = await hareEquivocation;
    const lastEvent = Math.max(layer, hareLayer);
    await Promise.all(nodes.map((n) => n.waitFor((l) => l.event === 'block_applied' && (l.layer as number) >= lastEvent + LAYERS_AFTER)));
    await testPeer.stop();
    const codes = await Promise.all(processes.map((p) => p.stop()));
    assert.deepEqual(codes, processes.map(() => 0), 'every process, the equivocator\'s node included, stops cleanly');

    for (const [i, path] of statePaths.entries()) {
      const [row] = query<{ kind: number; proof: Buffer }>(path, 'SELECT kind, proof FROM malfeasance WHERE smesher_id = ?', signer.publicKey);
      assert.equal(row?.kind, MalfeasanceKind.MULTIPLE_BALLOTS, `node ${i + 1}: a MultipleBallots proof`);
      assert.equal(decodeMalfeasanceProof(row.proof).layer, layer, `node ${i + 1}: the proof names the ballots' layer`);
      const [hareRow] = query<{ kind: number; proof: Buffer }>(path, 'SELECT kind, proof FROM malfeasance WHERE smesher_id = ?', hareSigner.publicKey);
      assert.equal(hareRow?.kind, MalfeasanceKind.HARE_EQUIVOCATION, `node ${i + 1}: a HareEquivocation proof`);
      assert.equal(decodeMalfeasanceProof(hareRow.proof).layer, hareLayer, `node ${i + 1}: the hare proof names the messages' layer`);
      const earnedFrom = (smesher: Uint8Array, from: number) =>
        query<{ n: number }>(path, 'SELECT count(*) AS n FROM rewards WHERE smesher_id = ? AND layer >= ?', smesher, from)[0]!.n;
      assert.equal(earnedFrom(signer.publicKey, layer + 2), 0, `node ${i + 1}: the double-ballot identity earned after layer ${layer + 1}`);
      assert.equal(earnedFrom(hareSigner.publicKey, hareLayer + 2), 0, `node ${i + 1}: the hare equivocator earned after layer ${hareLayer + 1}`);
      const honest = query<{ n: number }>(path, 'SELECT count(*) AS n FROM rewards WHERE hex(smesher_id) = ? AND layer >= ?', honestHex.toUpperCase(), lastEvent + 2)[0]!.n;
      assert.ok(honest >= 2, `node ${i + 1}: node 3's identity kept earning after layer ${lastEvent + 1} (${honest} layers)`);
    }
    // Agreement: every layer all three applied has the same block and state hash on each, and the hare still decides.
    const appliedOn = statePaths.map((path) =>
      new Map(query<{ id: number; block: string | null; state: string }>(path, 'SELECT id, hex(applied_block) AS block, hex(state_hash) AS state FROM layers').map((r) => [r.id, `${r.block}/${r.state}`])),
    );
    const common = [...appliedOn[0]!.keys()].filter((l) => appliedOn.every((m) => m.has(l)));
    assert.ok(common.length > 0 && Math.max(...common) >= lastEvent + LAYERS_AFTER, `layers applied by every node: up to ${Math.max(...common)}`);
    for (const l of common) assert.ok(appliedOn.every((m) => m.get(l) === appliedOn[0]!.get(l)), `layer ${l}: ${appliedOn.map((m) => m.get(l)).join(' | ')}`);
    // At least 3 of the 6 or more layers after it hold a block the hare decided on every node (a layer the tortoise
    // later verifies as empty would be recorded without one).
    const decidedAfter = statePaths.map(
      (path) => query<{ n: number }>(path, "SELECT count(*) AS n FROM mesh_layers WHERE decided_by = 'hare' AND block_id IS NOT NULL AND layer > ?", hareLayer)[0]!.n,
    );
    assert.ok(decidedAfter.every((n) => n >= LAYERS_AFTER - 2), `blocks decided by the hare after layer ${hareLayer}, per node: ${decidedAfter.join(', ')}`);
    // Block certificates (bc1) among the three: every node certified the block it applied, and they agree.
    const certified = statePaths.map((path) =>
      new Map(
        query<{ layer: number; block: string }>(path, "SELECT c.layer AS layer, hex(c.block_id) AS block FROM certificates c JOIN mesh_layers m ON m.layer = c.layer WHERE c.valid = 1 AND c.cert IS NOT NULL AND (c.block_id = m.block_id OR (m.block_id IS NULL AND c.block_id = zeroblob(20)))").map((r) => [r.layer, r.block]),
      ),
    );
    const layersCertified = [...certified[0]!.keys()].filter((l) => certified.every((c) => c.has(l)));
    assert.ok(layersCertified.length >= 3, `layers certified on every node as applied: ${layersCertified.join(', ')}`);
    for (const l of layersCertified) assert.ok(certified.every((c) => c.get(l) === certified[0]!.get(l)), `layer ${l}: one certified block`);
    t.diagnostic(`layers certified by every node: ${layersCertified.join(', ')}`);
    const laterProposals = nodes[1]!.lines.filter((l) => l.event === 'proposal_published' && (l.layer as number) >= layer + 2);
    t.diagnostic(`the double-ballot identity's node published ${laterProposals.length} proposals after layer ${layer + 1} (refused by every node)`);
    t.diagnostic(`hare equivocation in layer ${hareLayer} (identity ${hareHex.slice(0, 8)}); layers agreed by every node: ${Math.min(...common)}-${Math.max(...common)}`);
  });
});
