/**
 * The syncer's layer loop (core/sync/syncer.ts) over fake ports: a history of layers 8-13 whose ballots carry their
 * smesher's hash of the layer two before (as a loaded devnet's do). Honest peers serve that history; a lying peer
 * serves a forged chain (another block in layer 9 with hashes that chain) and a peer that answers nothing is skipped.
 * The node applies the honest history in order through the mesh port, with the blocks it checked against the
 * layer's ballots, scores the liar down, and never applies the forged block. With the liar alone, nothing past
 * the layers its chain shares with the ballots' is applied.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateBlock } from '../../../core/blocks/generate.js';
import { blockId, decodeBlock, encodeBlock } from '../../../core/blocks/wire.js';
import { HINT_BALLOT, HINT_BLOCK, asHash32, meshHashLayers } from '../../../core/fetch/index.js';
import type { ValidBallot } from '../../../core/proposals/validate.js';
import { Syncer, type SyncDeps } from '../../../core/sync/index.js';
import { type Decision, GENESIS_OPINION, nextOpinion } from '../../../core/tortoise/logic.js';
import { bytesToHex } from '../../../core/util/bytes.js';
import { nullLogger } from '../../../core/util/logger.js';
import { accept } from '../../../core/util/verdict.js';

const LPE = 4;
const GENESIS = 7;
const CURRENT = 14;
const ATXS = [1, 2, 3].map((i) => ({ id: new Uint8Array(32).fill(i), weight: 1000 * i, baseTickHeight: 10, tickCount: i }));

interface LayerHistory {
  decision: Decision;
  blockBytes?: Uint8Array;
  hash: Uint8Array;
}

/** One ballot per ATX per layer; each ballot id is its layer and ATX. */
const ballotBlob = (layer: number, atx: number): Uint8Array => new Uint8Array([0xba, layer, atx]);

/** The block of a layer: every ATX paid, as the generator builds it from one proposal per ATX. */
function blockOf(layer: number, atxs = ATXS): { id: Uint8Array; bytes: Uint8Array; height: bigint } {
  const built = generateBlock(
    layer,
    atxs.map((a, i) => ({ id: new Uint8Array(20).fill(layer * 10 + i), atxId: a.id, atxWeight: BigInt(a.weight), atxBaseHeight: BigInt(a.baseTickHeight), eligibilityCount: 1, proofs: 1, txIds: [] })),
    () => null,
  )!;
  return { id: built.id, bytes: encodeBlock(built.block), height: built.block.tickHeight };
}

/** Layers 8-13: blocks in 9, 11, 12; 8 an empty hare output; 10 ended empty by zdist; 13 a block. */
function history(forge = false): Map<number, LayerHistory> {
  const out = new Map<number, LayerHistory>();
  let prev: Uint8Array = GENESIS_OPINION;
  out.set(GENESIS, { decision: { by: 'empty' }, hash: prev });
  for (let layer = 8; layer <= 13; layer++) {
    let decision: Decision;
    let blockBytes: Uint8Array | undefined;
    if ([9, 11, 12, 13].includes(layer)) {
      // The forger pays only two of the three eligible ATXs in layer 9: a well-formed block the ballots never voted for.
      const b = forge && layer === 9 ? blockOf(layer, ATXS.slice(0, 2)) : blockOf(layer);
      decision = { by: 'hare', block: { id: b.id, height: b.height } };
      blockBytes = b.bytes;
    } else {
      decision = layer === 8 ? { by: 'hare', block: null } : { by: 'empty' };
    }
    prev = nextOpinion(prev, decision);
    out.set(layer, { decision, ...(blockBytes === undefined ? {} : { blockBytes }), hash: prev });
  }
  return out;
}

function world(peers: Record<string, Map<number, LayerHistory> | null>, mine: Array<{ layer: number; decision: Decision; hash: Uint8Array }> = []) {
  const honest = history();
  const applied = [...mine];
  const meshHashRequests: string[] = [];
  const reverts: number[] = [];
  const stored = new Map<string, number>();
  const penalized: string[] = [];
  const blocks = new Map<string, Uint8Array>();
  for (const h of Object.values(peers)) for (const l of h?.values() ?? []) if (l.blockBytes !== undefined) blocks.set(bytesToHex(asHash32(blockId(decodeBlock(l.blockBytes)))), l.blockBytes);
  const valid = (blob: Uint8Array): ValidBallot => {
    const [, layer, atx] = blob;
    const a = ATXS[atx! - 1]!;
    // Ballots of layer M carry the hash of layer M - 2 (their smesher had applied no later one).
    const voted = honest.get(Math.max(GENESIS, layer! - 2))!.hash;
    return {
      ballot: { inner: { opinionHash: voted, epochData: null }, eligibilityProofs: [{ j: 0 }] },
      ballotId: blob,
      layer: layer!,
      atx: { id: a.id, weight: a.weight, baseTickHeight: a.baseTickHeight, tickCount: a.tickCount },
      eligibilityCount: 1,
    } as unknown as ValidBallot;
  };
  const deps: SyncDeps = {
    fetcher: {
      getEpochAtxIds: () => Promise.resolve({ peer: 'x', atxIds: [] }),
      getMaliciousIds: () => Promise.resolve({ peer: 'x', nodeIds: [] }),
      getLayerData: (layer) => Promise.resolve({ peer: 'x', ballots: layer >= 8 && layer <= CURRENT ? ATXS.map((_, i) => ballotBlob(layer, i + 1)) : [] }),
      getHashes(hint, hashes) {
        const found = new Map<string, Uint8Array>();
        for (const h of hashes) {
          if (hint === HINT_BALLOT) found.set(bytesToHex(h), h.subarray(0, 3));
          if (hint === HINT_BLOCK && blocks.has(bytesToHex(h))) found.set(bytesToHex(h), blocks.get(bytesToHex(h))!);
        }
        return Promise.resolve({ found, missing: hashes.filter((h) => !found.has(bytesToHex(h))) });
      },
      getLayerOpinion(layer, peer) {
        const h = peers[peer];
        const prev = h?.get(layer - 1);
        if (h === null || h === undefined || prev === undefined) return Promise.reject(new Error('nothing here'));
        const here = h.get(layer);
        const certified = here !== undefined && here.decision.by === 'hare' && here.decision.block !== null ? here.decision.block.id : null;
        return Promise.resolve({ prevAggHash: prev.hash, certified });
      },
      getMeshHashes(request, peer) {
        meshHashRequests.push(peer);
        const h = peers[peer];
        const layers = meshHashLayers(request);
        if (h === null || h === undefined || layers.some((l) => !h.has(l))) return Promise.reject(new Error('nothing here'));
        return Promise.resolve(layers.map((l) => h.get(l)!.hash));
      },
      penalize: (peer) => void penalized.push(peer),
    },
    peers: () => Object.keys(peers),
    foreign: { fetchAtxs: () => Promise.resolve(), beforeBallot: () => Promise.resolve(), fetchTransactions: () => Promise.resolve() },
    mesh: {
      lastApplied: () => applied.at(-1)?.layer ?? null,
      opinionOf: (layer) => (layer <= GENESIS ? GENESIS_OPINION : (applied.find((a) => a.layer === layer)?.hash ?? null)),
      applySynced(layer, decision) {
        const last = applied.at(-1);
        if (layer !== (last === undefined ? GENESIS : last.layer + 1)) return false;
        applied.push({ layer, decision, hash: layer === GENESIS ? GENESIS_OPINION : nextOpinion(last!.hash, decision) });
        return true;
      },
      revertTo(layer) {
        reverts.push(layer);
        applied.splice(applied.findIndex((a) => a.layer > layer));
      },
    },
    hasAtx: () => true,
    hasTransaction: () => true,
    isMalicious: () => false,
    checkBallot: (bytes) => accept(valid(bytes)),
    storeReferenceBallot: () => undefined,
    storeBlock: (id, layer) => void stored.set(bytesToHex(id), layer),
    submitMalfeasanceProof: () => accept(null),
    currentLayer: () => CURRENT,
    now: () => 0,
    layersPerEpoch: LPE,
    layerDurationMs: 4000,
    logger: nullLogger,
  };
  return { deps, applied, stored, penalized, honest, meshHashRequests, reverts };
}

describe('Syncer', () => {
  it('applies the history the ballots vouch for; a forged chain is scored down, a silent peer skipped', async () => {
    const w = world({ honest1: history(), liar: history(true), silent: null, honest2: history() });
    const syncer = new Syncer(w.deps);
    assert.equal(syncer.state, 'syncing');
    await syncer.round();
    // Ballots up to the clock's layer carry hashes up to layer 12: 13 waits for later ballots.
    assert.deepEqual(w.applied.map((a) => a.layer), [7, 8, 9, 10, 11, 12]);
    for (const a of w.applied) assert.equal(bytesToHex(a.hash), bytesToHex(w.honest.get(a.layer)!.hash), `layer ${a.layer}`);
    // Layer 8 (an empty hare output) and 10 (ended empty by zdist) hold no block; which of the two each was, the hash
    // says where it tells them apart (checked above).
    for (const i of [1, 3]) assert.ok(w.applied[i]!.decision.by === 'empty' || w.applied[i]!.decision.block === null, `layer ${w.applied[i]!.layer} holds no block`);
    assert.deepEqual([...w.stored.values()].sort((a, b) => a - b), [9, 11, 12], 'the checked blocks were stored');
    const forged = history(true).get(9)!.decision as { block: { id: Uint8Array } };
    assert.ok(!w.stored.has(bytesToHex(forged.block.id)), 'the forged block is never stored');
    assert.deepEqual([...new Set(w.penalized)], ['liar']);
    assert.equal(syncer.state, 'synced', 'within the synced lag of the clock');
  });

  it('applies nothing when the only peer forges the layer the ballots vote on', async () => {
    const w = world({ liar: history(true) });
    await new Syncer(w.deps).round();
    assert.deepEqual(w.applied.map((a) => a.layer), [7, 8], 'stops before the forged layer 9');
    assert.equal(w.stored.size, 0);
  });

  it('finds the fork of its own applied history by mesh hashes, reverts to it and applies what the ballots vouch for', async () => {
    // This node applied the forged block of layer 9 (hashes of 9 on differ from the network's); its peers are honest.
    const forged = history(true);
    const mine = [7, 8, 9].map((layer) => ({ layer, decision: forged.get(layer)!.decision, hash: forged.get(layer)!.hash }));
    const w = world({ honest1: history(), honest2: history() }, mine);
    const syncer = new Syncer(w.deps);
    await syncer.round();
    assert.ok(w.meshHashRequests.length > 0, 'mh/1 was asked');
    assert.deepEqual(w.reverts, [8], 'reverted to the last layer both histories share');
    assert.deepEqual(w.applied.map((a) => a.layer), [7, 8, 9, 10, 11, 12]);
    for (const a of w.applied) assert.equal(bytesToHex(a.hash), bytesToHex(w.honest.get(a.layer)!.hash), `layer ${a.layer}`);
    assert.deepEqual(w.penalized, [], 'honest peers are not scored down');
  });

  it('up to date, still asks two peers for the epoch\'s ATX ids once a layer and fetches one it missed', async () => {
    const honest = history();
    const mine = [...honest.entries()].filter(([layer]) => layer > GENESIS).map(([layer, h]) => ({ layer, decision: h.decision, hash: h.hash }));
    const w = world({ p1: honest, p2: honest, p3: honest }, mine);
    const missed = new Uint8Array(32).fill(0xa7);
    const asked: Array<{ epoch: number; peer: string }> = [];
    const fetched: string[] = [];
    const stored = new Set<string>();
    let current = CURRENT;
    const syncer = new Syncer({
      ...w.deps,
      fetcher: {
        ...w.deps.fetcher,
        getEpochAtxIds(epoch, options) {
          const peer = options?.peer ?? '?';
          asked.push({ epoch, peer });
          return Promise.resolve({ peer, atxIds: epoch === 3 ? [ATXS[0]!.id, missed] : [] });
        },
      },
      hasAtx: (id) => id[0] !== 0xa7 || stored.has(bytesToHex(id)),
      foreign: {
        ...w.deps.foreign,
        fetchAtxs(ids) {
          for (const id of ids) {
            fetched.push(bytesToHex(id));
            stored.add(bytesToHex(id));
          }
          return Promise.resolve();
        },
      },
      currentLayer: () => current,
    });
    assert.equal(syncer.state, 'synced');
    await syncer.round();
    const epoch3 = asked.filter((a) => a.epoch === 3);
    assert.deepEqual(epoch3.map((a) => a.peer), ['p1', 'p2'], 'two peers, for the current epoch');
    assert.deepEqual(fetched, [bytesToHex(missed)], 'the ATX its gossip missed');
    assert.deepEqual(w.applied.map((a) => a.layer), mine.map((m) => m.layer), 'no layer touched');
    const before = asked.length;
    await syncer.round();
    assert.equal(asked.length, before, 'once a layer');
    current += 1;
    await syncer.round();
    assert.ok(asked.length > before, 'asked again in the next layer');
    assert.equal(fetched.length, 1, 'nothing more to fetch');
  });

  it('keeps its history when only a peer, not the ballots, says otherwise', async () => {
    // The network's history is this node's; the one peer it asks serves another layer 9 with hashes that chain.
    const w = world({ liar: history(true) }, [7, 8, 9].map((layer) => ({ layer, decision: history().get(layer)!.decision, hash: history().get(layer)!.hash })));
    await new Syncer(w.deps).round();
    assert.deepEqual(w.reverts, [], 'no revert');
    assert.deepEqual(w.applied.map((a) => a.layer), [7, 8, 9]);
  });
});
