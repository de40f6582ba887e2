/**
 * Proposal input (issue #6 bad input): a valid proposal built by the real builder is accepted and stored; malformed,
 * wrongly signed, wrong-layer, foreign-ATX and forged-eligibility proposals are refused with their reason and
 * leave the database unchanged; a second proposal by one identity in one layer is kept as a malfeasance proof.
 * Real in-memory SQLite with the real migrations.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getMalfeasance, insertAtx } from '../../../core/activation/store.js';
import { EdSigner, EdVerifier } from '../../../core/crypto/ed25519.js';
import { STATE_SCHEMA, openDatabase } from '../../../core/db/database.js';
import { standalone } from '../../../core/params/presets.js';
import { buildActiveSet } from '../../../core/proposals/activeSet.js';
import { buildProposal } from '../../../core/proposals/build.js';
import { computeEligibilities, eligibilitySlots } from '../../../core/proposals/eligibility.js';
import { handleProposal } from '../../../core/proposals/handler.js';
import { listProposalsByLayer } from '../../../core/proposals/store.js';
import { EMPTY_ID20, decodeProposal, encodeProposal } from '../../../core/proposals/wire.js';

const GENESIS = new Uint8Array(20).fill(3);
const BEACON = GENESIS.slice(0, 4);
const EPOCH = 2;

function setup() {
  const db = openDatabase(':memory:', STATE_SCHEMA);
  const signer = new EdSigner(new Uint8Array(32).fill(5), GENESIS);
  const atx = {
    id: new Uint8Array(32).fill(9),
    publishEpoch: EPOCH - 1,
    smesherId: signer.publicKey,
    sequence: 0,
    prevId: new Uint8Array(32),
    positioningId: new Uint8Array(32),
    commitmentId: new Uint8Array(32),
    coinbase: new Uint8Array(24),
    numUnits: 1,
    effectiveNumUnits: 1,
    baseTickHeight: 0,
    tickCount: 40,
    weight: 40,
    vrfNonce: 17,
    receivedMs: 0,
  };
  insertAtx(db, atx, new Uint8Array([1]));
  const set = buildActiveSet(db, EPOCH, 1)!;
  const slots = eligibilitySlots({ weight: 40n, totalWeight: set.totalWeight, layerAvgSize: 50, layersPerEpoch: 10, minActiveSetWeight: 0 });
  const elig = computeEligibilities((a) => signer.vrfProve(a), { beacon: BEACON, epoch: EPOCH, vrfNonce: 17n, slots, layersPerEpoch: 10 });
  const [layer, proofs] = [...elig.byLayer.entries()][0]!;
  const draft = (txIds: Uint8Array[] = []) =>
    buildProposal(signer, {
      layer,
      atxId: atx.id,
      opinionHash: new Uint8Array(32),
      votes: { base: EMPTY_ID20, support: [], against: [], abstain: [] },
      epoch: { data: { activeSetHash: set.id, beacon: BEACON, eligibilityCount: slots } },
      eligibilities: proofs,
      txIds,
      meshHash: new Uint8Array(32),
    });
  const deps = {
    db,
    verifier: new EdVerifier(GENESIS),
    params: { layersPerEpoch: 10, layerAvgSize: 50, minActiveSetWeight: 0, txsPerProposal: standalone.txsPerProposal },
    beaconOf: () => BEACON,
    currentLayer: () => 29,
    now: () => 1,
  };
  return { db, signer, deps, draft, layer, slots };
}

describe('proposal handler', () => {
  it('accepts a valid proposal with 500 slots for a lone identity and stores it', () => {
    const { db, deps, draft, layer, slots } = setup();
    assert.equal(slots, 500);
    const v = handleProposal(deps, encodeProposal(draft().proposal));
    assert.equal(v.kind, 'accept');
    assert.equal(listProposalsByLayer(db, layer).length, 1);
    assert.equal(handleProposal(deps, encodeProposal(draft().proposal)).kind, 'ignore', 'the same bytes again: DUPLICATE');
  });

  it('refuses bad input with a reason and stores nothing', () => {
    const { db, signer, deps, draft, layer } = setup();
    const good = draft().proposal;
    const bytes = encodeProposal(good);
    const mutate = (f: (p: ReturnType<typeof decodeProposal>) => void): Uint8Array => {
      const p = decodeProposal(bytes);
      f(p);
      return encodeProposal(p);
    };
    const other = new EdSigner(new Uint8Array(32).fill(6), GENESIS);
    const cases: [string, Uint8Array, string][] = [
      ['truncated', bytes.subarray(0, bytes.length - 3), 'MALFORMED'],
      ['proposal signature', mutate((p) => p.signature.fill(1)), 'BAD_SIGNATURE'],
      ['ballot signature', mutate((p) => p.inner.ballot.signature.fill(1)), 'BAD_SIGNATURE'],
      ['layer changed', mutate((p) => (p.inner.ballot.inner.layer = layer + 1)), 'BAD_SIGNATURE'],
      ['another smesher', mutate((p) => (p.inner.ballot.smesherId = other.publicKey)), 'BAD_SIGNATURE'],
      ['future layer', encodeProposal(draft().proposal), 'BAD_LAYER'],
    ];
    for (const [name, input, code] of cases) {
      const d = name === 'future layer' ? { ...deps, currentLayer: () => layer - 1 } : deps;
      const v = handleProposal(d, input);
      assert.ok(v.kind !== 'accept', name);
      assert.equal('error' in v ? v.error.code : '', code, name);
    }
    // Forged eligibility, correctly signed: another counter's proof claimed for this layer.
    const forged = buildProposal(signer, { ...decodeDraft(good), eligibilities: [{ j: 499, sig: good.inner.ballot.eligibilityProofs[0]!.sig }] });
    const v = handleProposal(deps, encodeProposal(forged.proposal));
    assert.equal(v.kind !== 'accept' ? v.error.code : '', 'BAD_ELIGIBILITY');
    assert.equal(listProposalsByLayer(db, layer).length, 0, 'nothing stored');
  });

  it('keeps a second proposal in one layer as a MultipleBallots malfeasance proof', () => {
    const { db, signer, deps, draft, layer } = setup();
    assert.equal(handleProposal(deps, encodeProposal(draft().proposal)).kind, 'accept');
    const v = handleProposal(deps, encodeProposal(draft([new Uint8Array(32).fill(1)]).proposal));
    assert.equal(v.kind !== 'accept' ? v.error.code : '', 'EQUIVOCATION');
    assert.equal(getMalfeasance(db, signer.publicKey)?.kind, 2);
    assert.equal(listProposalsByLayer(db, layer).length, 1);
  });
});

function decodeDraft(p: ReturnType<typeof decodeProposal>) {
  const b = p.inner.ballot;
  return {
    layer: b.inner.layer,
    atxId: b.inner.atxId,
    opinionHash: b.inner.opinionHash,
    votes: b.votes,
    epoch: { data: b.inner.epochData! },
    eligibilities: b.eligibilityProofs,
    txIds: p.inner.txIds,
    meshHash: p.inner.meshHash,
  };
}
