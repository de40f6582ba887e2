/**
 * A double ballot in a devnet of real processes (issue #17 "done when"): one PoET and three `smesher node` processes
 * (1, 1 and 2 units) from one network file. Node 2's identity is the test's: once node 2 has proposed in a layer of
 * epoch 2 and node 1 stores that proposal, the test signs a second, different ballot for the same layer with node 2's
 * key (read from its data folder) and gossips it from a test peer bootnoded to node 1. Node 1 refuses it and keeps a
 * go-format MultipleBallots proof; the proof reaches the others on `mp1`. Checked:
 * - within one layer of the second ballot every node's state.sql holds the proof (kind 2) for that identity, and
 *   the stored proof names the two ballots' layer;
 * - from two layers after it on, the identity earns nothing on any node, while the others keep earning, and its
 *   node goes on running (its later proposals are refused, by itself too);
 * - block certificates: each node holds certificates (from `bc1` certify messages) for the blocks it applied, and
 *   where all three hold one for a layer it is the same block.
 * Layers are 4 s (16 s epochs) as in test/sim/devnet.test.ts, with the standalone beacon rule (`beacon.mode=genesis`)
 * so the run does not depend on beacon timing; it takes about a minute and a half past genesis.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { EdSigner } from '../../core/crypto/ed25519.js';
import { MalfeasanceKind, decodeMalfeasanceProof } from '../../core/malfeasance/index.js';
import { TOPIC_PROPOSAL, createP2PHost } from '../../core/p2p/index.js';
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
const UNITS = [1, 1, 2] as const;
const LAYER_MS = 4000;
/** Epoch 2 (layers 8-11) is the first with proposals; the double ballot goes out in the first layer node 2 proposes in. */
const FIRST_PROPOSAL_LAYER = 8;
/** Layers applied after the double ballot before the run stops: enough for "earns nothing after" to mean something. */
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

describe('a double ballot in a devnet', () => {
  it('is proven by every node within a layer, and the identity earns nothing after', { timeout: 240_000 }, async (t) => {
    const { dir, cleanup } = tempDir('smesher-malfeasance-');
    const processes: Array<NodeProcess | PoetProcess> = [];
    const peer: { stop?: () => Promise<void> } = {};
    t.after(async () => {
      await peer.stop?.();
      await Promise.all(processes.map((p) => p.stop()));
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

    // Node 2's identity: the test holds its key, as an equivocating smesher would.
    const keyDir = join(networkDirs[1]!, 'identities');
    const keyFile = await waitUntil('node 2 key file', 30_000, () => readdirSync(keyDir).find((f) => f.endsWith('.key')));
    const key = hexToBytes(readFileSync(join(keyDir, keyFile), 'utf8').trim(), 64);
    const signer = new EdSigner(key.slice(0, 32), genesisId);
    const smesherHex = bytesToHex(signer.publicKey);

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

    // Node 2's first proposal in the current layer, once node 1 stores it too (so node 1 sees the second as second).
    const first = await waitUntil('a proposal of node 2 stored by node 1', 150_000, () => {
      const layer = layerNow();
      if (layer < FIRST_PROPOSAL_LAYER) return undefined;
      const rows = query<{ proposal: Buffer }>(join(networkDirs[1]!, 'local.sql'), 'SELECT proposal FROM signed_proposals WHERE smesher_id = ? AND layer = ?', signer.publicKey, layer);
      if (rows.length === 0) return undefined;
      const stored = query<{ n: number }>(statePaths[0]!, 'SELECT count(*) AS n FROM proposals WHERE smesher_id = ? AND layer = ?', signer.publicKey, layer);
      return stored[0]!.n > 0 ? decodeProposal(rows[0]!.proposal) : undefined;
    });
    const layer = first.inner.ballot.inner.layer;
    const b = first.inner.ballot;
    const second = buildProposal(signer, {
      layer,
      atxId: b.inner.atxId,
      opinionHash: new Uint8Array(32).fill(0xee),
      votes: b.votes,
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

    await Promise.all(nodes.map((n) => n.waitFor((l) => l.event === 'block_applied' && (l.layer as number) >= layer + LAYERS_AFTER)));
    await testPeer.stop();
    const codes = await Promise.all(processes.map((p) => p.stop()));
    assert.deepEqual(codes, processes.map(() => 0), 'every process, the equivocator\'s node included, stops cleanly');

    for (const [i, path] of statePaths.entries()) {
      const [row] = query<{ kind: number; proof: Buffer }>(path, 'SELECT kind, proof FROM malfeasance WHERE smesher_id = ?', signer.publicKey);
      assert.equal(row?.kind, MalfeasanceKind.MULTIPLE_BALLOTS, `node ${i + 1}: a MultipleBallots proof`);
      const proof = decodeMalfeasanceProof(row.proof);
      assert.equal(proof.layer, layer, `node ${i + 1}: the proof names the ballots' layer`);
      const after = query<{ smesher: string; n: number }>(
        path,
        'SELECT hex(smesher_id) AS smesher, count(*) AS n FROM rewards WHERE layer >= ? GROUP BY smesher_id',
        layer + 2,
      );
      const earners = new Map(after.map((r) => [r.smesher.toLowerCase(), r.n]));
      assert.equal(earners.get(smesherHex), undefined, `node ${i + 1}: the proven identity earned after layer ${layer + 1}: ${JSON.stringify(after)}`);
      assert.ok(earners.size >= 2, `node ${i + 1}: the two honest identities kept earning after layer ${layer + 1}: ${JSON.stringify(after)}`);
    }
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
    t.diagnostic(`the equivocator's node published ${laterProposals.length} proposals after layer ${layer + 1} (refused by every node)`);
  });
});
