/**
 * The beacon's arithmetic (docs/protocol/beacon.md §3, §7): margins against ⌊θ · W⌋, the weak coin deciding the
 * undecided, little-endian proof order and the coin bit, the two thresholds and proposal categories by timing, and
 * the adoption of a beacon from reference ballots (weight-majority, else plurality, once enough eligibilities).
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BallotBeacons } from '../../../core/beacon/fromBallots.js';
import { calcVotes, compareVrfLE, tallyUndecided, votingThreshold, weakCoinBit } from '../../../core/beacon/logic.js';
import { EpochProtocol } from '../../../core/beacon/protocol.js';
import { atxThreshold } from '../../../core/beacon/threshold.js';
import { EdVerifier } from '../../../core/crypto/ed25519.js';
import { hexToBytes } from '../../../core/util/bytes.js';
import { BeaconDriver } from '../../../core/beacon/driver.js';
import { STATE_SCHEMA, openDatabase } from '../../../core/db/database.js';
import { getBeacon } from '../../../core/beacon/store.js';
import { FakeClock } from '../../../core/util/clock.js';
import { nullLogger } from '../../../core/util/logger.js';
import { EPOCH_START, GENESIS, PARAMS, TIMING, miner, signer } from './harness.js';

const THETA = { num: 1, den: 4 };

describe('beacon votes', () => {
  it('supports at ⌊W/4⌋, opposes at −⌊W/4⌋, leaves the rest to the coin', () => {
    assert.equal(votingThreshold(THETA, 1003n), 250n);
    const margins = new Map([
      ['aa', 250n],
      ['bb', -250n],
      ['cc', 249n],
      ['dd', -249n],
      ['ee', 0n],
    ]);
    const { votes, undecided } = calcVotes(margins, 250n);
    assert.deepEqual([...votes.support], ['aa']);
    assert.deepEqual([...votes.against], ['bb']);
    assert.deepEqual(undecided.sort(), ['cc', 'dd', 'ee']);
    assert.deepEqual([...tallyUndecided(votes, undecided, true).support].sort(), ['aa', 'cc', 'dd', 'ee']);
    assert.deepEqual([...tallyUndecided(votes, undecided, false).against].sort(), ['bb', 'cc', 'dd', 'ee']);
  });

  it('orders weak coin proofs little-endian and takes the lowest bit of byte 0', () => {
    const a = hexToBytes('ff0001');
    const b = hexToBytes('000002');
    assert.equal(compareVrfLE(a, b), -1, 'the last byte weighs most');
    assert.equal(compareVrfLE(b, a), 1);
    assert.equal(compareVrfLE(a, a), 0);
    assert.equal(weakCoinBit(a), true);
    assert.equal(weakCoinBit(b), false);
  });
});

describe('beacon proposals', () => {
  it('classifies by ATX and proposal delay against the strict and loose thresholds', () => {
    const s = [signer(1), signer(2), signer(3)];
    // Two ATXs well before the epoch, one inside the grace period before it.
    const miners = [miner(s[0]!, 1n), miner(s[1]!, 1n), miner(s[2]!, 1n, 1, { receivedMs: EPOCH_START - 1 })];
    const p = new EpochProtocol({ epoch: 2, epochStartMs: EPOCH_START, miners, config: { kappa: 40, q: { num: 1, den: 3 }, theta: THETA, gracePeriodMs: 2_000, votesLimit: 100, rounds: 3 }, verifier: new EdVerifier(GENESIS), vrfVerify: () => null });
    const strict = atxThreshold(40, { num: 1, den: 3 }, 3);
    const loose = atxThreshold(40, { num: 1, den: 3 }, 2);
    assert.ok(loose > strict);
    const proof = (v: bigint): Uint8Array => hexToBytes(v.toString(16).padStart(160, '0'));
    assert.equal(p.classify(proof(strict - 1n), EPOCH_START - 10, EPOCH_START), 'valid');
    assert.equal(p.classify(proof(strict), EPOCH_START - 10, EPOCH_START), 'potentiallyValid');
    assert.equal(p.classify(proof(loose), EPOCH_START - 10, EPOCH_START), 'invalid');
    assert.equal(p.classify(proof(1n), EPOCH_START + 1, EPOCH_START), 'potentiallyValid', 'ATX after the epoch start');
    assert.equal(p.classify(proof(1n), EPOCH_START + 2_001, EPOCH_START), 'invalid', 'ATX beyond the grace period');
    p.endProposalPhase(EPOCH_START + 2_000);
    assert.equal(p.classify(proof(1n), EPOCH_START - 10, EPOCH_START + 2_001), 'potentiallyValid', 'proposal after the phase');
    assert.equal(p.classify(proof(1n), EPOCH_START - 10, EPOCH_START + 4_001), 'invalid', 'proposal beyond the grace period');
    assert.equal(p.epochWeight, 3n);
  });
});

describe('beacon epoch state', () => {
  it('takes an identity whose ATX came after the state was made (go OnAtx), keeping the epoch weight', () => {
    const [x, late] = [signer(1), signer(2)];
    const lateMiner = miner(late, 50n);
    const p = new EpochProtocol({
      epoch: 2,
      epochStartMs: EPOCH_START,
      miners: [miner(x, 10n)],
      config: { kappa: 40, q: { num: 1, den: 3 }, theta: THETA, gracePeriodMs: 2_000, votesLimit: 100, rounds: 3 },
      verifier: new EdVerifier(GENESIS),
      vrfVerify: () => null,
      lateMiner: (id) => (id[0] === late.publicKey[0] ? lateMiner : undefined),
    });
    assert.equal(p.miner(late.publicKey), lateMiner);
    assert.equal(p.miner(signer(3).publicKey), undefined);
    assert.equal(p.epochWeight, 10n);
  });
});

describe('beacon from ballots', () => {
  const report = (id: number, beacon: string, eligibilities: number, atxWeight = 100n, eligibilityCount = 10) => ({
    epoch: 5,
    ballotId: new Uint8Array(20).fill(id),
    beacon: hexToBytes(beacon),
    atxWeight,
    eligibilityCount,
    eligibilities,
  });

  it('decides once enough eligibilities are seen: by weight majority, else plurality; a ballot counts once', () => {
    const t = new BallotBeacons(10);
    t.record(report(1, '01010101', 6));
    assert.equal(t.decide(5), null, '6 of 10 units');
    t.record(report(1, '01010101', 6));
    assert.equal(t.decide(5), null, 'the same ballot again counts nothing');
    t.record(report(2, '02020202', 4, 400n));
    // 60 + 160: 02020202 holds 160 of 220, a majority.
    assert.deepEqual(t.decide(5), hexToBytes('02020202'));
    const p = new BallotBeacons(3);
    p.record(report(1, 'aaaaaaaa', 1));
    p.record(report(2, 'bbbbbbbb', 1));
    p.record(report(3, 'cccccccc', 1, 150n));
    assert.deepEqual(p.decide(5), hexToBytes('cccccccc'), 'plurality without a majority');
  });

  it('a driver without a beacon adopts and stores it; one with a beacon keeps its own', () => {
    const state = openDatabase(':memory:', STATE_SCHEMA);
    const d = new BeaconDriver({ clock: new FakeClock(0), timing: TIMING, params: PARAMS, genesisId: GENESIS, state, verifier: new EdVerifier(GENESIS), logger: nullLogger, miners: () => [], participants: () => [], publish: () => undefined });
    for (let i = 0; i < 9; i++) d.reportBeaconFromBallot(report(i, '0a0b0c0d', 1));
    assert.equal(d.beaconOf(5), null);
    d.reportBeaconFromBallot(report(9, '0a0b0c0d', 1));
    assert.deepEqual(d.beaconOf(5), hexToBytes('0a0b0c0d'));
    assert.deepEqual(getBeacon(state, 5), { beacon: hexToBytes('0a0b0c0d'), source: 'ballots' });
    for (let i = 10; i < 40; i++) d.reportBeaconFromBallot(report(i, 'ffffffff', 1));
    assert.deepEqual(d.beaconOf(5), hexToBytes('0a0b0c0d'));
    d.updateBeacon(5, hexToBytes('12345678'));
    assert.deepEqual(getBeacon(state, 5), { beacon: hexToBytes('12345678'), source: 'fallback' });
  });
});
