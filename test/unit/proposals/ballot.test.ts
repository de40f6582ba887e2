/**
 * Reference ballots fetched on their own: a node that missed an identity's reference ballot cannot validate that
 * identity's later ballots of the epoch (they name it instead of repeating the epoch data); once the ballot is
 * fetched and accepted by `handleBallot`, they validate. Only reference ballots are taken this way; bad ones are
 * refused and store nothing. Real in-memory SQLite with the real migrations.
 * @module
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { encode } from '../../../core/codec/index.js';
import { type BuiltProposal, buildProposal } from '../../../core/proposals/build.js';
import { computeEligibilities } from '../../../core/proposals/eligibility.js';
import { handleBallot, handleProposal } from '../../../core/proposals/handler.js';
import { getBallot, getKnownBallot } from '../../../core/proposals/store.js';
import { Ballot, EMPTY_ID20, encodeProposal } from '../../../core/proposals/wire.js';
import { BEACON, EPOCH, type ProposalWorld, proposalWorld } from './fixture.js';

/** Small layers: 50 slots, so the identity is eligible in several layers of the epoch. */
const LAYER_AVG_SIZE = 5;

let reference: BuiltProposal;
let later: BuiltProposal;

function world(): ProposalWorld {
  return proposalWorld({ layerAvgSize: LAYER_AVG_SIZE });
}

before(() => {
  const w = world();
  const all = computeEligibilities((a) => w.signer.vrfProve(a), { beacon: BEACON, epoch: EPOCH, vrfNonce: 17n, slots: w.slots, layersPerEpoch: 10 });
  const [[firstLayer, firstProofs], [secondLayer, secondProofs]] = [...all.byLayer.entries()].sort((a, b) => a[0] - b[0]) as [[number, never[]], [number, never[]]];
  const common = { atxId: w.atxId, opinionHash: new Uint8Array(32), votes: { base: EMPTY_ID20, support: [], against: [], abstain: [] }, txIds: [], meshHash: new Uint8Array(32) };
  reference = buildProposal(w.signer, { ...common, layer: firstLayer, epoch: { data: { activeSetHash: w.set.id, beacon: BEACON, eligibilityCount: w.slots } }, eligibilities: firstProofs });
  later = buildProposal(w.signer, { ...common, layer: secondLayer, epoch: { refBallot: reference.ballotId }, eligibilities: secondProofs });
});

const ballotBytes = (p: BuiltProposal): Uint8Array => encode(Ballot, p.proposal.inner.ballot);

describe('reference ballots fetched on their own', () => {
  it("make the identity's later ballots of the epoch valid on a node that missed the proposal", () => {
    const { db, deps } = world();
    const missed = handleProposal(deps, encodeProposal(later.proposal));
    assert.equal(missed.kind, 'ignore');
    assert.equal(missed.kind === 'ignore' && missed.error.code, 'UNKNOWN_REF_BALLOT');

    const v = handleBallot(deps, ballotBytes(reference));
    assert.equal(v.kind, 'accept');
    const stored = getBallot(db, reference.ballotId)!;
    assert.deepEqual(stored.refBallot, reference.ballotId);
    assert.equal(stored.eligibilityCount, 50);
    assert.ok(getKnownBallot(db, reference.ballotId));

    assert.equal(handleProposal(deps, encodeProposal(later.proposal)).kind, 'accept');
    assert.equal(handleBallot(deps, ballotBytes(reference)).kind, 'ignore', 'the same ballot again: DUPLICATE');
  });

  it('refuses a ballot that is not a reference ballot, or is not valid, and stores nothing', () => {
    const { db, deps } = world();
    assert.equal(handleBallot(deps, ballotBytes(reference)).kind, 'accept');
    const notReference = handleBallot(deps, ballotBytes(later));
    assert.equal(notReference.kind, 'reject');
    assert.equal(getBallot(db, later.ballotId), undefined);

    const fresh = world();
    const forged = ballotBytes(reference).slice();
    forged[forged.length - 40] = forged[forged.length - 40]! ^ 1;
    const v = handleBallot(fresh.deps, forged);
    assert.notEqual(v.kind, 'accept');
    assert.equal(handleBallot(fresh.deps, new Uint8Array([1, 2, 3])).kind, 'reject');
    assert.equal(getBallot(fresh.db, reference.ballotId), undefined);
  });

  it('is not taken when the ballot is known already inside a proposal', () => {
    const { deps } = world();
    assert.equal(handleProposal(deps, encodeProposal(reference.proposal)).kind, 'accept');
    assert.equal(handleBallot(deps, ballotBytes(reference)).kind, 'ignore');
  });
});
