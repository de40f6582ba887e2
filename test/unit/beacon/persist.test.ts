/**
 * Persist before sign for the beacon (issue 17 item 2; docs/protocol/beacon.md §6): each message an identity signs is
 * in local.sql before it is published, keyed by (identity, epoch, kind, round); whatever a slot holds is what goes
 * out for it, never a second, different message, even when the node now knows other proposals; a record that does
 * not fit its slot sends nothing; the table refuses a second row for a slot. A node restarted within an epoch signs
 * nothing more for it (it takes part from the next epoch, as go) and adopts that epoch's beacon from ballots.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { BeaconMessageKind, getSignedBeaconMessage, insertSignedBeaconMessage, sqlSignedBeaconLog } from '../../../core/beacon/localStore.js';
import { decodeFirstVotingMessage, encodeFirstVotingMessage, firstVotingSignedBytes } from '../../../core/beacon/wire.js';
import { SigningDomain } from '../../../core/crypto/domains.js';
import { LOCAL_SCHEMA, STATE_SCHEMA, openDatabase } from '../../../core/db/database.js';
import { bytesToHex } from '../../../core/util/bytes.js';
import { FakeClock } from '../../../core/util/clock.js';
import { EPOCH, EPOCH_START, PARAMS, miner, network, runEpoch, signer } from './harness.js';

const A = signer(1);
const B = signer(2);
const MINERS = [miner(A, 100n), miner(B, 300n, 3)];
const dir = mkdtempSync(join(tmpdir(), 'beacon-persist-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function dbs(name: string): { state: ReturnType<typeof openDatabase>; local: ReturnType<typeof openDatabase> } {
  return { state: openDatabase(join(dir, `${name}-state.sql`), STATE_SCHEMA), local: openDatabase(join(dir, `${name}-local.sql`), LOCAL_SCHEMA) };
}

describe('beacon messages are recorded before they are sent', () => {
  it('every sent message is in local.sql under its slot, recorded before the publisher saw it', async () => {
    const clock = new FakeClock(EPOCH_START - 5_000);
    const a = dbs('order');
    const log = sqlSignedBeaconLog(a.local, () => clock.now());
    const seenAtPublish: boolean[] = [];
    const nodes = network(clock, MINERS, [[A], [B]], {
      dbs: [a],
      signed: (i, local) =>
        i === 0
          ? {
              ...log,
              record(slot, bytes) {
                log.record(slot, bytes);
                // The row is there, durably, before publish runs (publish checks it below).
                seenAtPublish.push(getSignedBeaconMessage(local, slot) !== undefined);
              },
            }
          : sqlSignedBeaconLog(local, () => clock.now()),
    });
    await runEpoch(clock, nodes);
    const sent = nodes[0]!.sent;
    assert.ok(sent.length >= 2 + (PARAMS.rounds - 1), `${sent.length} messages`);
    assert.ok(seenAtPublish.length >= sent.length - 1 && seenAtPublish.every(Boolean));
    const rows = a.local.prepare('SELECT kind, round, message FROM signed_beacon_messages WHERE epoch = ? ORDER BY kind, round').all(EPOCH) as Array<{ kind: number; round: number; message: Buffer }>;
    const sentHex = new Set(sent.map((s) => bytesToHex(s.bytes)));
    for (const r of rows) assert.ok(sentHex.has(bytesToHex(new Uint8Array(r.message))), `row kind ${r.kind} round ${r.round} was sent`);
    assert.equal(rows.filter((r) => r.kind === BeaconMessageKind.FIRST_VOTES).length, 1);
    assert.throws(() => insertSignedBeaconMessage(a.local, { smesherId: A.publicKey, epoch: EPOCH, kind: BeaconMessageKind.FIRST_VOTES, round: 0 }, Uint8Array.of(1), 0), /UNIQUE|PRIMARY/);
  });

  it('a slot that holds a record re-sends those bytes instead of signing a different message', async () => {
    const clock = new FakeClock(EPOCH_START - 5_000);
    const a = dbs('restart');
    // Before the crash, A signed first votes for an empty list (it had seen no proposal then).
    const body = { epoch: EPOCH, valid: [], potentiallyValid: [] };
    const before = encodeFirstVotingMessage({ body, smesherId: A.publicKey, signature: A.sign(SigningDomain.BEACON_FIRST_MSG, firstVotingSignedBytes(body)) });
    insertSignedBeaconMessage(a.local, { smesherId: A.publicKey, epoch: EPOCH, kind: BeaconMessageKind.FIRST_VOTES, round: 0 }, before, 0);
    const nodes = network(clock, MINERS, [[A], [B]], { dbs: [a] });
    await runEpoch(clock, nodes);
    const firstVotes = nodes[0]!.sent.filter((s) => s.kind === 'firstVotes');
    assert.equal(firstVotes.length, 1, 'one first-votes message for the slot');
    assert.equal(bytesToHex(firstVotes[0]!.bytes), bytesToHex(before), 'the recorded bytes, not a new list');
    // Now it knows both proposals, but it did not sign them.
    assert.equal(decodeFirstVotingMessage(firstVotes[0]!.bytes).body.valid.length, 0);
    // B counted it: A's following votes (against an empty list) were accepted too, and both agree on the beacon.
    assert.equal(bytesToHex(nodes[0]!.driver.beaconOf(EPOCH + 1)!), bytesToHex(nodes[1]!.driver.beaconOf(EPOCH + 1)!));
  });

  it('a record that does not fit its slot sends nothing for it', async () => {
    const clock = new FakeClock(EPOCH_START - 5_000);
    const a = dbs('misfit');
    insertSignedBeaconMessage(a.local, { smesherId: A.publicKey, epoch: EPOCH, kind: BeaconMessageKind.PROPOSAL, round: 0 }, Uint8Array.of(1, 2, 3), 0);
    const nodes = network(clock, MINERS, [[A], [B]], { dbs: [a] });
    await runEpoch(clock, nodes);
    assert.equal(nodes[0]!.sent.filter((s) => s.kind === 'proposal').length, 0);
    assert.equal(nodes[0]!.sent.filter((s) => s.kind === 'firstVotes').length, 1);
  });

  it('a node restarted within the epoch signs nothing more for it; its earlier messages stay the only ones', async () => {
    const clock = new FakeClock(EPOCH_START - 5_000);
    const a = dbs('rejoin');
    const stop = new AbortController();
    const first = network(clock, MINERS, [[A]], { dbs: [a] });
    await clock.advanceTo(EPOCH_START);
    const run = first[0]!.driver.onLayer(EPOCH * 4, stop.signal);
    const sentBefore = first[0]!.sent.map((x) => bytesToHex(x.bytes));
    assert.equal(sentBefore.length, 1, 'its proposal');
    stop.abort();
    await run;
    // Restarted a moment later, still in the proposal phase: it may have missed proposals, so it sits the epoch out.
    await clock.advanceTo(EPOCH_START + PARAMS.proposalDurationMs / 2);
    const again = network(clock, MINERS, [[A]], { dbs: [a] });
    const runs = again.map((n) => n.driver.onLayer(EPOCH * 4, new AbortController().signal));
    await clock.advanceTo(EPOCH_START + 60_000);
    await Promise.all(runs);
    assert.equal(again[0]!.sent.length, 0);
    const rows = a.local.prepare('SELECT message FROM signed_beacon_messages WHERE epoch = ?').all(EPOCH) as Array<{ message: Buffer }>;
    assert.deepEqual(rows.map((r) => bytesToHex(new Uint8Array(r.message))), sentBefore);
    assert.equal(again[0]!.driver.beaconOf(EPOCH + 1), null, 'no beacon of its own: it comes from ballots');
  });
});
