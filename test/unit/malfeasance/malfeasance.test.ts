/**
 * Malfeasance proofs in go-spacemesh's v1 format (core/malfeasance/): built from two real conflicting signed
 * messages per kind (ATXs of the activation fixture, ballots of the proposals fixture, hare messages), SCALE
 * round-trip, validation, refusal of forged or mismatched proofs, the gossip handler (stores once, ignores
 * duplicates), the fetch hint `malfeasance` (served by smesher id, verified), and a fast-check fuzz of the decoder
 * and validator (only CodedErrors).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { getMalfeasance } from '../../../core/activation/store.js';
import { handleAtx } from '../../../core/activation/handler.js';
import { ActivationTxV1, atxIdV1 } from '../../../core/activation/wire.js';
import { decode } from '../../../core/codec/index.js';
import { SigningDomain } from '../../../core/crypto/domains.js';
import { EdSigner, EdVerifier } from '../../../core/crypto/ed25519.js';
import { type HareBody, type HareMessage, hareSignedBytes } from '../../../core/hare/wire.js';
import {
  MalfeasanceKind,
  type MalfeasanceProof,
  type ProofValidationContext,
  decodeMalfeasanceGossip,
  decodeMalfeasanceProof,
  encodeMalfeasanceGossip,
  encodeMalfeasanceProof,
  handleMalfeasanceGossip,
  handleSyncedProof,
  hareEquivocationProof,
  invalidPostIndexProof,
  invalidPrevAtxProof,
  malfeasanceKindName,
  multipleAtxsProof,
  multipleBallotsProof,
  validateGossipBytes,
  validateProof,
  validateProofBytes,
} from '../../../core/malfeasance/index.js';
import { blobVerifiers, servedData } from '../../../core/node/peerData.js';
import { buildProposal } from '../../../core/proposals/build.js';
import { bytesToHex } from '../../../core/util/bytes.js';
import { CodedError } from '../../../core/util/errors.js';
import { GENESIS_ID, type World, buildWorld, preset, signAtx } from '../activation/fixture.js';
import { GENESIS as PROPOSAL_GENESIS, draftOf, proposalWorld } from '../proposals/fixture.js';

const hex = bytesToHex;
const allow = (genesis: Uint8Array): ProofValidationContext => ({ verifier: new EdVerifier(genesis), hasIdentity: () => true });

/** A hare message of `signer` for (layer, iter 0, round), carrying `proposals`, signed for `genesis`. */
function hareMessage(signer: EdSigner, layer: number, round: number, proposals: Uint8Array[]): HareMessage {
  const body: HareBody = {
    layer,
    iterRound: { iter: 0, round },
    value: { proposals, reference: null },
    eligibility: { proof: new Uint8Array(80).fill(7), count: 1 },
  };
  return { body, sender: signer.publicKey, signature: signer.sign(SigningDomain.HARE, hareSignedBytes(body)) };
}

const hareSigner = new EdSigner(new Uint8Array(32).fill(11), PROPOSAL_GENESIS);
const hareOther = new EdSigner(new Uint8Array(32).fill(12), PROPOSAL_GENESIS);
const ids = (n: number): Uint8Array[] => [new Uint8Array(20).fill(n)];

function ballotPair(): { world: ReturnType<typeof proposalWorld>; proof: MalfeasanceProof } {
  const world = proposalWorld();
  const first = world.draft().proposal;
  const a = first.inner.ballot;
  const b = buildProposal(world.signer, { ...draftOf(first), opinionHash: new Uint8Array(32).fill(1) }).proposal.inner.ballot;
  return { world, proof: multipleBallotsProof(a, b) };
}

describe('malfeasance wire: kinds 1-5 from real messages', () => {
  let world: World;
  let secondAtx: ActivationTxV1;
  before(async () => {
    world = await buildWorld();
    const inner = structuredClone(world.atx2.inner);
    inner.coinbase = new Uint8Array(24).fill(9);
    secondAtx = decode(ActivationTxV1, signAtx(inner, world.signer));
  });
  after(() => world.cleanup());

  it('kind 1 (multiple ATXs): builds, round-trips and validates; Layer is the epoch start', () => {
    const proof = multipleAtxsProof(world.atx2, secondAtx, 10);
    assert.equal(proof.layer, world.atx2.inner.challenge.publishEpoch * 10);
    const bytes = encodeMalfeasanceProof(proof);
    assert.equal(bytes[1], MalfeasanceKind.MULTIPLE_ATXS, 'compact32 layer (one byte here), then the type as a full byte');
    assert.deepEqual(decodeMalfeasanceProof(bytes), proof);
    const valid = validateProofBytes(allow(GENESIS_ID), bytes);
    assert.equal(hex(valid.smesherId), hex(world.signer.publicKey));
    assert.equal(valid.kind, MalfeasanceKind.MULTIPLE_ATXS);
  });

  it('kind 1: two ATXs of different epochs prove nothing; nor does one ATX twice', () => {
    assert.throws(() => validateProof(allow(GENESIS_ID), multipleAtxsProof(world.atx1, world.atx2, 10)), { code: 'NOT_A_PROOF' });
    assert.throws(() => validateProof(allow(GENESIS_ID), multipleAtxsProof(world.atx2, world.atx2, 10)), { code: 'NOT_A_PROOF' });
  });

  it('kind 1: a signature for another network (GenesisID) does not verify', () => {
    const proof = encodeMalfeasanceProof(multipleAtxsProof(world.atx2, secondAtx, 10));
    assert.throws(() => validateProofBytes(allow(PROPOSAL_GENESIS), proof), { code: 'BAD_SIGNATURE' });
  });

  it('kind 2 (multiple ballots): builds, round-trips and validates', () => {
    const { world: w, proof } = ballotPair();
    const bytes = encodeMalfeasanceProof(proof);
    assert.deepEqual(decodeMalfeasanceProof(bytes), proof);
    assert.equal(proof.layer, w.layer);
    const valid = validateProofBytes(allow(PROPOSAL_GENESIS), bytes);
    assert.equal(hex(valid.smesherId), hex(w.signer.publicKey));
    assert.equal(valid.kind, MalfeasanceKind.MULTIPLE_BALLOTS);
  });

  it('kind 2 relabelled as kind 1 (same metadata shape) fails on the signing domain', () => {
    const bytes = encodeMalfeasanceProof(ballotPair().proof).slice();
    bytes[1] = MalfeasanceKind.MULTIPLE_ATXS;
    assert.throws(() => validateProofBytes(allow(PROPOSAL_GENESIS), bytes), { code: 'BAD_SIGNATURE' });
  });

  it('kind 3 (hare equivocation): builds, round-trips and validates; the round is the absolute round', () => {
    const proof = hareEquivocationProof(hareMessage(hareSigner, 33, 2, []), hareMessage(hareSigner, 33, 2, ids(1)));
    assert.equal(proof.layer, 33);
    const bytes = encodeMalfeasanceProof(proof);
    assert.deepEqual(decodeMalfeasanceProof(bytes), proof);
    const p = proof.proof;
    assert.ok(p.type === MalfeasanceKind.HARE_EQUIVOCATION && p.messages[0].innerMsg.round === 2);
    assert.equal(validateProofBytes(allow(PROPOSAL_GENESIS), bytes).kind, MalfeasanceKind.HARE_EQUIVOCATION);
    assert.equal(malfeasanceKindName(MalfeasanceKind.HARE_EQUIVOCATION), 'hare equivocation');
  });

  it('kind 3: other round, other layer, other sender, or a flipped signature bit: refused', () => {
    const ctx = allow(PROPOSAL_GENESIS);
    const a = hareMessage(hareSigner, 33, 2, []);
    assert.throws(() => validateProof(ctx, hareEquivocationProof(a, hareMessage(hareSigner, 33, 3, ids(1)))), { code: 'NOT_A_PROOF' });
    assert.throws(() => validateProof(ctx, hareEquivocationProof(a, hareMessage(hareSigner, 34, 2, ids(1)))), { code: 'NOT_A_PROOF' });
    assert.throws(() => validateProof(ctx, hareEquivocationProof(a, hareMessage(hareOther, 33, 2, ids(1)))), { code: 'NOT_A_PROOF' });
    const forged = hareMessage(hareSigner, 33, 2, ids(1));
    const sig = forged.signature.slice();
    sig[0]! ^= 1;
    assert.throws(() => validateProof(ctx, hareEquivocationProof(a, { ...forged, signature: sig })), { code: 'BAD_SIGNATURE' });
  });

  it('kind 4 without the PoST context is UNSUPPORTED (ignored, not the sender\'s fault); an unknown type is MALFORMED', () => {
    const four: MalfeasanceProof = { layer: 20, proof: { type: MalfeasanceKind.INVALID_POST_INDEX, data: { atx: world.atx2, invalidIdx: 3 } } };
    const bytes = encodeMalfeasanceProof(four);
    assert.deepEqual(decodeMalfeasanceProof(bytes), four);
    assert.throws(() => validateProofBytes(allow(GENESIS_ID), bytes), { code: 'UNSUPPORTED' });
    const unknown = bytes.slice();
    unknown[1] = 6;
    assert.throws(() => validateProofBytes(allow(GENESIS_ID), unknown), { code: 'MALFORMED' });
  });
});

describe('malfeasance gossip handler and fetch hint', () => {
  it('stores a new proof once, ignores a duplicate, serves it by smesher id', () => {
    const { world, proof } = ballotPair();
    const deps = { db: world.db, verifier: new EdVerifier(PROPOSAL_GENESIS), now: () => 42 };
    const gossip = encodeMalfeasanceGossip(proof);
    assert.equal(decodeMalfeasanceGossip(gossip).eligibility, null);
    const first = handleMalfeasanceGossip(deps, gossip);
    assert.equal(first.kind, 'accept');
    const row = getMalfeasance(world.db, world.signer.publicKey)!;
    assert.equal(row.kind, MalfeasanceKind.MULTIPLE_BALLOTS);
    assert.equal(hex(row.proof), hex(encodeMalfeasanceProof(proof)), 'the bare MalfeasanceProof is kept, as go keeps it');
    const again = handleMalfeasanceGossip(deps, gossip);
    assert.equal(again.kind !== 'accept' && again.kind + again.error.code, 'ignoreDUPLICATE');
    assert.equal(handleSyncedProof(deps, row.proof).kind, 'ignore');
    assert.equal((world.db.prepare('SELECT count(*) AS n FROM malfeasance').get() as { n: number }).n, 1);

    const served = servedData(world.db).blobs.malfeasance!(world.signer.publicKey)!;
    assert.equal(hex(served), hex(row.proof));
    const verify = blobVerifiers().malfeasance!;
    assert.equal(verify(world.signer.publicKey, served), true);
    assert.equal(verify(new Uint8Array(32).fill(1), served), false, 'a proof against someone else');
    assert.equal(servedData(world.db).blobs.malfeasance!(new Uint8Array(32)), undefined);
    assert.deepEqual(servedData(world.db).maliciousIds!().map(hex), [hex(world.signer.publicKey)]);
  });

  it('a synced proof (bare MalfeasanceProof) is stored as from gossip', () => {
    const { world, proof } = ballotPair();
    const v = handleSyncedProof({ db: world.db, verifier: new EdVerifier(PROPOSAL_GENESIS), now: () => 1 }, encodeMalfeasanceProof(proof));
    assert.equal(v.kind, 'accept');
  });

  it('rejects forged proofs and ignores proofs naming an identity with no known ATX', () => {
    const { world, proof } = ballotPair();
    const deps = { db: world.db, verifier: new EdVerifier(PROPOSAL_GENESIS), now: () => 1 };
    const bytes = encodeMalfeasanceGossip(proof).slice();
    bytes[bytes.length - 2]! ^= 1; // inside the second message's signature
    const forged = handleMalfeasanceGossip(deps, bytes);
    assert.equal(forged.kind !== 'accept' && forged.kind + forged.error.code, 'rejectBAD_SIGNATURE');
    const stranger = hareEquivocationProof(hareMessage(hareSigner, 33, 2, []), hareMessage(hareSigner, 33, 2, ids(1)));
    const unknown = handleMalfeasanceGossip(deps, encodeMalfeasanceGossip(stranger));
    assert.equal(unknown.kind !== 'accept' && unknown.kind + unknown.error.code, 'ignoreUNKNOWN_IDENTITY');
    const garbage = handleMalfeasanceGossip(deps, Uint8Array.of(1, 2, 3));
    assert.equal(garbage.kind !== 'accept' && garbage.kind + garbage.error.code, 'rejectMALFORMED');
    assert.equal(getMalfeasance(world.db, world.signer.publicKey), undefined);
  });
});

describe('malfeasance decoder and validator fuzz', () => {
  const { proof } = ballotPair();
  const valid = encodeMalfeasanceGossip(proof);
  const ctx = allow(PROPOSAL_GENESIS);
  const onlyCoded = (bytes: Uint8Array): void => {
    try {
      validateGossipBytes(ctx, bytes);
    } catch (err) {
      if (!(err instanceof CodedError)) throw err;
    }
    try {
      validateProofBytes(ctx, bytes);
    } catch (err) {
      if (!(err instanceof CodedError)) throw err;
    }
  };

  it('random bytes: only CodedErrors', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => onlyCoded(bytes)), { numRuns: 500 });
  });

  it('mutations of a valid gossip message: only CodedErrors, and never a different valid proof', () => {
    const mutation = fc.tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 1, max: 255 }), fc.nat({ max: valid.length })).map(([at, x, cut]) => {
      const b = valid.slice();
      b[at]! ^= x;
      return cut === valid.length ? b : b.subarray(0, cut);
    });
    fc.assert(
      fc.property(mutation, (bytes) => {
        onlyCoded(bytes);
        try {
          const v = validateGossipBytes(ctx, bytes);
          // A flip in the layer field or the eligibility flag's padding may keep the proof valid: the same smesher.
          assert.equal(hex(v.smesherId), hex(proofSigner(proof)));
        } catch (err) {
          assert.ok(err instanceof CodedError);
        }
      }),
      { numRuns: 300 },
    );
  });
});

function proofSigner(p: MalfeasanceProof): Uint8Array {
  assert.ok(p.proof.type === MalfeasanceKind.MULTIPLE_BALLOTS);
  return p.proof.messages[0].smesherId;
}

describe('malfeasance kinds 4 and 5: detected from ATXs, judged as go-spacemesh does', () => {
  let world: World;
  /** `world.atx1` with its NIPoST PoST nonce moved within its nonce group (same k2pow), re-signed: labels fail. */
  let badPostAtx: ActivationTxV1;
  /** A second ATX on `world.atx1` as previous ATX, one epoch after `world.atx2`. */
  let samePrevAtx: ActivationTxV1;
  const withPost = (genesis: Uint8Array): ProofValidationContext => ({
    ...allow(genesis),
    post: { params: preset.post, commitmentOf: () => undefined },
  });
  before(async () => {
    world = await buildWorld();
    const bad = structuredClone(world.atx1.inner);
    bad.nipost!.post!.nonce ^= 1;
    badPostAtx = decode(ActivationTxV1, signAtx(bad, world.signer));
    const again = structuredClone(world.atx2.inner);
    again.challenge.publishEpoch += 1;
    samePrevAtx = decode(ActivationTxV1, signAtx(again, world.signer));
  });
  after(() => world.cleanup());

  it('kind 4: an ATX whose PoST fails at one index is refused, and its proof is stored and holds', () => {
    const db = world.freshState();
    const verdict = handleAtx(world.handlerDeps(db, 5), signAtx(badPostAtx.inner, world.signer));
    assert.equal(verdict.kind, 'reject');
    assert.equal(verdict.kind === 'reject' && verdict.error.code, 'INVALID_POST_INDEX');
    const stored = getMalfeasance(db, world.signer.publicKey);
    assert.equal(stored?.kind, MalfeasanceKind.INVALID_POST_INDEX);
    const proof = decodeMalfeasanceProof(stored.proof);
    assert.equal(proof.layer, badPostAtx.inner.challenge.publishEpoch * preset.layersPerEpoch);
    const valid = validateProofBytes(withPost(GENESIS_ID), stored.proof);
    assert.equal(hex(valid.smesherId), hex(world.signer.publicKey));
  });

  it('kind 4: an honest PoST at that position is NOT_A_PROOF; a forged signature is BAD_SIGNATURE', () => {
    assert.throws(() => validateProof(withPost(GENESIS_ID), invalidPostIndexProof(world.atx1, 0, preset.layersPerEpoch)), { code: 'NOT_A_PROOF' });
    const forged = { ...badPostAtx, signature: badPostAtx.signature.slice() };
    forged.signature[5]! ^= 1;
    assert.throws(() => validateProof(withPost(GENESIS_ID), invalidPostIndexProof(forged, 0, preset.layersPerEpoch)), { code: 'BAD_SIGNATURE' });
  });

  it('kind 5: a second ATX on the same previous ATX is refused, and its proof is stored and holds', () => {
    const db = world.freshState();
    const deps = world.handlerDeps(db, 5);
    assert.equal(handleAtx(deps, signAtx(world.atx1.inner, world.signer)).kind, 'accept');
    assert.equal(handleAtx(deps, signAtx(world.atx2.inner, world.signer)).kind, 'accept');
    const verdict = handleAtx(deps, signAtx(samePrevAtx.inner, world.signer));
    assert.equal(verdict.kind === 'reject' && verdict.error.code, 'INVALID_PREV_ATX');
    const stored = getMalfeasance(db, world.signer.publicKey);
    assert.equal(stored?.kind, MalfeasanceKind.INVALID_PREV_ATX);
    const proof = decodeMalfeasanceProof(stored.proof);
    assert.ok(proof.proof.type === MalfeasanceKind.INVALID_PREV_ATX);
    assert.equal(hex(atxIdV1(proof.proof.data.atx1.inner)), hex(atxIdV1(samePrevAtx.inner)), 'Atx1 is the new ATX, as go orders them');
    assert.equal(hex(atxIdV1(proof.proof.data.atx2.inner)), hex(atxIdV1(world.atx2.inner)));
    assert.equal(hex(validateProofBytes(allow(GENESIS_ID), stored.proof).smesherId), hex(world.signer.publicKey));
  });

  it('kind 5: the same ATX twice, different previous ATXs, or an unknown identity prove nothing', () => {
    assert.throws(() => validateProof(allow(GENESIS_ID), invalidPrevAtxProof(world.atx2, world.atx2, 4)), { code: 'NOT_A_PROOF' });
    assert.throws(() => validateProof(allow(GENESIS_ID), invalidPrevAtxProof(world.atx1, world.atx2, 4)), { code: 'NOT_A_PROOF' });
    const unknown: ProofValidationContext = { verifier: new EdVerifier(GENESIS_ID), hasIdentity: () => false };
    assert.throws(() => validateProof(unknown, invalidPrevAtxProof(samePrevAtx, world.atx2, 4)), { code: 'UNKNOWN_IDENTITY' });
  });

  it('the gossip handler judges kind 4 with the network\'s PoST parameters and ignores it without them', () => {
    const db = world.freshState();
    assert.equal(handleAtx(world.handlerDeps(db, 5), signAtx(world.atx1.inner, world.signer)).kind, 'accept');
    const detected = handleAtx(world.handlerDeps(world.freshState(), 5), signAtx(badPostAtx.inner, world.signer));
    const position = detected.kind === 'reject' ? detected.error.meta.position : undefined;
    assert.equal(typeof position, 'number');
    const gossip = encodeMalfeasanceGossip(invalidPostIndexProof(badPostAtx, position as number, preset.layersPerEpoch));
    const base = { db, verifier: new EdVerifier(GENESIS_ID), now: () => 1 };
    assert.equal(handleMalfeasanceGossip(base, gossip).kind, 'ignore');
    assert.equal(getMalfeasance(db, world.signer.publicKey), undefined);
    const verdict = handleMalfeasanceGossip({ ...base, post: { params: preset.post } }, gossip);
    assert.equal(verdict.kind, 'accept');
    assert.equal(getMalfeasance(db, world.signer.publicKey)?.kind, MalfeasanceKind.INVALID_POST_INDEX);
  });
});
