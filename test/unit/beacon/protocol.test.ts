/**
 * The beacon protocol among nodes on one FakeClock (docs/protocol/beacon.md §3–§6): every node computes the same
 * beacon, which is blake3 over the supported proposals; messages from unknown identities, forged signatures and VRFs
 * and proposals above the threshold are rejected with a reason, duplicates ignored; the first epochs use the
 * bootstrap value; a protocol without a weak coin ends without a beacon; the result survives a restart (state.sql); a
 * proposal whose sender's ATX arrives during the proposal phase counts from the time it came.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { beaconFromProposals, proposalKey } from '../../../core/beacon/logic.js';
import { getBeacon } from '../../../core/beacon/store.js';
import { BEACON_Q, BEACON_THETA, BeaconDriver } from '../../../core/beacon/driver.js';
import { EpochProtocol } from '../../../core/beacon/protocol.js';
import { decodeProposalMessage, encodeFirstVotingMessage, encodeProposalMessage, encodeWeakCoinMessage, decodeFirstVotingMessage, proposalVrfMessage } from '../../../core/beacon/wire.js';
import { vrfVerify } from '../../../core/crypto/ecvrf.js';
import { EdVerifier } from '../../../core/crypto/ed25519.js';
import { bytesToHex } from '../../../core/util/bytes.js';
import { FakeClock } from '../../../core/util/clock.js';
import { nullLogger } from '../../../core/util/logger.js';
import { EPOCH, EPOCH_START, GENESIS, PARAMS, TIMING, deliver, miner, network, runEpoch, signer } from './harness.js';

const A = signer(1);
const B = signer(2);
const C = signer(3);
const D = signer(4);
const STRANGER = signer(99);
const MINERS = [miner(A, 100n, 1), miner(B, 100n, 1), miner(C, 200n, 2), miner(D, 400n, 4)];

function errorCodes(node: { verdicts: Array<{ verdict: { kind: string; error?: { code: string } } }> }, kind: string): string[] {
  return node.verdicts.flatMap((v) => (v.verdict.kind === kind ? [v.verdict.error!.code] : []));
}

describe('beacon protocol', () => {
  it('four nodes compute one beacon: blake3 over the proposals all of them supported', async () => {
    const clock = new FakeClock(EPOCH_START - 5_000);
    const nodes = network(clock, MINERS, [[A], [B], [C], [D]]);
    assert.equal(nodes[0]!.driver.beaconOf(EPOCH + 1), null);
    await runEpoch(clock, nodes);
    const beacons = nodes.map((n) => n.driver.beaconOf(EPOCH + 1));
    assert.ok(beacons[0] !== null);
    for (const b of beacons) assert.equal(bytesToHex(b!), bytesToHex(beacons[0]!));
    // With four identities nearly every proof passes (threshold 1 − 2^−15): every proposal sent was valid everywhere
    // and supported, so the beacon is the hash of all of them.
    const proposals = nodes.flatMap((n) => n.sent.filter((s) => s.kind === 'proposal').map((s) => proposalKey(decodeProposalMessage(s.bytes).vrfSignature.subarray(0, 4))));
    assert.ok(proposals.length >= 3, `${proposals.length} proposals`);
    assert.equal(bytesToHex(beacons[0]!), bytesToHex(beaconFromProposals(proposals)));
    // Stored with its origin: a restarted node knows it.
    assert.deepEqual(getBeacon(nodes[2]!.state, EPOCH + 1), { beacon: beacons[2], source: 'protocol' });
    const reopened = new BeaconDriver({ clock, timing: TIMING, params: PARAMS, genesisId: GENESIS, state: nodes[2]!.state, verifier: new EdVerifier(GENESIS), logger: nullLogger, miners: () => [], participants: () => [], publish: () => undefined });
    assert.equal(bytesToHex(reopened.beaconOf(EPOCH + 1)!), bytesToHex(beacons[0]!));
    // Each identity sent one proposal, one first vote, and a following vote per following round.
    for (const n of nodes) {
      assert.equal(n.sent.filter((s) => s.kind === 'firstVotes').length, 1);
      assert.equal(n.sent.filter((s) => s.kind === 'followingVotes').length, PARAMS.rounds - 1);
    }
    for (const n of nodes) assert.deepEqual(errorCodes(n, 'reject'), []);
  });

  it('uses GenesisID[0:4] up to the first epoch after effective genesis, and runs nothing in the genesis epochs', async () => {
    const clock = new FakeClock(0);
    const [n] = network(clock, MINERS, [[A]]);
    for (const e of [0, 1, 2]) assert.equal(bytesToHex(n!.driver.beaconOf(e)!), bytesToHex(GENESIS.subarray(0, 4)));
    assert.equal(n!.driver.beaconOf(3), null);
    await n!.driver.onLayer(4, new AbortController().signal);
    assert.equal(n!.sent.length, 0);
  });

  it('a node that misses the weak coin of a round ends without a beacon (go: no coin, no result)', async () => {
    const clock = new FakeClock(EPOCH_START - 5_000);
    // Node 0 hears no weak coin from anyone and runs no identity, so it has no coin of its own.
    const nodes = network(clock, MINERS, [[], [A], [B, C, D]], { drop: (_f, to, kind) => to === 0 && kind === 'weakCoin' });
    await runEpoch(clock, nodes);
    assert.equal(nodes[0]!.driver.beaconOf(EPOCH + 1), null);
    assert.ok(nodes[1]!.driver.beaconOf(EPOCH + 1) !== null);
  });

  it('rejects messages from unknown identities, forged VRFs and signatures; ignores duplicates and other epochs', async () => {
    const clock = new FakeClock(EPOCH_START - 5_000);
    const nodes = network(clock, MINERS, [[A], [B]]);
    const [n] = nodes;
    await clock.advanceTo(EPOCH_START);
    const runs = nodes.map((x) => x.driver.onLayer(EPOCH * 4, new AbortController().signal));
    const own = n!.sent.find((s) => s.kind === 'proposal')!.bytes;
    const m = decodeProposalMessage(own);
    // The same proposal again: ignored, not rejected.
    assert.equal(deliver(nodes[1]!, 'proposal', own).kind, 'ignore');
    // A proposal from an identity with no ATX in the epoch here: ignored, not scored down (the ATX may not have
    // reached this node yet, as after a partition heals).
    const stranger = encodeProposalMessage({ epoch: EPOCH, nodeId: STRANGER.publicKey, vrfSignature: m.vrfSignature });
    const v1 = deliver(nodes[1]!, 'proposal', stranger);
    assert.equal(v1.kind === 'ignore' && v1.error.code, 'UNKNOWN_IDENTITY');
    // C is a miner but did not make this VRF proof.
    const forged = encodeProposalMessage({ epoch: EPOCH, nodeId: C.publicKey, vrfSignature: m.vrfSignature });
    const v2 = deliver(nodes[1]!, 'proposal', forged);
    assert.equal(v2.kind === 'reject' && v2.error.code, 'BAD_VRF');
    const v3 = deliver(nodes[1]!, 'proposal', Uint8Array.of(1, 2, 3));
    assert.equal(v3.kind === 'reject' && v3.error.code, 'MALFORMED');
    const v4 = deliver(nodes[1]!, 'proposal', encodeProposalMessage({ ...m, epoch: EPOCH + 5 }));
    assert.equal(v4.kind === 'ignore' && v4.error.code, 'WRONG_EPOCH');
    // First votes: a forged signature, and a stranger's correctly signed votes.
    await clock.advanceTo(EPOCH_START + PARAMS.proposalDurationMs + 1);
    const votes = decodeFirstVotingMessage(n!.sent.find((s) => s.kind === 'firstVotes')!.bytes);
    const badSig = encodeFirstVotingMessage({ ...votes, smesherId: C.publicKey });
    const v5 = deliver(nodes[1]!, 'firstVotes', badSig);
    assert.equal(v5.kind === 'reject' && v5.error.code, 'BAD_SIGNATURE');
    const strangerVotes = encodeFirstVotingMessage({ body: votes.body, smesherId: STRANGER.publicKey, signature: STRANGER.sign(10, (await import('../../../core/beacon/wire.js')).firstVotingSignedBytes(votes.body)) });
    const v6 = deliver(nodes[1]!, 'firstVotes', strangerVotes);
    assert.equal(v6.kind === 'ignore' && v6.error.code, 'UNKNOWN_IDENTITY');
    const v7 = deliver(nodes[1]!, 'firstVotes', encodeFirstVotingMessage(votes));
    assert.equal(v7.kind === 'ignore' && v7.error.code, 'DUPLICATE');
    // A weak coin from a unit beyond A's allowance (A has one unit).
    await clock.advanceTo(EPOCH_START + PARAMS.proposalDurationMs + PARAMS.firstVotingRoundMs + PARAMS.votingRoundMs + 1);
    const { weakCoinVrfMessage } = await import('../../../core/beacon/wire.js');
    const beyond = encodeWeakCoinMessage({ epoch: EPOCH, round: 1, unit: 1, nodeId: A.publicKey, vrfSignature: A.vrfProve(weakCoinVrfMessage(EPOCH, 7n, 1, 1)) });
    const v8 = deliver(nodes[1]!, 'weakCoin', beyond);
    assert.equal(v8.kind === 'reject' && v8.error.code, 'NOT_ELIGIBLE');
    // A weak coin from an identity with no ATX here: ignored like its proposal and votes, not scored down.
    const strangerCoin = encodeWeakCoinMessage({ epoch: EPOCH, round: 1, unit: 0, nodeId: STRANGER.publicKey, vrfSignature: STRANGER.vrfProve(weakCoinVrfMessage(EPOCH, 7n, 1, 0)) });
    const v9 = deliver(nodes[1]!, 'weakCoin', strangerCoin);
    assert.equal(v9.kind === 'ignore' && v9.error.code, 'UNKNOWN_IDENTITY');
    await clock.advanceTo(EPOCH_START + 60_000);
    await Promise.all(runs);
    assert.equal(bytesToHex(nodes[0]!.driver.beaconOf(EPOCH + 1)!), bytesToHex(nodes[1]!.driver.beaconOf(EPOCH + 1)!));
  });

  it('a node whose epoch tick comes late (past the proposal phase) still takes part and agrees; one past the first vote waits', async () => {
    const clock = new FakeClock(EPOCH_START - 5_000);
    const nodes = network(clock, MINERS, [[A], [B], [C], [D]]);
    await clock.advanceTo(EPOCH_START);
    const runs = nodes.slice(0, 3).map((n) => n.driver.onLayer(EPOCH * 4, new AbortController().signal));
    await clock.advanceTo(EPOCH_START + PARAMS.proposalDurationMs + 1_000);
    runs.push(nodes[3]!.driver.onLayer(EPOCH * 4, new AbortController().signal));
    await clock.advanceTo(EPOCH_START + 60_000);
    await Promise.all(runs);
    const beacons = nodes.map((n) => bytesToHex(n.driver.beaconOf(EPOCH + 1)!));
    assert.deepEqual(beacons, beacons.map(() => beacons[0]));
    assert.equal(nodes[3]!.sent.filter((x) => x.kind === 'firstVotes').length, 1);

    const clock2 = new FakeClock(EPOCH_START - 5_000);
    const [late] = network(clock2, MINERS, [[A]]);
    await clock2.advanceTo(EPOCH_START + PARAMS.proposalDurationMs + PARAMS.firstVotingRoundMs);
    await late!.driver.onLayer(EPOCH * 4 + 1, new AbortController().signal);
    assert.equal(late!.sent.length, 0);
  });

  it('a proposal that came before its sender\'s ATX counts once the ATX is here by the end of the proposal phase', () => {
    // This node lacks B's ATX when B's proposal comes (it was down when the ATX was gossiped); sync fetches it half a
    // second into the epoch. STRANGER's ATX never comes.
    let bArrived = false;
    const late = miner(B, 100n, 1, { receivedMs: EPOCH_START + 500 });
    const p = new EpochProtocol({
      epoch: EPOCH,
      epochStartMs: EPOCH_START,
      miners: [miner(A, 100n), miner(C, 100n)],
      config: { kappa: PARAMS.kappa, q: BEACON_Q, theta: BEACON_THETA, gracePeriodMs: PARAMS.gracePeriodMs, votesLimit: PARAMS.votesLimit, rounds: PARAMS.rounds },
      verifier: new EdVerifier(GENESIS),
      vrfVerify,
      lateMiner: (id) => (bArrived && bytesToHex(id) === bytesToHex(B.publicKey) ? late : undefined),
    });
    const proposalOf = (s: typeof A) => encodeProposalMessage({ epoch: EPOCH, nodeId: s.publicKey, vrfSignature: s.vrfProve(proposalVrfMessage(EPOCH, 7n)) });
    const fromB = proposalOf(B);
    const v = p.onProposal(fromB, EPOCH_START + 100);
    assert.equal(v.kind === 'ignore' && v.error.code, 'UNKNOWN_IDENTITY');
    assert.equal(p.onProposal(proposalOf(STRANGER), EPOCH_START + 200).kind, 'ignore');
    assert.equal(p.onProposal(proposalOf(A), EPOCH_START + 300).kind, 'accept');
    bArrived = true;
    p.endProposalPhase(EPOCH_START + PARAMS.proposalDurationMs);
    assert.equal(p.retryPending(), 1, "B's proposal counts; the stranger's is dropped");
    const body = p.firstVotingBody();
    const keyOf = (bytes: Uint8Array) => bytesToHex(decodeProposalMessage(bytes).vrfSignature.subarray(0, 4));
    // B's ATX came after the epoch began (within the grace period): its proposal is potentially valid, as for a node
    // that received that ATX late by gossip.
    assert.deepEqual(body.valid.map(bytesToHex), [keyOf(proposalOf(A))]);
    assert.deepEqual(body.potentiallyValid.map(bytesToHex), [keyOf(fromB)]);
    assert.equal(p.retryPending(), 0, 'each is retried once');
  });

  it('a malicious identity votes with no weight and its proposal is at most potentially valid', async () => {
    const clock = new FakeClock(EPOCH_START - 5_000);
    const miners = [miner(A, 100n), miner(B, 100n), miner(C, 100n, 1, { malicious: true })];
    const nodes = network(clock, miners, [[A], [B], [C]]);
    await runEpoch(clock, nodes);
    // C, being malicious, does not take part at all (go: sendProposal skips a malicious miner).
    assert.equal(nodes[2]!.sent.length, 0);
    assert.equal(bytesToHex(nodes[0]!.driver.beaconOf(EPOCH + 1)!), bytesToHex(nodes[1]!.driver.beaconOf(EPOCH + 1)!));
  });
});
