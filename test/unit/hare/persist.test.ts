/**
 * Persist before sign for the hare (issue 17 item 2): the driver records each message it signs in local.sql, keyed by
 * (identity, layer, iteration, round), before it publishes it; a driver "restarted" over the same local.sql in the same
 * layer re-sends the recorded bytes for a slot it signed before, never a second, different message, even when it now
 * sees other proposals. A record that no longer fits its slot sends nothing; a step whose records cannot be written
 * publishes nothing; old layers are pruned.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { EdSigner, EdVerifier } from '../../../core/crypto/ed25519.js';
import { type Executor, LOCAL_SCHEMA, openDatabase } from '../../../core/db/database.js';
import { HareDriver, SIGNED_HARE_LAYERS_KEPT } from '../../../core/hare/driver.js';
import { type SignedHareLog, getSignedHareMessage, insertSignedHareMessage, memorySignedHareLog, sqlSignedHareLog } from '../../../core/hare/localStore.js';
import { HareSession } from '../../../core/hare/session.js';
import { Round, decodeHareMessage } from '../../../core/hare/wire.js';
import { bytesToHex } from '../../../core/util/bytes.js';
import { FakeClock } from '../../../core/util/clock.js';
import { nullLogger } from '../../../core/util/logger.js';

const GENESIS = new Uint8Array(20).fill(7);
const BEACON = Uint8Array.of(1, 2, 3, 4);
const LAYER = 25;
const TIMING = { genesisTimeMs: 0, layerDurationMs: 60_000, layersPerEpoch: 10 };
const PARAMS = { enabled: true, committee: 800, leaders: 5, iterationsLimit: 4, preroundDelayMs: 100, roundDurationMs: 1000, certifyCommittee: 800 };
const PREROUND_AT = LAYER * TIMING.layerDurationMs + PARAMS.preroundDelayMs;
const SIGNER = new EdSigner(new Uint8Array(32).fill(1), GENESIS);

const dir = mkdtempSync(join(tmpdir(), 'hare-persist-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let dbs = 0;

function id(n: number): Uint8Array {
  return new Uint8Array(20).fill(n);
}

/** `${layer}:${iter}:${round}` of a message. */
function slotOf(bytes: Uint8Array): string {
  const m = decodeHareMessage(bytes);
  return `${bytesToHex(m.sender)}:${m.body.layer}:${m.body.iterRound.iter}:${m.body.iterRound.round}`;
}

interface Run {
  readonly published: Uint8Array[];
  readonly outputs: (readonly Uint8Array[] | null)[];
  readonly done: Promise<void>;
  readonly stop: AbortController;
}

/**
 * A one-identity node (all the weight: it agrees with itself) running LAYER's hare on `clock`, its messages looped
 * back to itself as the node does without a network. `onPublish` sees each message as it goes out.
 */
function start(clock: FakeClock, log: SignedHareLog, initial: Uint8Array[], onPublish: (bytes: Uint8Array) => void = () => undefined): Run {
  const published: Uint8Array[] = [];
  const outputs: (readonly Uint8Array[] | null)[] = [];
  const driver: HareDriver = new HareDriver({
    clock,
    timing: TIMING,
    params: PARAMS,
    logger: nullLogger,
    signed: log,
    makeSession: (layer) =>
      new HareSession({
        layer,
        beacon: BEACON,
        committee: PARAMS.committee,
        leaders: PARAMS.leaders,
        iterationsLimit: PARAMS.iterationsLimit,
        verifier: new EdVerifier(GENESIS),
        weightOf: (pk) => (bytesToHex(pk) === bytesToHex(SIGNER.publicKey) ? 1000n : null),
        totalWeight: 1000n,
        participants: [{ signer: SIGNER, weight: 1000n }],
      }),
    initialProposals: () => initial,
    publish(bytes) {
      onPublish(bytes);
      published.push(bytes);
      driver.onMessage(bytes);
    },
    onOutput: (_layer, ids) => outputs.push(ids),
  });
  const stop = new AbortController();
  return { published, outputs, stop, done: driver.runLayer(LAYER, stop.signal) };
}

function openLocal(): { path: string; db: Executor } {
  const path = join(dir, `local-${dbs++}.sql`);
  return { path, db: openDatabase(path, LOCAL_SCHEMA) };
}

/** Every slot's distinct messages over all runs: more than one for a slot is self-equivocation. */
function distinctBySlot(...runs: Run[]): Map<string, Set<string>> {
  const bySlot = new Map<string, Set<string>>();
  for (const r of runs) {
    for (const m of r.published) {
      const set = bySlot.get(slotOf(m)) ?? new Set<string>();
      set.add(bytesToHex(m));
      bySlot.set(slotOf(m), set);
    }
  }
  return bySlot;
}

/** Runs a node from PREROUND_AT until `rounds` rounds went out, then "kills" it; restarts it over the same local.sql. */
async function killAndRestart(rounds: number): Promise<{ first: Run; second: Run }> {
  const { path, db } = openLocal();
  const clock = new FakeClock(LAYER * TIMING.layerDurationMs);
  const first = start(clock, sqlSignedHareLog(db, () => clock.now()), [id(1), id(2)], (bytes) => {
    // Recorded before it is sent.
    const m = decodeHareMessage(bytes);
    const recorded = getSignedHareMessage(db, { smesherId: m.sender, layer: m.body.layer, iter: m.body.iterRound.iter, round: m.body.iterRound.round as Round });
    assert.deepEqual(recorded, bytes, `slot ${slotOf(bytes)} is in local.sql before it is published`);
  });
  await clock.advanceTo(PREROUND_AT + (rounds - 1) * PARAMS.roundDurationMs);
  first.stop.abort();
  await first.done;
  db.close();
  assert.ok(first.published.length > 0);

  // The restart: a new driver and session over the reopened local.sql, in the same round, and it now knows another
  // proposal set (a fresh preround message would differ).
  const reopened = openDatabase(path, LOCAL_SCHEMA);
  const second = start(clock, sqlSignedHareLog(reopened, () => clock.now()), [id(3)]);
  await clock.advance(0);
  await clock.advanceTo(PREROUND_AT + 30 * PARAMS.roundDurationMs);
  await second.done;
  reopened.close();
  return { first, second };
}

describe('hare: persist before sign', () => {
  it('a node restarted in its preround re-sends the recorded preround bytes, not a second preround message', async () => {
    const { first, second } = await killAndRestart(1);
    assert.equal(first.published.length, 1);
    assert.deepEqual(second.published[0], first.published[0], 'the same bytes, not a freshly signed preround');
    for (const [slot, messages] of distinctBySlot(first, second)) assert.equal(messages.size, 1, `slot ${slot} has ${messages.size} different signed messages`);
    // It went on with what it had said: the recorded preround value, not the proposals it saw after the restart.
    assert.deepEqual(second.outputs, [[id(1), id(2)]]);
  });

  it('a node restarted mid-iteration re-sends every slot it signed and signs only the rest', async () => {
    const { first, second } = await killAndRestart(8);
    const firstSlots = first.published.map(slotOf);
    assert.ok(firstSlots.some((s) => s.endsWith(`:0:${Round.COMMIT}`)), `killed after its commit: ${firstSlots.join(' ')}`);
    for (const [slot, messages] of distinctBySlot(first, second)) assert.equal(messages.size, 1, `slot ${slot} has ${messages.size} different signed messages`);
    const resent = second.published.filter((m) => firstSlots.includes(slotOf(m)));
    assert.deepEqual(resent, first.published, 'the slots signed before went out again byte for byte');
    assert.deepEqual(second.outputs, [[id(1), id(2)]]);
  });

  it('sends nothing for a slot whose record no longer fits it, and never signs that slot again', async () => {
    const { db } = openLocal();
    const slot = { smesherId: SIGNER.publicKey, layer: LAYER, iter: 0, round: Round.PREROUND };
    insertSignedHareMessage(db, { slot, bytes: Uint8Array.of(1, 2, 3) }, 0);
    const clock = new FakeClock(PREROUND_AT);
    const run = start(clock, sqlSignedHareLog(db, () => clock.now()), [id(1)]);
    await clock.advanceTo(PREROUND_AT + 30 * PARAMS.roundDurationMs);
    await run.done;
    assert.ok(!run.published.some((m) => slotOf(m).endsWith(`:${LAYER}:0:${Round.PREROUND}`)), 'no preround message');
    assert.deepEqual(getSignedHareMessage(db, slot), Uint8Array.of(1, 2, 3));
    db.close();
  });

  it('publishes nothing from a step whose messages could not be recorded', async () => {
    const clock = new FakeClock(PREROUND_AT);
    const failing: SignedHareLog = {
      ...memorySignedHareLog(),
      record(messages) {
        if (messages.length > 0) throw new Error('disk full');
      },
    };
    const run = start(clock, failing, [id(1)]);
    await assert.rejects(run.done, /disk full/);
    assert.deepEqual(run.published, []);
  });

  it('local.sql refuses a second message for a slot and keeps only recent layers', async () => {
    const { db } = openLocal();
    const log = sqlSignedHareLog(db, () => 0);
    const at = (layer: number) => ({ smesherId: SIGNER.publicKey, layer, iter: 0, round: Round.PREROUND });
    log.record([{ slot: at(LAYER), bytes: Uint8Array.of(1) }]);
    assert.throws(() => log.record([{ slot: { ...at(LAYER), round: Round.PROPOSE }, bytes: Uint8Array.of(3) }, { slot: at(LAYER), bytes: Uint8Array.of(2) }]), /UNIQUE|PRIMARY KEY/);
    assert.equal(log.get({ ...at(LAYER), round: Round.PROPOSE }), undefined, 'a round is recorded all or none');
    assert.deepEqual(log.get(at(LAYER)), Uint8Array.of(1));

    const later = LAYER + SIGNED_HARE_LAYERS_KEPT + 1;
    log.record([{ slot: at(later - 1), bytes: Uint8Array.of(4) }]);
    const clock = new FakeClock(later * TIMING.layerDurationMs);
    const driver = new HareDriver({
      clock,
      timing: TIMING,
      params: PARAMS,
      logger: nullLogger,
      signed: log,
      makeSession: () => null,
      initialProposals: () => [],
      publish: () => undefined,
      onOutput: () => undefined,
    });
    await driver.runLayer(later, new AbortController().signal);
    assert.equal(log.get(at(LAYER)), undefined, `layer ${LAYER} pruned at layer ${later}`);
    assert.deepEqual(log.get(at(later - 1)), Uint8Array.of(4));
    db.close();
  });
});
