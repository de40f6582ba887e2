/**
 * A node that missed the beacon protocol adopts the beacon its peers' reference ballots carry
 * (docs/protocol/beacon.md §7; go-spacemesh `CheckEligibility` → `ReportBeaconFromBallot`): the proposal handler
 * judges a reference ballot of an epoch without a beacon under the beacon the ballot carries and reports it with its
 * weight; once enough eligibilities agree the beacon is known and the same proposal is judged (and stored) again.
 * A ballot whose proofs do not verify under the beacon it claims reports nothing. Real in-memory SQLite.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type BallotBeaconReport, type ReportedReference } from '../../../core/beacon/index.js';
import { BallotBeacons } from '../../../core/beacon/fromBallots.js';
import { buildProposal } from '../../../core/proposals/build.js';
import { handleProposal } from '../../../core/proposals/handler.js';
import { getProposal } from '../../../core/proposals/store.js';
import { decodeProposal, encodeProposal } from '../../../core/proposals/wire.js';
import { bytesToHex } from '../../../core/util/bytes.js';
import { computeEligibilities } from '../../../core/proposals/eligibility.js';
import { EMPTY_ID20 } from '../../../core/proposals/wire.js';
import { BEACON, EPOCH, draftOf, proposalWorld } from '../proposals/fixture.js';

function adopting(syncWeightUnits: number): {
  beaconOf: (e: number) => Uint8Array | null;
  reportBeacon: (r: BallotBeaconReport) => void;
  reportedReference: (id: Uint8Array) => ReportedReference | undefined;
  reports: BallotBeaconReport[];
} {
  const tally = new BallotBeacons(syncWeightUnits);
  const known = new Map<number, Uint8Array>();
  const reports: BallotBeaconReport[] = [];
  return {
    reports,
    reportedReference: (id) => tally.reference(id),
    beaconOf: (e) => known.get(e) ?? null,
    reportBeacon(r) {
      reports.push(r);
      tally.record(r);
      const agreed = tally.decide(r.epoch);
      if (agreed !== null && !known.has(r.epoch)) known.set(r.epoch, agreed);
    },
  };
}

describe('beacon adoption from reference ballots', () => {
  it('reports a valid reference ballot, adopts its beacon at the threshold and then stores the proposal', () => {
    const w = proposalWorld();
    const a = adopting(1);
    const p = w.draft();
    const v = handleProposal({ ...w.deps, beaconOf: a.beaconOf, reportBeacon: a.reportBeacon }, encodeProposal(p.proposal));
    assert.equal(v.kind, 'accept');
    assert.equal(a.reports.length, 1);
    const r = a.reports[0]!;
    assert.equal(r.epoch, EPOCH);
    assert.equal(bytesToHex(r.beacon), bytesToHex(BEACON));
    assert.equal(r.atxWeight, 40n);
    assert.equal(r.eligibilityCount, w.slots);
    assert.equal(r.eligibilities, p.proposal.inner.ballot.eligibilityProofs.length);
    assert.equal(bytesToHex(a.beaconOf(EPOCH)!), bytesToHex(BEACON));
    assert.ok(getProposal(w.db, p.id) !== undefined);
  });

  it('below the sync weight it reports but ignores the proposal (NO_BEACON) and stores nothing', () => {
    const w = proposalWorld();
    const a = adopting(10_000);
    const p = w.draft();
    const v = handleProposal({ ...w.deps, beaconOf: a.beaconOf, reportBeacon: a.reportBeacon }, encodeProposal(p.proposal));
    assert.equal(v.kind === 'ignore' && v.error.code, 'NO_BEACON');
    assert.equal(a.reports.length, 1);
    assert.equal(a.beaconOf(EPOCH), null);
    assert.equal(getProposal(w.db, p.id), undefined);
  });

  it("counts an identity's later ballot with its reference ballot's beacon (go validateSecondary)", () => {
    const w = proposalWorld({ layerAvgSize: 5 });
    const all = computeEligibilities((x) => w.signer.vrfProve(x), { beacon: BEACON, epoch: EPOCH, vrfNonce: 17n, slots: w.slots, layersPerEpoch: 10 });
    const [[l1, p1], [l2, p2]] = [...all.byLayer.entries()].sort((x, y) => x[0] - y[0]) as [[number, never[]], [number, never[]]];
    const common = { atxId: w.atxId, opinionHash: new Uint8Array(32), votes: { base: EMPTY_ID20, support: [], against: [], abstain: [] }, txIds: [], meshHash: new Uint8Array(32) };
    const reference = buildProposal(w.signer, { ...common, layer: l1, epoch: { data: { activeSetHash: w.set.id, beacon: BEACON, eligibilityCount: w.slots } }, eligibilities: p1 });
    const later = buildProposal(w.signer, { ...common, layer: l2, epoch: { refBallot: reference.ballotId }, eligibilities: p2 });
    // The reference alone is short of the sync weight; with the later ballot's proofs it is reached.
    const a = adopting(p1.length + p2.length);
    const deps = { ...w.deps, beaconOf: a.beaconOf, reportBeacon: a.reportBeacon, reportedReference: a.reportedReference };
    assert.equal(handleProposal(deps, encodeProposal(reference.proposal)).kind, 'ignore');
    assert.equal(a.beaconOf(EPOCH), null);
    handleProposal(deps, encodeProposal(later.proposal));
    assert.equal(a.reports.length, 2);
    assert.equal(a.reports[1]!.eligibilities, p2.length);
    assert.equal(a.reports[1]!.reference, undefined);
    assert.equal(bytesToHex(a.beaconOf(EPOCH)!), bytesToHex(BEACON));
  });

  it('a ballot whose eligibility proofs do not verify under the beacon it claims reports nothing', () => {
    const w = proposalWorld();
    const a = adopting(1);
    const honest = decodeProposal(encodeProposal(w.draft().proposal));
    const draft = draftOf(honest);
    const data = draft.epoch as { data: { activeSetHash: Uint8Array; beacon: Uint8Array; eligibilityCount: number } };
    const lying = buildProposal(w.signer, { ...draft, epoch: { data: { ...data.data, beacon: Uint8Array.of(9, 9, 9, 9) } } });
    const v = handleProposal({ ...w.deps, beaconOf: a.beaconOf, reportBeacon: a.reportBeacon }, encodeProposal(lying.proposal));
    assert.equal(v.kind === 'ignore' && v.error.code, 'NO_BEACON');
    assert.equal(a.reports.length, 0);
    assert.equal(a.beaconOf(EPOCH), null);
  });
});
