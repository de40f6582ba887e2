/**
 * What a node serves to peers and how it checks what peers serve it (core/node/peerData.ts), over a real state.sql
 * in a temporary directory holding one real object per `hs/1` hint: two ATXs (the activation world), PoET proofs
 * (the world's and one built as a PoET builds it, under a service id too long for the wire), a proposal and its
 * ballot, a transaction taken in by the transaction handler, a block and an active set.
 * - each lookup serves the stored object, and the served bytes pass the hint's verifier for its id;
 * - the verifier refuses the bytes under another id, and refuses every one-byte change of what the id names (the
 *   fetcher counts a throwing verifier as a refusal, core/fetch/fetcher.ts, so a throw is a refusal here too).
 *   What the id does not name (as in go-spacemesh): an ATX's, proposal's or ballot's signature and smesher id, a
 *   ballot's votes and eligibility proofs (the handlers check those), a PoET proof message's service id, round
 *   id and unused signature, an active set's epoch. A change there may pass the verifier; the tests say so;
 * - an unknown id gives undefined; the `ax/1`, `ld/1` and `ml/1` lists name what is stored.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { handleAtx } from '../../../core/activation/handler.js';
import { getPoetProof, insertMalfeasance, insertPoetProof } from '../../../core/activation/store.js';
import { ActivationTxV1, InnerActivationTxV1, atxIdV1 } from '../../../core/activation/wire.js';
import { insertBlock } from '../../../core/blocks/store.js';
import { InnerBlock, blockId, encodeBlock } from '../../../core/blocks/wire.js';
import { decode, decodePrefix, encode } from '../../../core/codec/index.js';
import { blake3 } from '../../../core/crypto/hash.js';
import { type Executor, STATE_SCHEMA, openDatabase } from '../../../core/db/database.js';
import { type BlobVerifier, type Hint, asHash32 } from '../../../core/fetch/index.js';
import { createTxHandler } from '../../../core/mempool/handler.js';
import { Mempool } from '../../../core/mempool/pool.js';
import { blobVerifiers, servedData } from '../../../core/node/peerData.js';
import { encodePoetProof, poetProofCodec, poetProofRef } from '../../../core/poet/codec.js';
import { buildPoswProof } from '../../../core/poet/proof.js';
import { verifyPoetProofMessage } from '../../../core/poet/proofMessage.js';
import { decodeEpochActiveSet } from '../../../core/proposals/activeSetWire.js';
import { handleProposal } from '../../../core/proposals/handler.js';
import { getProposal, insertActiveSet, insertProposal } from '../../../core/proposals/store.js';
import { Ballot, InnerBallot, InnerProposal, activeSetHash, decodeProposal, encodeProposal } from '../../../core/proposals/wire.js';
import { bytesToHex, concatBytes, equalBytes, utf8 } from '../../../core/util/bytes.js';
import { applyLayer } from '../../../core/vm/vm.js';
import { type World, buildWorld } from '../activation/fixture.js';
import { filled, growPoswTree } from '../poet/helpers.js';
import { proposalWorld } from '../proposals/fixture.js';
import { CONFIG, FIRST_LAYER, GENESIS_ID as TX_GENESIS, addressOf, reward, selfSpawn, signer as txSigner, spend } from '../vm/helpers.js';

/** One stored object: its hint, the id a peer asks by (32 bytes), and what the id names inside its bytes. */
interface Stored {
  readonly name: string;
  readonly hint: Hint;
  readonly id: Uint8Array;
  /** The bytes the node was given (or, for a ballot and a PoET proof, the bytes a peer must be served). */
  readonly expected?: Uint8Array;
  /** The canonical bytes of what the id names; throws for bytes that do not decode. */
  covered(blob: Uint8Array): Uint8Array;
  /** How many of the one-byte flips pass the verifier, where that is fixed: the bytes the id does not name. */
  readonly passingFlips?: number;
  /** Where to flip: every byte unless given. */
  flipAt?(blob: Uint8Array): number[];
}

/** The verifier's answer as the fetcher takes it: a throw is a refusal. */
function accepts(verify: BlobVerifier, id: Uint8Array, data: Uint8Array): boolean {
  try {
    return verify(id, data);
  } catch {
    return false;
  }
}

function flipped(b: Uint8Array, at: number, mask = 0x01): Uint8Array {
  const out = b.slice();
  out[at]! ^= mask;
  return out;
}

let world: World;
let dir: string;
let state: Executor;
let objects: Stored[];
let poetRecord: { ref: Uint8Array; serviceId: Uint8Array; statement: Uint8Array; round: number };
let ids: { atx1: Uint8Array; atx2: Uint8Array; ballot: Uint8Array; layer: number; smesher: Uint8Array };

before(async () => {
  world = await buildWorld();
  dir = mkdtempSync(join(tmpdir(), 'peer-data-'));
  state = openDatabase(join(dir, 'state.sql'), STATE_SCHEMA);

  // ATXs, taken in by the ATX handler after their PoET proofs.
  const source = world.freshState();
  for (const atx of [world.atx1, world.atx2]) insertPoetProof(state, getPoetProof(source, atx.inner.nipost!.postMetadata!.challenge)!);
  for (const atx of [world.atx1, world.atx2]) assert.equal(handleAtx(world.handlerDeps(state, 2), encode(ActivationTxV1, atx)).kind, 'accept');
  const atx1 = atxIdV1(world.atx1.inner);
  const atx2 = atxIdV1(world.atx2.inner);

  // A PoET proof as a PoET builds it, from a PoET whose service id (its URL) is too long for the wire.
  const statement = filled(0x5c);
  const proof = buildPoswProof(growPoswTree(statement, 160));
  const ref = poetProofRef(proof);
  const serviceId = utf8(`http://poet.example.org:10010/${'x'.repeat(40)}`);
  insertPoetProof(state, { ref, serviceId, round: 7, statement, leafCount: proof.leafCount, proof: encodePoetProof(proof) });
  poetRecord = { ref, serviceId, statement, round: 7 };

  // A proposal accepted by the proposal handler in its own world, stored here as it was received.
  const pw = proposalWorld({ layerAvgSize: 5 });
  const built = pw.draft();
  const proposalBytes = encodeProposal(built.proposal);
  assert.equal(handleProposal(pw.deps, proposalBytes).kind, 'accept');
  insertProposal(state, getProposal(pw.db, built.id)!);
  pw.db.close();

  // A transaction taken in by the transaction handler (its principal spawned and funded first).
  const alice = txSigner('alice');
  applyLayer(state, CONFIG, { layer: FIRST_LAYER, block: null, txs: [], rewards: [reward('a', addressOf(alice))] });
  applyLayer(state, CONFIG, { layer: FIRST_LAYER + 1, block: null, txs: [selfSpawn(alice).raw], rewards: [] });
  const tx = spend(alice, addressOf(txSigner('bob')), 1000n, 1n);
  assert.equal((await createTxHandler({ db: state, genesisId: TX_GENESIS, mempool: new Mempool(), now: () => 1 })(tx.raw)).kind, 'accept');

  const block: InnerBlock = { layer: 9, tickHeight: 5n, rewards: [{ atxId: atx1, weight: { num: 1n, denom: 2n } }], txIds: [tx.id] };
  insertBlock(state, blockId(block), block.layer, encodeBlock(block));

  const setIds = [atx2, atx1];
  insertActiveSet(state, { id: activeSetHash(setIds), epoch: 2, atxIds: setIds, totalWeight: 5n });

  const poetCovered = (b: Uint8Array): Uint8Array => {
    const { value, length } = decodePrefix(poetProofCodec, b);
    // The statement sits before the 64-byte signature at the end; the PoSW proof is checked against it.
    return concatBytes(encode(poetProofCodec, value), b.slice(length).slice(-96, -64));
  };
  // A PoET proof message is kilobytes of proof nodes: every 16th byte of the proof, and every byte after it.
  const poetFlips = (b: Uint8Array): number[] => {
    const proofEnd = decodePrefix(poetProofCodec, b).length;
    return [...b.keys()].filter((i) => i >= proofEnd || i % 16 === 0 || i === proofEnd - 1);
  };
  ids = { atx1, atx2, ballot: built.ballotId, layer: pw.layer, smesher: pw.signer.publicKey };
  objects = [
    { name: 'initial ATX', hint: 'ATXDB', id: atx1, expected: encode(ActivationTxV1, world.atx1), covered: (b) => encode(InnerActivationTxV1, decode(ActivationTxV1, b).inner), passingFlips: 96 },
    { name: 'follow-up ATX', hint: 'ATXDB', id: atx2, expected: encode(ActivationTxV1, world.atx2), covered: (b) => encode(InnerActivationTxV1, decode(ActivationTxV1, b).inner), passingFlips: 96 },
    { name: "the world's PoET proof", hint: 'POETDB', id: world.atx1.inner.nipost!.postMetadata!.challenge, covered: poetCovered, flipAt: poetFlips },
    { name: 'a PoET proof with a long service id', hint: 'POETDB', id: ref, covered: poetCovered, flipAt: poetFlips },
    { name: 'proposal', hint: 'proposalDB', id: asHash32(built.id), expected: proposalBytes, covered: (b) => encode(InnerProposal, decodeProposal(b).inner), passingFlips: 64 },
    { name: 'ballot', hint: 'ballotDB', id: asHash32(built.ballotId), expected: encode(Ballot, built.proposal.inner.ballot), covered: (b) => encode(InnerBallot, decode(Ballot, b).inner) },
    { name: 'transaction', hint: 'TXDB', id: tx.id, expected: tx.raw, covered: (b) => b, passingFlips: 0 },
    { name: 'block', hint: 'blocksDB', id: asHash32(blockId(block)), expected: encodeBlock(block), covered: (b) => encode(InnerBlock, decode(InnerBlock, b)), passingFlips: 0 },
    { name: 'active set', hint: 'activeset', id: activeSetHash(setIds), covered: (b) => concatBytes(...[...decodeEpochActiveSet(b).atxIds].sort((x, y) => Buffer.compare(x, y))) },
  ];
});

after(async () => {
  state.close();
  rmSync(dir, { recursive: true, force: true });
  await world.cleanup();
});

const served = (hint: Hint, id: Uint8Array): Uint8Array | undefined => servedData(state).blobs[hint]!(id);
const verifier = (hint: Hint): BlobVerifier => blobVerifiers()[hint]!;

describe('servedData and blobVerifiers: every hint', () => {
  it('serves a lookup and a verifier for each of the eight hints', () => {
    const hints = ['ATXDB', 'POETDB', 'proposalDB', 'ballotDB', 'TXDB', 'blocksDB', 'activeset', 'malfeasance'];
    assert.deepEqual(Object.keys(servedData(state).blobs).sort(), [...hints].sort());
    assert.deepEqual(Object.keys(blobVerifiers()).sort(), [...hints].sort());
  });

  it('serves each stored object, and the served bytes pass the verifier for its id', () => {
    for (const o of objects) {
      const blob = served(o.hint, o.id);
      assert.ok(blob !== undefined, `${o.name}: served`);
      if (o.expected !== undefined) assert.equal(bytesToHex(blob), bytesToHex(o.expected), `${o.name}: the bytes stored`);
      assert.equal(verifier(o.hint)(o.id, blob), true, `${o.name}: verifies`);
    }
  });

  it('serves a PoET proof as a message that verifies back to the stored record (long service id hashed)', () => {
    const record = verifyPoetProofMessage(served('POETDB', poetRecord.ref)!, poetRecord.ref);
    assert.equal(record.round, poetRecord.round);
    assert.equal(bytesToHex(record.statement), bytesToHex(poetRecord.statement));
    assert.equal(bytesToHex(record.serviceId), bytesToHex(blake3(poetRecord.serviceId)));
  });

  it('serves the active set with its epoch and ids as stored', () => {
    const set = decodeEpochActiveSet(served('activeset', objects.find((o) => o.hint === 'activeset')!.id)!);
    assert.equal(set.epoch, 2);
    assert.deepEqual(set.atxIds.map(bytesToHex), [ids.atx2, ids.atx1].map(bytesToHex));
  });

  it('refuses the served bytes under another id of the same kind', () => {
    for (const o of objects) {
      const blob = served(o.hint, o.id)!;
      const others = [filled(0xab), flipped(o.id, 0), flipped(o.id, 31), ...objects.filter((x) => x.hint === o.hint && x !== o).map((x) => x.id)];
      for (const other of others) assert.equal(accepts(verifier(o.hint), other, blob), false, `${o.name} under ${bytesToHex(other)}`);
    }
  });

  it('refuses every one-byte change of what the id names; only bytes outside it may pass', () => {
    for (const o of objects) {
      const blob = served(o.hint, o.id)!;
      const original = o.covered(blob);
      let refused = 0;
      for (const at of o.flipAt?.(blob) ?? [...blob.keys()]) {
        const changed = flipped(blob, at);
        if (!accepts(verifier(o.hint), o.id, changed)) {
          refused++;
          continue;
        }
        let same: boolean;
        try {
          same = equalBytes(o.covered(changed), original);
        } catch {
          same = false;
        }
        assert.ok(same, `${o.name}: a flip at byte ${at} of ${blob.length} changes what the id names, yet passes`);
      }
      if (o.passingFlips !== undefined) assert.equal(blob.length - refused, o.passingFlips, `${o.name}: flips that pass`);
      assert.ok(refused > 0, `${o.name}: some flips are refused`);
    }
  });

  it('what the id does not name: a changed signature passes the verifier, and the handler refuses it', () => {
    const atx = served('ATXDB', ids.atx1)!;
    const forged = flipped(atx, atx.length - 1);
    assert.equal(accepts(verifier('ATXDB'), ids.atx1, forged), true, "an ATX id names the inner ATX, not its signature (go's v1 ATX id)");
    const fresh = world.freshState();
    const v = handleAtx(world.handlerDeps(fresh, 1), forged);
    assert.equal(v.kind === 'reject' && v.error.code, 'BAD_SIGNATURE');

    const proposal = objects.find((o) => o.hint === 'proposalDB')!;
    const p = served('proposalDB', proposal.id)!;
    assert.equal(accepts(verifier('proposalDB'), proposal.id, flipped(p, p.length - 1)), true, 'a proposal id names the signed bytes, not the signature');
  });

  it('gives undefined for unknown ids under every hint', () => {
    for (const hint of Object.keys(servedData(state).blobs) as Hint[]) {
      for (const id of [filled(0xab), new Uint8Array(32)]) assert.equal(served(hint, id), undefined, `${hint} ${bytesToHex(id)}`);
    }
  });

  it('lists epoch ATX ids (ax/1), layer ballots (ld/1) and malicious identities (ml/1) from state', () => {
    const data = servedData(state);
    assert.deepEqual(data.epochAtxIds!(1).map(bytesToHex), [bytesToHex(ids.atx1)]);
    assert.deepEqual(data.epochAtxIds!(2).map(bytesToHex), [bytesToHex(ids.atx2)]);
    assert.deepEqual(data.epochAtxIds!(3), []);
    assert.deepEqual(data.layerBallots!(ids.layer).map(bytesToHex), [bytesToHex(ids.ballot)]);
    assert.deepEqual(data.layerBallots!(ids.layer + 1), []);
    assert.deepEqual(data.maliciousIds!(), []);
    insertMalfeasance(state, ids.smesher, 2, Uint8Array.of(1), 1);
    assert.deepEqual(data.maliciousIds!().map(bytesToHex), [bytesToHex(ids.smesher)]);
  });
});
