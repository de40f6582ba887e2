/**
 * Proposal input (issue #6 bad input): a valid proposal built by the real builder is accepted and stored; malformed,
 * wrongly signed, wrong-layer, foreign-ATX and forged-eligibility proposals are refused with their reason and
 * leave the database unchanged; a second proposal by one identity in one layer is kept as a malfeasance proof; a
 * proposal is stored only once every transaction it lists is (go-spacemesh `checkTransactions`).
 * Real in-memory SQLite with the real migrations.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getMalfeasance } from '../../../core/activation/store.js';
import { EdSigner } from '../../../core/crypto/ed25519.js';
import { buildProposal } from '../../../core/proposals/build.js';
import { handleProposal } from '../../../core/proposals/handler.js';
import { listProposalsByLayer } from '../../../core/proposals/store.js';
import { decodeProposal, encodeProposal } from '../../../core/proposals/wire.js';
import { insertTransaction } from '../../../core/vm/txStore.js';
import { GENESIS, draftOf, proposalWorld as setup } from './fixture.js';

describe('proposal handler', () => {
  it('accepts a valid proposal with 500 slots for a lone identity and stores it', () => {
    const { db, deps, draft, layer, slots } = setup();
    assert.equal(slots, 500);
    const v = handleProposal(deps, encodeProposal(draft().proposal));
    assert.equal(v.kind, 'accept');
    assert.equal(listProposalsByLayer(db, layer).length, 1);
    assert.equal(handleProposal(deps, encodeProposal(draft().proposal)).kind, 'ignore', 'the same bytes again: DUPLICATE');
  });

  it("accepts a ballot whose epoch declares another beacon than this node's, judged by the declared one, and marks it (go's CheckEligibility)", () => {
    const { db, deps, draft, layer } = setup();
    const local = Uint8Array.of(9, 9, 9, 9);
    const cut = { ...deps, beaconOf: () => local };
    const v = handleProposal(cut, encodeProposal(draft().proposal));
    assert.equal(v.kind, 'accept');
    assert.equal(v.kind === 'accept' && v.value.badBeacon, true, 'marked: the tortoise delays it, the hare leaves it out');
    assert.equal(listProposalsByLayer(db, layer).length, 1);
    // Claiming this node's beacon with proofs made for another is no eligibility at all.
    const { deps: deps2, draft: draft2 } = setup();
    const lying = draftOf(decodeProposal(encodeProposal(draft2().proposal)));
    const relabelled = buildProposal(new EdSigner(new Uint8Array(32).fill(5), GENESIS), { ...lying, epoch: { data: { ...(lying.epoch as { data: { activeSetHash: Uint8Array; beacon: Uint8Array; eligibilityCount: number } }).data, beacon: local } } });
    const refused = handleProposal({ ...deps2, beaconOf: () => local }, encodeProposal(relabelled.proposal));
    assert.equal(refused.kind === 'reject' && refused.error.code, 'BAD_ELIGIBILITY');
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
    const forged = buildProposal(signer, { ...draftOf(good), eligibilities: [{ j: 499, sig: good.inner.ballot.eligibilityProofs[0]!.sig }] });
    const v = handleProposal(deps, encodeProposal(forged.proposal));
    assert.equal(v.kind !== 'accept' ? v.error.code : '', 'BAD_ELIGIBILITY');
    assert.equal(listProposalsByLayer(db, layer).length, 0, 'nothing stored');
  });

  it('keeps a second ballot in one layer as a MultipleBallots malfeasance proof', () => {
    const { db, signer, deps, draft, layer } = setup();
    const first = draft().proposal;
    assert.equal(handleProposal(deps, encodeProposal(first)).kind, 'accept');
    const other = buildProposal(signer, { ...draftOf(first), opinionHash: new Uint8Array(32).fill(1) }).proposal;
    const v = handleProposal(deps, encodeProposal(other));
    assert.equal(v.kind !== 'accept' ? v.error.code : '', 'EQUIVOCATION');
    assert.equal(getMalfeasance(db, signer.publicKey)?.kind, 2);
    assert.equal(listProposalsByLayer(db, layer).length, 1);
  });

  it('refuses a second proposal around the same ballot, but keeps no proof: one ballot proves nothing', () => {
    const { db, signer, deps, draft, layer } = setup();
    assert.equal(handleProposal(deps, encodeProposal(draft().proposal)).kind, 'accept');
    const v = handleProposal(deps, encodeProposal(draft([new Uint8Array(32).fill(1)]).proposal));
    assert.equal(v.kind !== 'accept' ? v.error.code : '', 'EQUIVOCATION');
    assert.equal(getMalfeasance(db, signer.publicKey), undefined);
    assert.equal(listProposalsByLayer(db, layer).length, 1);
  });

  it('stores a proposal only once its transactions are stored; one listing a transaction twice is invalid (go checkTransactions)', () => {
    const { db, deps, draft, layer } = setup();
    const tx = new Uint8Array(32).fill(7);
    const v = handleProposal(deps, encodeProposal(draft([tx]).proposal));
    assert.ok(v.kind === 'ignore' && v.error.code === 'UNKNOWN_TX', v.kind);
    assert.equal(listProposalsByLayer(db, layer).length, 0, 'not stored: a block could not be built from it');
    const twice = handleProposal(deps, encodeProposal(draft([tx, tx]).proposal));
    assert.ok(twice.kind === 'reject' && twice.error.code === 'DUPLICATE_TX', twice.kind);
    insertTransaction(db, { id: tx, raw: new Uint8Array([1]), principal: new Uint8Array(24), nonce: 0n, receivedMs: 0 }, []);
    assert.equal(handleProposal(deps, encodeProposal(draft([tx]).proposal)).kind, 'accept');
    assert.equal(listProposalsByLayer(db, layer).length, 1);
  });
});
