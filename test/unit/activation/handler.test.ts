/**
 * ATX handling (issue #5 "done when": table-driven, at least 10 invalid cases): a valid initial ATX and a valid
 * follow-up are accepted with the right derived fields; every single-field corruption is rejected with its code
 * and stores nothing; a second ATX for one epoch is kept as a malfeasance proof, not as an ATX.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { handleAtx } from '../../../core/activation/handler.js';
import { MalfeasanceKind, decodeMalfeasanceProof } from '../../../core/malfeasance/wire.js';
import { getAtx, getMalfeasance, MALFEASANCE_MULTIPLE_ATXS } from '../../../core/activation/store.js';
import { type ActivationTxV1, EMPTY_ID, atxIdV1 } from '../../../core/activation/wire.js';
import { decode, encode } from '../../../core/codec/index.js';
import { ActivationTxV1 as AtxCodec } from '../../../core/activation/wire.js';
import type { Executor } from '../../../core/db/database.js';
import { verifyVrfNonce } from '../../../core/post/verify.js';
import { bytesToHex } from '../../../core/util/bytes.js';
import { GOLDEN, type World, buildWorld, preset, signAtx } from './fixture.js';

let world: World;
before(async () => {
  world = await buildWorld();
});
after(() => world.cleanup());

function countRows(db: Executor): { atxs: number; blobs: number; malfeasance: number } {
  const n = (table: string): number => (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  return { atxs: n('atxs'), blobs: n('atx_blobs'), malfeasance: n('malfeasance') };
}

/** A state DB holding ATX 1 (for cases about ATX 2). */
function stateWithAtx1(): Executor {
  const db = world.freshState();
  const verdict = handleAtx(world.handlerDeps(db, 1), encode(AtxCodec, world.atx1));
  assert.equal(verdict.kind, 'accept');
  return db;
}

/** A deep copy of an ATX, changed by `edit`, re-signed by its smesher unless `resign` is false. */
function variant(base: ActivationTxV1, edit: (atx: ActivationTxV1) => void, resign = true): Uint8Array {
  const atx = structuredClone(base);
  edit(atx);
  if (!resign) return encode(AtxCodec, atx);
  return signAtx(atx.inner, bytesToHex(atx.smesherId) === bytesToHex(world.other.publicKey) ? world.other : world.signer);
}

describe('handleAtx: valid ATXs', () => {
  it('accepts the initial ATX: effective units, golden base height, ticks = leaves / tick size, weight', () => {
    const db = world.freshState();
    const verdict = handleAtx(world.handlerDeps(db, 1), encode(AtxCodec, world.atx1));
    assert.equal(verdict.kind, 'accept');
    if (verdict.kind !== 'accept') return;
    const row = verdict.value;
    assert.equal(bytesToHex(row.id), bytesToHex(atxIdV1(world.atx1.inner)));
    assert.deepEqual(
      { epoch: row.publishEpoch, seq: row.sequence, units: row.effectiveNumUnits, base: row.baseTickHeight, ticks: row.tickCount, weight: row.weight, nonce: row.vrfNonce },
      { epoch: 1, seq: 0, units: 1, base: 0, ticks: 2, weight: 2, nonce: Number(world.vrfNonce) },
    );
    assert.equal(bytesToHex(row.commitmentId), bytesToHex(GOLDEN));
    const again = handleAtx(world.handlerDeps(db, 1), encode(AtxCodec, world.atx1));
    assert.equal(again.kind, 'ignore');
    assert.deepEqual(again.kind === 'ignore' && again.error.toObject(), { code: 'DUPLICATE', message: 'known ATX' });
  });

  it('accepts the follow-up ATX: sequence 1, base height = positioning tick height, inherited VRF nonce', () => {
    const db = stateWithAtx1();
    const verdict = handleAtx(world.handlerDeps(db, 2), encode(AtxCodec, world.atx2));
    assert.equal(verdict.kind, 'accept');
    if (verdict.kind !== 'accept') return;
    assert.deepEqual(
      { seq: verdict.value.sequence, base: verdict.value.baseTickHeight, ticks: verdict.value.tickCount, weight: verdict.value.weight, nonce: verdict.value.vrfNonce },
      { seq: 1, base: 2, ticks: 3, weight: 3, nonce: Number(world.vrfNonce) },
    );
    assert.ok(getAtx(db, verdict.value.id));
  });
});

/** A VRF nonce index whose label is not below the target (so it must be refused). */
function badVrfNonce(): bigint {
  for (let i = 0n; i < 64n; i++) {
    try {
      verifyVrfNonce(world.signer.publicKey, GOLDEN, i, 64n, preset.post.scryptN);
    } catch {
      return i;
    }
  }
  throw new Error('every label qualifies');
}

interface Case {
  readonly name: string;
  /** Which valid ATX the case corrupts (ATX 2 cases run with ATX 1 stored). */
  readonly base: 1 | 2;
  readonly bytes: () => Uint8Array;
  readonly code: string;
  readonly message: RegExp;
}

const flip = (b: Uint8Array, i = 0): Uint8Array => {
  const out = b.slice();
  out[i] = out[i]! ^ 0x01;
  return out;
};

const CASES: Case[] = [
  { name: 'truncated bytes', base: 1, bytes: () => encode(AtxCodec, world.atx1).subarray(0, 100), code: 'MALFORMED', message: /not an ActivationTxV1/ },
  { name: 'a trailing byte', base: 1, bytes: () => Uint8Array.of(...encode(AtxCodec, world.atx1), 0), code: 'MALFORMED', message: /not an ActivationTxV1/ },
  { name: 'signature flipped', base: 1, bytes: () => variant(world.atx1, (a) => (a.signature = flip(a.signature)), false), code: 'BAD_SIGNATURE', message: /signature/ },
  { name: 'coinbase changed after signing', base: 1, bytes: () => variant(world.atx1, (a) => (a.inner.coinbase = flip(a.inner.coinbase, 5)), false), code: 'BAD_SIGNATURE', message: /signature/ },
  { name: 'smesher id of another identity', base: 1, bytes: () => variant(world.atx1, (a) => (a.smesherId = world.other.publicKey), false), code: 'BAD_SIGNATURE', message: /signature/ },
  { name: 'publish epoch two ahead', base: 1, bytes: () => variant(world.atx1, (a) => (a.inner.challenge.publishEpoch = 3)), code: 'TOO_EARLY', message: /after the next epoch/ },
  { name: 'zero units', base: 1, bytes: () => variant(world.atx1, (a) => (a.inner.numUnits = 0)), code: 'SYNTAX', message: /num units 0/ },
  { name: 'units above the maximum', base: 1, bytes: () => variant(world.atx1, (a) => (a.inner.numUnits = 1025)), code: 'SYNTAX', message: /num units 1025/ },
  { name: 'no PoST in the NIPoST', base: 1, bytes: () => variant(world.atx1, (a) => (a.inner.nipost!.post = null)), code: 'SYNTAX', message: /no complete NIPoST/ },
  { name: 'wrong labels per unit', base: 1, bytes: () => variant(world.atx1, (a) => (a.inner.nipost!.postMetadata!.labelsPerUnit = 128n)), code: 'SYNTAX', message: /labels per unit/ },
  { name: 'initial ATX without node id', base: 1, bytes: () => variant(world.atx1, (a) => (a.inner.nodeId = null)), code: 'SYNTAX', message: /node id/ },
  { name: "initial ATX with another's node id", base: 1, bytes: () => variant(world.atx1, (a) => (a.inner.nodeId = world.other.publicKey)), code: 'SYNTAX', message: /node id/ },
  { name: 'initial ATX without VRF nonce', base: 1, bytes: () => variant(world.atx1, (a) => (a.inner.vrfNonce = null)), code: 'SYNTAX', message: /VRF nonce/ },
  { name: 'initial ATX with sequence 1', base: 1, bytes: () => variant(world.atx1, (a) => (a.inner.challenge.sequence = 1n)), code: 'SYNTAX', message: /sequence 0/ },
  { name: 'initial ATX without initial PoST', base: 1, bytes: () => variant(world.atx1, (a) => (a.inner.challenge.initialPost = null)), code: 'SYNTAX', message: /initial PoST/ },
  { name: 'empty positioning ATX', base: 1, bytes: () => variant(world.atx1, (a) => (a.inner.challenge.positioningAtxId = EMPTY_ID)), code: 'SYNTAX', message: /positioning ATX is empty/ },
  { name: 'unknown commitment ATX', base: 1, bytes: () => variant(world.atx1, (a) => (a.inner.challenge.commitmentAtxId = flip(GOLDEN))), code: 'UNKNOWN_ATX', message: /commitment ATX/ },
  { name: 'unknown positioning ATX', base: 1, bytes: () => variant(world.atx1, (a) => (a.inner.challenge.positioningAtxId = flip(GOLDEN))), code: 'UNKNOWN_ATX', message: /positioning ATX/ },
  { name: 'unknown PoET proof ref', base: 1, bytes: () => variant(world.atx1, (a) => (a.inner.nipost!.postMetadata!.challenge = flip(a.inner.nipost!.postMetadata!.challenge))), code: 'UNKNOWN_POET_PROOF', message: /PoET proof/ },
  { name: 'membership leaf index off by one', base: 1, bytes: () => variant(world.atx1, (a) => (a.inner.nipost!.membership.leafIndex += 1n)), code: 'NIPOST_INVALID', message: /not a member/ },
  { name: 'membership node changed', base: 1, bytes: () => variant(world.atx1, (a) => (a.inner.nipost!.membership.nodes[0] = flip(a.inner.nipost!.membership.nodes[0]!))), code: 'NIPOST_INVALID', message: /not a member/ },
  { name: 'PoST nonce changed', base: 1, bytes: () => variant(world.atx1, (a) => (a.inner.nipost!.post!.nonce ^= 1)), code: 'INVALID_POST_INDEX', message: /^PoST does not verify at index position \d+/ },
  { name: 'PoST indices changed', base: 1, bytes: () => variant(world.atx1, (a) => (a.inner.nipost!.post!.indices = flip(a.inner.nipost!.post!.indices))), code: 'INVALID_POST_INDEX', message: /^PoST does not verify at index position \d+/ },
  { name: 'PoST pow changed', base: 1, bytes: () => variant(world.atx1, (a) => (a.inner.nipost!.post!.pow += 1n)), code: 'INVALID_POST_INDEX', message: /^PoST does not verify at index position \d+/ },
  { name: 'VRF nonce not below the target', base: 1, bytes: () => variant(world.atx1, (a) => (a.inner.vrfNonce = badVrfNonce())), code: 'NIPOST_INVALID', message: /VRF nonce/ },
  { name: 'more units than the PoS data has', base: 1, bytes: () => variant(world.atx1, (a) => (a.inner.numUnits = 2)), code: 'NIPOST_INVALID', message: /does not verify/ },
  { name: 'follow-up with unknown previous ATX', base: 2, bytes: () => variant(world.atx2, (a) => (a.inner.challenge.prevAtxId = flip(a.inner.challenge.prevAtxId))), code: 'UNKNOWN_ATX', message: /previous ATX/ },
  { name: 'follow-up skipping a sequence number', base: 2, bytes: () => variant(world.atx2, (a) => (a.inner.challenge.sequence = 2n)), code: 'CONTEXT', message: /sequence 2 does not follow 0/ },
  { name: 'follow-up positioned on an unknown ATX', base: 2, bytes: () => variant(world.atx2, (a) => (a.inner.challenge.positioningAtxId = flip(a.inner.challenge.positioningAtxId))), code: 'UNKNOWN_ATX', message: /positioning ATX/ },
  { name: 'follow-up carrying a node id', base: 2, bytes: () => variant(world.atx2, (a) => (a.inner.nodeId = world.signer.publicKey)), code: 'SYNTAX', message: /only the initial ATX carries a node id/ },
  { name: 'follow-up naming a commitment ATX', base: 2, bytes: () => variant(world.atx2, (a) => (a.inner.challenge.commitmentAtxId = GOLDEN)), code: 'SYNTAX', message: /commitment/ },
  { name: "follow-up by another identity on this one's ATX", base: 2, bytes: () => variant(world.atx2, (a) => (a.smesherId = world.other.publicKey)), code: 'CONTEXT', message: /another identity/ },
  { name: 'follow-up with more units and no new VRF nonce', base: 2, bytes: () => variant(world.atx2, (a) => (a.inner.numUnits = 2)), code: 'SYNTAX', message: /VRF nonce is required/ },
];

/** Missing references and a too-early epoch are not the sender's fault: ignored, not rejected (no penalty). */
const IGNORED_CODES = new Set(['UNKNOWN_ATX', 'UNKNOWN_POET_PROOF', 'TOO_EARLY']);

describe('handleAtx: invalid ATXs are rejected (or, when not the sender\'s fault, ignored) and store nothing but a proof', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const db = c.base === 1 ? world.freshState() : stateWithAtx1();
      const before = countRows(db);
      const verdict = handleAtx(world.handlerDeps(db, c.base), c.bytes());
      assert.equal(verdict.kind, IGNORED_CODES.has(c.code) ? 'ignore' : 'reject');
      assert.equal(verdict.error.code, c.code, verdict.error.message);
      assert.match(verdict.error.message, c.message);
      // A PoST that fails at one index proves the signer malicious (kind 4): the proof is all that is stored.
      const proofs = c.code === 'INVALID_POST_INDEX' ? 1 : 0;
      assert.deepEqual(countRows(db), { ...before, malfeasance: before.malfeasance + proofs });
    });
  }
  it('has at least 10 cases', () => assert.ok(CASES.length >= 10));
});

describe('handleAtx: double publish', () => {
  it('keeps a second signed ATX for one epoch as a malfeasance proof, not as an ATX', () => {
    const db = stateWithAtx1();
    assert.equal(handleAtx(world.handlerDeps(db, 2), encode(AtxCodec, world.atx2)).kind, 'accept');
    const second = variant(world.atx2, (a) => (a.inner.coinbase = new Uint8Array(24).fill(9)));
    const verdict = handleAtx(world.handlerDeps(db, 2), second);
    assert.equal(verdict.kind, 'reject');
    assert.equal(verdict.kind === 'reject' && verdict.error.code, 'DOUBLE_PUBLISH');
    assert.deepEqual(countRows(db), { atxs: 2, blobs: 2, malfeasance: 1 });
    const proof = getMalfeasance(db, world.signer.publicKey)!;
    assert.equal(proof.kind, MALFEASANCE_MULTIPLE_ATXS);
    const stored = decodeMalfeasanceProof(proof.proof).proof;
    assert.equal(stored.type, MalfeasanceKind.MULTIPLE_ATXS);
    if (stored.type !== MalfeasanceKind.MULTIPLE_ATXS) return;
    const [first, kept] = stored.messages;
    assert.equal(bytesToHex(first.innerMsg.msgHash), bytesToHex(atxIdV1(world.atx2.inner)));
    assert.equal(bytesToHex(kept.innerMsg.msgHash), bytesToHex(atxIdV1(decode(AtxCodec, second).inner)));
    assert.equal(bytesToHex(kept.signature), bytesToHex(decode(AtxCodec, second).signature));
  });

  it('does not record a forged second ATX (bad signature) as malfeasance', () => {
    const db = stateWithAtx1();
    assert.equal(handleAtx(world.handlerDeps(db, 2), encode(AtxCodec, world.atx2)).kind, 'accept');
    const forged = variant(world.atx2, (a) => (a.inner.coinbase = new Uint8Array(24).fill(9)), false);
    const verdict = handleAtx(world.handlerDeps(db, 2), forged);
    assert.equal(verdict.kind === 'reject' && verdict.error.code, 'BAD_SIGNATURE');
    assert.equal(countRows(db).malfeasance, 0);
  });
});
