/**
 * Fetch-before-validate (core/node/foreignData.ts) with a fake fetcher that answers from a peer's real state.sql
 * through the node's own serving lookups and blob verifiers (core/node/peerData.ts), in the order asked or reversed
 * (a peer answers a batch in any order). The node under test has its own state and the real ATX and transaction
 * handlers. What it proves:
 * - `beforeAtx` fetches a missing previous/positioning ATX and hands it to `submitAtx` before the ATX that needs it,
 *   and a missing PoET proof, verified and stored, after which the ATX validates; a chain (follow-up ATX on a node
 *   with nothing) is pulled in whole;
 * - references that depend on each other within one fetched batch settle in either answer order (they used to wait
 *   on their own batch for ever);
 * - a hostile chain of references stops at MAX_ATXS_PER_MESSAGE fetched ATXs;
 * - concurrent messages naming one object fetch it once;
 * - a fetch that fails, junk a fetcher lets through, a handler that throws, malformed messages: never a throw, and
 *   the object is fetched again later;
 * - `beforeProposal` fetches a missing ATX and missing transactions (into the transaction handler), and a missing
 *   active set, stored with its summed weight, only when every ATX in it could be had.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { handleAtx } from '../../../core/activation/handler.js';
import { getAtx, getPoetProof } from '../../../core/activation/store.js';
import { ActivationTxV1 as AtxCodec, atxIdV1 } from '../../../core/activation/wire.js';
import { decode, encode } from '../../../core/codec/index.js';
import { EdSigner } from '../../../core/crypto/ed25519.js';
import { type Executor, STATE_SCHEMA, openDatabase } from '../../../core/db/database.js';
import { FetchError } from '../../../core/fetch/errors.js';
import { type FetchResult, type Hint, asHash32 } from '../../../core/fetch/index.js';
import { createTxHandler } from '../../../core/mempool/handler.js';
import { Mempool } from '../../../core/mempool/pool.js';
import { ForeignData, MAX_ATXS_PER_MESSAGE } from '../../../core/node/foreignData.js';
import { blobVerifiers, servedData } from '../../../core/node/peerData.js';
import { encodeEpochActiveSet, epochActiveSetId } from '../../../core/proposals/activeSetWire.js';
import { buildProposal } from '../../../core/proposals/build.js';
import { getActiveSet, insertActiveSet } from '../../../core/proposals/store.js';
import { Ballot, EMPTY_ID20, ballotId, decodeProposal, encodeProposal } from '../../../core/proposals/wire.js';
import { bytesToHex } from '../../../core/util/bytes.js';
import { nullLogger } from '../../../core/util/logger.js';
import type { Verdict } from '../../../core/util/verdict.js';
import { hasTransaction } from '../../../core/vm/txStore.js';
import { applyLayer } from '../../../core/vm/vm.js';
import { GOLDEN, type World, buildWorld, signAtx } from '../activation/fixture.js';
import { CONFIG, FIRST_LAYER, GENESIS_ID as TX_GENESIS, addressOf, reward, selfSpawn, signer as txSigner, spend } from '../vm/helpers.js';

const hex = bytesToHex;

let world: World;
/** The peer: both ATXs, their PoET proofs, two transactions and an active set of both ATXs. */
let peer: Executor;
let atx1: Uint8Array;
let atx2: Uint8Array;
let id1: Uint8Array;
let id2: Uint8Array;
const alice = txSigner('alice');
const txs = [spend(alice, addressOf(txSigner('bob')), 10n, 1n), spend(alice, addressOf(txSigner('bob')), 20n, 2n)];
const bothSet = (): { epoch: number; atxIds: Uint8Array[] } => ({ epoch: 2, atxIds: [id1, id2] });

/** Alice spawned and funded, so the transaction handler takes her spends. */
function fundAlice(db: Executor): void {
  applyLayer(db, CONFIG, { layer: FIRST_LAYER, block: null, txs: [], rewards: [reward('a', addressOf(alice))] });
  applyLayer(db, CONFIG, { layer: FIRST_LAYER + 1, block: null, txs: [selfSpawn(alice).raw], rewards: [] });
}

before(async () => {
  world = await buildWorld();
  atx1 = encode(AtxCodec, world.atx1);
  atx2 = encode(AtxCodec, world.atx2);
  id1 = atxIdV1(world.atx1.inner);
  id2 = atxIdV1(world.atx2.inner);
  peer = world.freshState();
  for (const atx of [atx1, atx2]) assert.equal(handleAtx(world.handlerDeps(peer, 2), atx).kind, 'accept');
  fundAlice(peer);
  const handle = createTxHandler({ db: peer, genesisId: TX_GENESIS, mempool: new Mempool(), now: () => 1 });
  for (const tx of txs) assert.equal((await handle(tx.raw)).kind, 'accept');
  insertActiveSet(peer, { id: epochActiveSetId(bothSet()), epoch: 2, atxIds: bothSet().atxIds, totalWeight: 5n });
});

after(() => world.cleanup());

interface Options {
  /** The node's state (default: empty but for both PoET proofs). */
  readonly node?: Executor;
  /** How the fake peer orders a batch's answers. */
  readonly order?: 'asked' | 'reversed';
  /** Blobs the peer serves besides its state (hostile ones), by hex id. */
  readonly extra?: ReadonlyMap<string, Uint8Array>;
  readonly submitAtx?: (bytes: Uint8Array) => Verdict<unknown>;
  /** Records reference ballots handed to the ballot handler (the node has one only where consensus runs). */
  readonly ballots?: Uint8Array[];
}

/** A node with a ForeignData over a fake fetcher answering from the peer. */
function harness(o: Options = {}) {
  const node = o.node ?? world.freshState();
  const calls: Array<{ hint: Hint; ids: string[] }> = [];
  const submitted: string[] = [];
  const control = { gate: null as Promise<void> | null, failure: null as Error | null };
  const fetcher = {
    async getHashes(hint: Hint, hashes: readonly Uint8Array[]): Promise<FetchResult> {
      calls.push({ hint, ids: hashes.map(hex) });
      if (control.gate !== null) await control.gate;
      if (control.failure !== null) throw control.failure;
      const lookup = servedData(peer).blobs[hint];
      const verify = blobVerifiers()[hint]!;
      const found = new Map<string, Uint8Array>();
      const missing: Uint8Array[] = [];
      for (const h of o.order === 'reversed' ? [...hashes].reverse() : hashes) {
        const blob = o.extra?.get(hex(h)) ?? lookup?.(h);
        // As the real fetcher: only blobs that hash to what was asked.
        if (blob !== undefined && verify(h, blob)) found.set(hex(h), blob);
        else missing.push(h);
      }
      return { found, missing };
    },
  };
  const handleTx = createTxHandler({ db: node, genesisId: TX_GENESIS, mempool: new Mempool(), now: () => 2 });
  const txsSubmitted: string[] = [];
  const foreign = new ForeignData({
    state: node,
    fetcher,
    goldenAtxId: GOLDEN,
    submitAtx(bytes) {
      submitted.push(nameOf(bytes));
      return (o.submitAtx ?? ((b) => handleAtx(world.handlerDeps(node, 2), b)))(bytes);
    },
    submitTx(raw) {
      txsSubmitted.push(hex(raw));
      return handleTx(raw);
    },
    ...(o.ballots === undefined
      ? {}
      : {
          submitBallot: (bytes: Uint8Array): Verdict<unknown> => {
            // What the ballot handler needs must be here by now: its ATX and its active set.
            assert.ok(getAtx(node, id1) && getActiveSet(node, epochActiveSetId({ epoch: 2, atxIds: [id1] })), 'references before the ballot');
            o.ballots!.push(bytes);
            return { kind: 'accept', value: undefined };
          },
        }),
    logger: nullLogger,
  });
  const fetched = (hint: Hint): string[] => calls.filter((c) => c.hint === hint).flatMap((c) => c.ids);
  return { node, foreign, calls, fetched, submitted, txsSubmitted, control };
}

/** 'atx1', 'atx2', or the hex id of another ATX ('?' for bytes that are no ATX). */
function nameOf(bytes: Uint8Array): string {
  let id: string;
  try {
    id = hex(atxIdV1(decode(AtxCodec, bytes).inner));
  } catch {
    return '?';
  }
  return id === hex(id1) ? 'atx1' : id === hex(id2) ? 'atx2' : id;
}

/** Resolves `p` or fails after `ms`: a hang is a failure, not a stuck test run. */
async function settles<T>(p: Promise<T>, what: string, ms = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A proposal naming `atxId`, declaring the active set `activeSetHash` and listing `txIds` (its eligibility is junk). */
function proposalNaming(o: { atxId: Uint8Array; activeSetHash?: Uint8Array; txIds?: Uint8Array[]; refBallot?: Uint8Array }): Uint8Array {
  const signer = new EdSigner(new Uint8Array(32).fill(0x44), new Uint8Array(20));
  const epoch = o.refBallot !== undefined ? { refBallot: o.refBallot } : { data: { activeSetHash: o.activeSetHash ?? new Uint8Array(32), beacon: new Uint8Array(4), eligibilityCount: 1 } };
  return encodeProposal(
    buildProposal(signer, {
      layer: 25,
      atxId: o.atxId,
      opinionHash: new Uint8Array(32),
      votes: { base: EMPTY_ID20, support: [], against: [], abstain: [] },
      epoch,
      eligibilities: [{ j: 0, sig: new Uint8Array(80) }],
      txIds: o.txIds ?? [],
      meshHash: new Uint8Array(32),
    }).proposal,
  );
}

/** An ATX by another identity naming `prev` as its previous and `positioning` as its positioning ATX. */
function atxNaming(prev: Uint8Array, positioning: Uint8Array, publishEpoch = 3): { id: Uint8Array; bytes: Uint8Array } {
  const inner = structuredClone(world.atx2.inner);
  inner.challenge.prevAtxId = prev;
  inner.challenge.positioningAtxId = positioning;
  inner.challenge.publishEpoch = publishEpoch;
  return { id: atxIdV1(inner), bytes: signAtx(inner, world.other) };
}

describe('ForeignData.beforeAtx', () => {
  it('fetches a missing previous/positioning ATX and hands it to the ATX handler first; then the ATX validates', async () => {
    const h = harness();
    await settles(h.foreign.beforeAtx(atx2), 'beforeAtx');
    assert.deepEqual(h.fetched('ATXDB'), [hex(id1)], 'ATX 2 names ATX 1 as previous and positioning ATX: fetched once');
    assert.deepEqual(h.submitted, ['atx1']);
    assert.ok(getAtx(h.node, id1));
    assert.equal(handleAtx(world.handlerDeps(h.node, 2), atx2).kind, 'accept');
    await h.foreign.beforeAtx(atx2);
    assert.equal(h.calls.length, 1, 'nothing is missing any more: no fetch');
  });

  it('fetches a missing PoET proof, verified and stored as the PoET made it; then the ATX validates', async () => {
    const h = harness({ node: openDatabase(':memory:', STATE_SCHEMA) });
    const ref = world.atx1.inner.nipost!.postMetadata!.challenge;
    assert.equal(handleAtx(world.handlerDeps(h.node, 1), atx1).kind, 'ignore', 'without it: UNKNOWN_POET_PROOF');
    await settles(h.foreign.beforeAtx(atx1), 'beforeAtx');
    assert.deepEqual(h.fetched('POETDB'), [hex(ref)]);
    assert.deepEqual(h.fetched('ATXDB'), [], 'an initial ATX names only the golden ATX');
    const stored = getPoetProof(h.node, ref)!;
    const original = getPoetProof(peer, ref)!;
    assert.deepEqual({ ...stored }, { ...original });
    assert.equal(handleAtx(world.handlerDeps(h.node, 1), atx1).kind, 'accept');
    h.node.close();
  });

  it('pulls in a whole chain: on an empty node, ATX 2 brings ATX 1 and both PoET proofs', async () => {
    for (const order of ['asked', 'reversed'] as const) {
      const h = harness({ node: openDatabase(':memory:', STATE_SCHEMA), order });
      await settles(h.foreign.beforeAtx(atx2), 'beforeAtx');
      assert.deepEqual(h.submitted, ['atx1']);
      assert.equal(h.fetched('POETDB').length, 2);
      assert.equal(handleAtx(world.handlerDeps(h.node, 2), atx2).kind, 'accept', order);
      h.node.close();
    }
  });

  it('references that depend on each other in one batch settle in either answer order, the dependency first', async () => {
    // X names ATX 2 (previous) and ATX 1 (positioning); ATX 2 needs ATX 1. Both are fetched in one batch; a peer may
    // answer ATX 2 first. (This waited for ever: ATX 2 waited for ATX 1's fetch, which was its own batch.)
    const x = atxNaming(id2, id1);
    for (const order of ['asked', 'reversed'] as const) {
      const h = harness({ order });
      await settles(h.foreign.beforeAtx(x.bytes), `beforeAtx, peer answering ${order}`);
      assert.deepEqual(h.fetched('ATXDB').sort(), [hex(id1), hex(id2)].sort());
      assert.deepEqual(h.submitted, ['atx1', 'atx2'], order);
      assert.ok(getAtx(h.node, id1) && getAtx(h.node, id2), order);
    }
  });

  it(`stops a hostile chain of references at ${MAX_ATXS_PER_MESSAGE} fetched ATXs`, async () => {
    const extra = new Map<string, Uint8Array>();
    let prev: Uint8Array = new Uint8Array(32).fill(0xc0); // the chain's end: no peer has it
    let top!: Uint8Array;
    for (let k = 0; k < 3 * MAX_ATXS_PER_MESSAGE; k++) {
      const link = atxNaming(prev, GOLDEN, 3 + k);
      extra.set(hex(link.id), link.bytes);
      prev = link.id;
      top = link.bytes;
    }
    const h = harness({ extra });
    await settles(h.foreign.beforeAtx(top), 'beforeAtx over a hostile chain');
    assert.equal(h.fetched('ATXDB').length, MAX_ATXS_PER_MESSAGE);
    assert.equal(new Set(h.fetched('ATXDB')).size, MAX_ATXS_PER_MESSAGE);
    assert.equal(h.submitted.length, MAX_ATXS_PER_MESSAGE, 'each fetched link went to the handler (which refuses it)');
    assert.equal((h.node.prepare('SELECT count(*) AS n FROM atxs').get() as { n: number }).n, 0);
  });

  it('concurrent messages naming one missing ATX fetch it once and hand it to the handler once', async () => {
    const h = harness();
    let open!: () => void;
    h.control.gate = new Promise((resolve) => (open = resolve));
    const x = atxNaming(id1, id1);
    const all = Promise.all([h.foreign.beforeAtx(atx2), h.foreign.beforeAtx(atx2), h.foreign.beforeAtx(x.bytes), h.foreign.beforeProposal(proposalNaming({ atxId: id1, activeSetHash: epochActiveSetId({ epoch: 2, atxIds: [id1] }) }))]);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(h.fetched('ATXDB'), [hex(id1)], 'one request while it is in flight');
    open();
    await settles(all, 'four concurrent callers');
    assert.deepEqual(h.submitted, ['atx1']);
    assert.ok(getAtx(h.node, id1));
  });

  it('never throws: a failed fetch, junk a fetcher let through, a throwing handler, malformed bytes; a later message fetches again', async () => {
    const h = harness();
    h.control.failure = new FetchError('NO_PEERS', 'no connected peer to fetch from');
    await settles(h.foreign.beforeAtx(atx2), 'beforeAtx with a failing fetcher');
    await settles(h.foreign.beforeProposal(proposalNaming({ atxId: id2, activeSetHash: epochActiveSetId(bothSet()), txIds: [txs[0]!.id] })), 'beforeProposal with a failing fetcher');
    assert.equal(getAtx(h.node, id1), undefined);
    h.control.failure = null;
    await settles(h.foreign.beforeAtx(atx2), 'beforeAtx again');
    assert.ok(getAtx(h.node, id1), 'the failed fetch left nothing in flight: fetched this time');

    // A fetcher that hands over junk (a broken one; the real fetcher verifies first): PoET proof, active set, ATX.
    const junk = {
      getHashes: (_hint: Hint, hashes: readonly Uint8Array[]): Promise<FetchResult> =>
        Promise.resolve({ found: new Map(hashes.map((x) => [hex(x), Uint8Array.of(1, 2, 3)])), missing: [] }),
    };
    const bare = openDatabase(':memory:', STATE_SCHEMA);
    const broken = new ForeignData({ state: bare, fetcher: junk, goldenAtxId: GOLDEN, submitAtx: (b) => handleAtx(world.handlerDeps(bare, 2), b), submitTx: () => Promise.reject(new Error('tx handler down')), logger: nullLogger });
    await settles(broken.beforeAtx(atx2), 'beforeAtx with junk');
    await settles(broken.beforeProposal(proposalNaming({ atxId: id2, activeSetHash: epochActiveSetId(bothSet()), txIds: [txs[0]!.id] })), 'beforeProposal with junk');
    assert.deepEqual((bare.prepare('SELECT count(*) AS n FROM poet_proofs').get() as { n: number }).n, 0);
    bare.close();

    const throwing = harness({
      submitAtx: () => {
        throw new Error('handler failed');
      },
    });
    await settles(throwing.foreign.beforeAtx(atx2), 'beforeAtx with a throwing handler');
    assert.deepEqual(throwing.submitted, ['atx1']);

    for (const bytes of [new Uint8Array(0), Uint8Array.of(1, 2, 3), atx2.subarray(0, 50)]) {
      await settles(h.foreign.beforeAtx(bytes), 'beforeAtx of malformed bytes');
      await settles(h.foreign.beforeProposal(bytes), 'beforeProposal of malformed bytes');
    }
  });
});

describe('ForeignData.beforeProposal', () => {
  it("fetches a missed reference ballot, its ATX and active set first, and hands it to the ballot handler", async () => {
    const set = { epoch: 2, atxIds: [id1] };
    const setId = epochActiveSetId(set);
    const refProposal = decodeProposal(proposalNaming({ atxId: id1, activeSetHash: setId }));
    const refBallot = encode(Ballot, refProposal.inner.ballot);
    const refId = ballotId(refProposal.inner.ballot.inner);
    const extra = new Map([
      [hex(setId), encodeEpochActiveSet(set)],
      [hex(asHash32(refId)), refBallot],
    ]);
    const ballots: Uint8Array[] = [];
    const h = harness({ extra, ballots });
    await settles(h.foreign.beforeProposal(proposalNaming({ atxId: id1, refBallot: refId })), 'beforeProposal');
    assert.deepEqual(h.fetched('ballotDB'), [hex(asHash32(refId))]);
    assert.deepEqual(ballots.map(hex), [hex(refBallot)]);
    // Without a ballot handler (no consensus) nothing is fetched for it.
    const g = harness({ extra });
    await settles(g.foreign.beforeProposal(proposalNaming({ atxId: id1, refBallot: refId })), 'beforeProposal');
    assert.deepEqual(g.fetched('ballotDB'), []);
  });

  it("fetches a missing active set's ATXs, each after the ATX it names, whatever order the peer answers in", async () => {
    for (const order of ['asked', 'reversed'] as const) {
      const h = harness({ order });
      const setId = epochActiveSetId(bothSet());
      await settles(h.foreign.beforeProposal(proposalNaming({ atxId: new Uint8Array(32).fill(0xee), activeSetHash: setId })), `beforeProposal, ${order}`);
      assert.deepEqual(h.fetched('activeset'), [hex(setId)]);
      assert.deepEqual(h.submitted, ['atx1', 'atx2'], 'ATX 1 before ATX 2, which names it');
      // ATX 2 is published in epoch 2 and so serves epoch 3: a set of epoch 2 naming it is not a valid active set.
      assert.equal(getActiveSet(h.node, setId), undefined, 'a set whose ATXs serve another epoch is not stored');
    }
  });

  it('stores a fetched active set whose ATXs all serve its epoch, with the summed weight', async () => {
    const set = { epoch: 2, atxIds: [id1] };
    const setId = epochActiveSetId(set);
    const h = harness({ extra: new Map([[hex(setId), encodeEpochActiveSet(set)]]) });
    await settles(h.foreign.beforeProposal(proposalNaming({ atxId: new Uint8Array(32).fill(0xee), activeSetHash: setId })), 'beforeProposal');
    const stored = getActiveSet(h.node, setId)!;
    assert.deepEqual({ epoch: stored.epoch, ids: stored.atxIds.map(hex), weight: stored.totalWeight }, { epoch: 2, ids: [hex(id1)], weight: 2n });
    // The same ids under a wrong epoch (the id does not cover it) are refused, so the honest row is never shadowed.
    const wrong = { epoch: 5, atxIds: [id1] };
    const g = harness({ extra: new Map([[hex(epochActiveSetId(wrong)), encodeEpochActiveSet(wrong)]]) });
    await settles(g.foreign.beforeProposal(proposalNaming({ atxId: new Uint8Array(32).fill(0xee), activeSetHash: epochActiveSetId(wrong) })), 'beforeProposal');
    assert.equal(getActiveSet(g.node, epochActiveSetId(wrong)), undefined);
  });

  it('does not store an active set naming an ATX no peer can provide (the ATXs it could get are kept)', async () => {
    const h = harness();
    const set = { epoch: 2, atxIds: [id1, new Uint8Array(32).fill(0xdd)] };
    const setId = epochActiveSetId(set);
    const extra = new Map([[hex(setId), encodeEpochActiveSet(set)]]);
    const g = harness({ extra, node: h.node });
    await settles(g.foreign.beforeProposal(proposalNaming({ atxId: id1, activeSetHash: setId })), 'beforeProposal');
    assert.equal(getActiveSet(g.node, setId), undefined);
    assert.ok(getAtx(g.node, id1));
    assert.ok(g.fetched('ATXDB').includes(hex(new Uint8Array(32).fill(0xdd))), 'the unknown ATX was asked for');
  });

  it("fetches the proposal's missing ATX and missing transactions, into the transaction handler", async () => {
    const node = world.freshState();
    fundAlice(node);
    const h = harness({ node });
    assert.equal((await createTxHandler({ db: node, genesisId: TX_GENESIS, mempool: new Mempool(), now: () => 1 })(txs[0]!.raw)).kind, 'accept');
    const unknownTx = new Uint8Array(32).fill(0x77);
    await settles(h.foreign.beforeProposal(proposalNaming({ atxId: id2, activeSetHash: epochActiveSetId(bothSet()), txIds: [txs[0]!.id, txs[1]!.id, unknownTx] })), 'beforeProposal');
    assert.deepEqual(h.fetched('TXDB'), [hex(txs[1]!.id), hex(unknownTx)], 'only what the node lacks');
    assert.deepEqual(h.txsSubmitted, [hex(txs[1]!.raw)]);
    assert.ok(hasTransaction(node, txs[1]!.id), 'taken in by the transaction handler');
    assert.ok(getAtx(node, id2) && getAtx(node, id1), "the proposal's ATX and what it names");
  });

  it('fetches nothing when nothing is missing, and leaves an unknown reference ballot to sync', async () => {
    const h = harness();
    await settles(h.foreign.beforeAtx(atx2), 'beforeAtx');
    assert.equal(handleAtx(world.handlerDeps(h.node, 2), atx2).kind, 'accept');
    insertActiveSet(h.node, { id: epochActiveSetId(bothSet()), epoch: 2, atxIds: bothSet().atxIds, totalWeight: 5n });
    const before = h.calls.length;
    await settles(h.foreign.beforeProposal(proposalNaming({ atxId: id2, activeSetHash: epochActiveSetId(bothSet()) })), 'beforeProposal');
    await settles(h.foreign.beforeProposal(proposalNaming({ atxId: id2, refBallot: new Uint8Array(20).fill(5) })), 'beforeProposal with a reference ballot');
    assert.equal(h.calls.length, before);
  });
});
