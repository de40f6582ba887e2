/**
 * Fuzzing every gossip handler (issue #14 item 6, bad input) with random bytes and with mutations of a valid
 * message (flip, truncate, extend, splice): `handleAtx` (ax1), `handleProposal` (pp1), the hare driver's and
 * session's `onMessage` (/h/3.0) and the transaction handler (tx1). Properties, for every input:
 * - the handler never throws: it returns a verdict (accept, ignore or reject);
 * - a verdict other than accept leaves the state exactly as it was: every table of state.sql hashes the same
 *   before and after (and the mempool, and the hare session's records);
 * - byte-level mutations of a valid message are never accepted: each message is signed (Ed25519, verified
 *   strictly) over all of it but its signature, and decoding is strict (no trailing bytes, canonical lengths), so
 *   bytes other than the honest encoding are either not the message or not signed by its sender.
 * A second family of inputs mutates the signed part and re-signs it with the honest key, to drive the handlers past
 * the signature check into validation. Those may be valid (accept, which changes state) and may prove malfeasance:
 * a correctly signed second ATX for one epoch (or one whose PoST fails at an index, or that names a previous ATX
 * already named), a second proposal in one layer or a second hare message in one round is refused but kept as a
 * proof, the one documented exception to "a refusal stores nothing"; the test then checks that only the
 * `malfeasance` table changed by one proof. Random or byte-mutated input cannot produce such a pair (it would
 * need a forged signature), which the first family asserts.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { type AtxHandlerDeps, handleAtx } from '../../../core/activation/handler.js';
import { insertMalfeasance } from '../../../core/activation/store.js';
import { ActivationTxV1, InnerActivationTxV1 } from '../../../core/activation/wire.js';
import { decode, encode } from '../../../core/codec/index.js';
import { SigningDomain } from '../../../core/crypto/domains.js';
import { EdSigner, EdVerifier } from '../../../core/crypto/ed25519.js';
import { type Executor, STATE_SCHEMA, openDatabase } from '../../../core/db/database.js';
import { HareDriver } from '../../../core/hare/driver.js';
import { HareSession, type HareVerdict } from '../../../core/hare/session.js';
import { HareBody, decodeHareMessage, encodeHareMessage, hareSignedBytes } from '../../../core/hare/wire.js';
import { createTxHandler } from '../../../core/mempool/handler.js';
import { Mempool } from '../../../core/mempool/pool.js';
import { createLabelKernel } from '../../../core/post/kernel.js';
import { handleProposal } from '../../../core/proposals/handler.js';
import { type Ballot, InnerProposal, ballotSignedBytes, encodeProposal, proposalSignedBytes } from '../../../core/proposals/wire.js';
import { multipleBallotsProof, recordProof } from '../../../core/malfeasance/index.js';
import { bytesToHex, concatBytes } from '../../../core/util/bytes.js';
import { FakeClock } from '../../../core/util/clock.js';
import { nullLogger } from '../../../core/util/logger.js';
import type { Verdict } from '../../../core/util/verdict.js';
import { applyLayer } from '../../../core/vm/vm.js';
import { type World, buildWorld, preset, signAtx } from '../activation/fixture.js';
import { proposalWorld } from '../proposals/fixture.js';
import { CONFIG, FIRST_LAYER, GENESIS_ID as TX_GENESIS, addressOf, freshDb, rawSpend, reward, selfSpawn, signer as txSigner, spend } from '../vm/helpers.js';
import { fingerprint, fuzzInput, resignedMutation, rowCounts, snapshot } from './mutate.js';

/** Byte-level runs per scenario, and re-signed runs (these reach validation and cost more). */
const BYTE_RUNS = 200;
const RESIGNED_RUNS = 100;

/** Calls the handler; a throw fails the property with what was thrown. */
function verdictOf<T>(what: string, run: () => T): T {
  try {
    return run();
  } catch (err) {
    assert.fail(`${what} threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
  }
}

async function asyncVerdictOf<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    assert.fail(`${what} threw ${err instanceof Error ? `${err.name}: ${err.message}` : String(err)}`);
  }
}

function assertVerdict(v: Verdict<unknown>): void {
  assert.ok(v.kind === 'accept' || v.kind === 'ignore' || v.kind === 'reject', `not a verdict: ${JSON.stringify(v)}`);
  if (v.kind !== 'accept') assert.ok(typeof v.error.code === 'string' && v.error.message.length > 0);
}

const describeV = (v: Verdict<unknown>): string => (v.kind === 'accept' ? 'accept' : `${v.kind} ${v.error.code}: ${v.error.message}`);

// ---------------------------------------------------------------------------------------------------------------
// ATX (ax1)

describe('gossip fuzz: handleAtx', () => {
  let world: World;
  let scenarios: Array<{ name: string; epoch: number; state: () => Executor; resignedRuns: number }>;
  const opened: Executor[] = [];
  const kernel = createLabelKernel(preset.post.scryptN);
  const deps = (db: Executor, epoch: number): AtxHandlerDeps => {
    const d = world.handlerDeps(db, epoch);
    return { ...d, validation: { ...d.validation, kernel } };
  };
  const TABLES = ['atxs', 'atx_blobs', 'malfeasance'];
  /**
   * Refusals that keep a proof (docs/protocol/p2p.md §5): a second ATX for an epoch (kind 1), a PoST that fails at
   * one index (kind 4: a re-signed mutation of a PoST index or nonce gets there), a previous ATX named twice (kind 5).
   */
  const PROOF_CODES: ReadonlySet<string> = new Set(['DOUBLE_PUBLISH', 'INVALID_POST_INDEX', 'INVALID_PREV_ATX']);

  before(async () => {
    world = await buildWorld();
    const empty = world.freshState();
    const clean = snapshot(empty);
    assert.equal(handleAtx(deps(empty, 2), encode(ActivationTxV1, world.atx1)).kind, 'accept');
    const one = snapshot(empty);
    assert.equal(handleAtx(deps(empty, 2), encode(ActivationTxV1, world.atx2)).kind, 'accept');
    const both = snapshot(empty);
    const track = (make: () => Executor) => (): Executor => {
      const db = make();
      opened.push(db);
      return db;
    };
    // Re-signed inputs that get as far as the PoST proof cost tens of milliseconds each (K2 scrypt labels): fewer
    // of them where most do (no ATX stored yet), more where most stop at the double-publish check.
    scenarios = [
      { name: 'an empty state (PoET proofs only), epoch 1', epoch: 1, state: track(clean), resignedRuns: 40 },
      { name: 'ATX 1 stored, epoch 2', epoch: 2, state: track(one), resignedRuns: 50 },
      { name: 'ATX 1 and ATX 2 stored (duplicates, double publish), epoch 2', epoch: 2, state: track(both), resignedRuns: 100 },
    ];
  });
  after(async () => {
    for (const db of opened) db.close();
    await world.cleanup();
  });

  it('random and byte-mutated ATXs: never a throw, never accepted, state unchanged', () => {
    const valid = [encode(ActivationTxV1, world.atx1), encode(ActivationTxV1, world.atx2)];
    for (const s of scenarios) {
      const db = s.state();
      const d = deps(db, s.epoch);
      const codes = new Set<string>();
      fc.assert(
        fc.property(fuzzInput(valid, 1500), (bytes) => {
          const before = fingerprint(db);
          const v = verdictOf('handleAtx', () => handleAtx(d, bytes));
          assertVerdict(v);
          codes.add(v.kind === 'accept' ? 'accept' : v.error.code);
          // Not the honest encoding, so either not an ATX or not signed by its smesher (see the module comment).
          assert.notEqual(v.kind, 'accept', `${s.name}: a mutated ATX was accepted`);
          assert.equal(fingerprint(db), before, `${s.name}: ${describeV(v)} changed the state`);
        }),
        { numRuns: BYTE_RUNS },
      );
      // The mutations reach past decoding: signatures are judged too.
      assert.ok(codes.has('MALFORMED') && codes.has('BAD_SIGNATURE'), `${s.name}: ${[...codes].join(', ')}`);
    }
  });

  it('re-signed mutations of the inner ATX: never a throw; a refusal stores nothing but a malfeasance proof', () => {
    const inner1 = encode(InnerActivationTxV1, world.atx1.inner);
    const inner2 = encode(InnerActivationTxV1, world.atx2.inner);
    const rebuild = (part: Uint8Array): Uint8Array => signAtx(decode(InnerActivationTxV1, part), world.signer);
    const input = fc.oneof(resignedMutation(inner1, rebuild), resignedMutation(inner2, rebuild));
    const codes = new Set<string>();
    for (const s of scenarios) {
      let db = s.state();
      fc.assert(
        fc.property(input, (bytes) => {
          const before = rowCounts(db, TABLES);
          const print = fingerprint(db);
          const v = verdictOf('handleAtx', () => handleAtx(deps(db, s.epoch), bytes));
          assertVerdict(v);
          codes.add(v.kind === 'accept' ? 'accept' : v.error.code);
          if (v.kind === 'accept') {
            // A validly signed, valid ATX (another coinbase, say): stored. The next run starts from the scenario.
            db = s.state();
          } else if (PROOF_CODES.has(v.error.code)) {
            // The documented exception: a correctly signed ATX that proves its signer malicious is kept as a
            // malfeasance proof, nothing else.
            assert.deepEqual(rowCounts(db, TABLES), { ...before, malfeasance: before.malfeasance! + 1 }, `${s.name}: ${describeV(v)}`);
            db = s.state();
          } else {
            assert.equal(fingerprint(db), print, `${s.name}: ${describeV(v)} changed the state`);
          }
        }),
        { numRuns: s.resignedRuns },
      );
    }
    // Past the signature: context, syntax, references and proofs are judged, and double publishes are caught.
    assert.ok(codes.size >= 5 && codes.has('DOUBLE_PUBLISH'), [...codes].join(', '));
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Proposal (pp1)

describe('gossip fuzz: handleProposal', () => {
  // Five eligibility proofs a proposal rather than fifty: each is a VRF check.
  const world = proposalWorld({ layerAvgSize: 5 });
  const good = encodeProposal(world.draft().proposal);
  const other = encodeProposal(world.draft([new Uint8Array(32).fill(1)]).proposal);
  const empty = snapshot(world.db);
  assert.equal(handleProposal(world.deps, good).kind, 'accept');
  const stored = snapshot(world.db);
  const scenarios = [
    { name: 'no proposal stored', state: empty },
    { name: 'the valid proposal stored (duplicates, equivocation)', state: stored },
  ];

  it('random and byte-mutated proposals: never a throw, never accepted, state unchanged', () => {
    for (const s of scenarios) {
      const db = s.state();
      const deps = { ...world.deps, db };
      const codes = new Set<string>();
      fc.assert(
        fc.property(fuzzInput([good, other], 800), (bytes) => {
          const before = fingerprint(db);
          const v = verdictOf('handleProposal', () => handleProposal(deps, bytes));
          assertVerdict(v);
          codes.add(v.kind === 'accept' ? 'accept' : v.error.code);
          assert.notEqual(v.kind, 'accept', `${s.name}: a mutated proposal was accepted`);
          assert.equal(fingerprint(db), before, `${s.name}: ${describeV(v)} changed the state`);
        }),
        { numRuns: BYTE_RUNS },
      );
      db.close();
      assert.ok(codes.has('MALFORMED') && codes.has('BAD_SIGNATURE'), `${s.name}: ${[...codes].join(', ')}`);
    }
  });

  it('re-signed mutations: never a throw; a refusal stores nothing but an equivocation proof', () => {
    const inner = encode(InnerProposal, world.draft().proposal.inner);
    const rebuild = (part: Uint8Array): Uint8Array => {
      const p = decode(InnerProposal, part);
      const ballot = { ...p.ballot, signature: world.signer.sign(SigningDomain.BALLOT, ballotSignedBytes(p.ballot.inner)) };
      const signed = { ...p, ballot };
      return encodeProposal({ inner: signed, signature: world.signer.sign(SigningDomain.PROPOSAL, proposalSignedBytes(signed)) });
    };
    const codes = new Set<string>();
    for (const s of scenarios) {
      let db = s.state();
      fc.assert(
        fc.property(resignedMutation(inner, rebuild), (bytes) => {
          const before = rowCounts(db, ['proposals', 'malfeasance']);
          const print = fingerprint(db);
          const onDoubleBallot = (a: Ballot, b: Ballot): void => void recordProof(db, multipleBallotsProof(a, b), 1);
          const v = verdictOf('handleProposal', () => handleProposal({ ...world.deps, db, onDoubleBallot }, bytes));
          assertVerdict(v);
          codes.add(v.kind === 'accept' ? 'accept' : v.error.code);
          if (v.kind === 'accept') {
            db.close();
            db = s.state();
          } else if (v.error.code === 'EQUIVOCATION') {
            // The documented exception: a correctly signed second ballot in the layer is kept as a proof (a second
            // proposal around the same ballot is refused without one: one ballot proves nothing).
            const after = rowCounts(db, ['proposals', 'malfeasance']);
            assert.equal(after.proposals, before.proposals);
            assert.ok(after.malfeasance === before.malfeasance || after.malfeasance === before.malfeasance! + 1);
            db.close();
            db = s.state();
          } else {
            assert.equal(fingerprint(db), print, `${s.name}: ${describeV(v)} changed the state`);
          }
        }),
        { numRuns: RESIGNED_RUNS },
      );
      db.close();
    }
    assert.ok(codes.size >= 5 && codes.has('EQUIVOCATION'), [...codes].join(', '));
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Hare (/h/3.0)

describe('gossip fuzz: hare onMessage', () => {
  const GENESIS = new Uint8Array(20).fill(7);
  const BEACON = Uint8Array.of(1, 2, 3, 4);
  const LAYER = 25;
  const COMMITTEE = 50;
  const signers = [0, 1].map((i) => new EdSigner(new Uint8Array(32).fill(i + 1), GENESIS));
  const weights = new Map(signers.map((s) => [bytesToHex(s.publicKey), 50n]));
  const verifier = new EdVerifier(GENESIS);
  const INITIAL = [new Uint8Array(20).fill(1), new Uint8Array(20).fill(2)];
  const session = (me: number): HareSession => {
    const s = new HareSession({
      layer: LAYER,
      beacon: BEACON,
      committee: COMMITTEE,
      leaders: 5,
      iterationsLimit: 4,
      verifier,
      weightOf: (pk) => weights.get(bytesToHex(pk)) ?? null,
      totalWeight: 100n,
      participants: [{ signer: signers[me]!, weight: 50n }],
    });
    s.onInitial(INITIAL);
    return s;
  };
  /** Each participant's valid preround message. */
  const [goodA, goodB] = [0, 1].map((i) => session(i).step().messages[0]!) as [Uint8Array, Uint8Array];
  const bodyA = encode(HareBody, decodeHareMessage(goodA).body);
  const resignedA = resignedMutation(bodyA, (part) => {
    const body = decode(HareBody, part);
    return encodeHareMessage({ body, sender: signers[0]!.publicKey, signature: signers[0]!.sign(SigningDomain.HARE, hareSignedBytes(body)) });
  });
  const byteLevel = fuzzInput([goodA, goodB], 400);
  const label = (v: HareVerdict): string => (v.kind === 'accept' ? (v.value.equivocation === null ? 'accept' : 'equivocation') : v.kind);

  /**
   * Refused messages recorded nothing. The session's records are private; what shows is that no sender became an
   * equivocator and that both participants' honest preround messages still count as their first (a refused
   * message recorded in either slot would make them duplicates or equivocations). A slot of another round can only
   * be filled with a VRF proof for that round, which a mutation of a preround message does not carry.
   */
  function assertNothingRecorded(s: HareSession, onMessage: (b: Uint8Array) => HareVerdict): void {
    assert.equal(s.protocol.equivocators.size, 0);
    assert.equal(label(onMessage(goodA)), 'accept', "A's honest preround message still counts");
    assert.equal(label(onMessage(goodB)), 'accept', "B's honest preround message still counts");
  }

  it('session: random and byte-mutated messages never throw and are never accepted; refusals record nothing', () => {
    const codes = new Set<string>();
    fc.assert(
      // Batches of inputs into one session, then the probe: 300 inputs in all.
      fc.property(fc.array(byteLevel, { minLength: 10, maxLength: 10 }), (batch) => {
        const b = session(1);
        b.step(); // the preround
        for (const bytes of batch) {
          const v = verdictOf('HareSession.onMessage', () => b.onMessage(bytes));
          assertVerdict(v);
          codes.add(v.kind === 'accept' ? label(v) : v.error.code);
          assert.notEqual(v.kind, 'accept', 'a mutated hare message was accepted');
        }
        assertNothingRecorded(b, (m) => b.onMessage(m));
      }),
      { numRuns: 30 },
    );
    assert.ok(codes.has('MALFORMED') && codes.has('BAD_SIGNATURE'), [...codes].join(', '));
  });

  it('session: re-signed mutations never throw; a refusal records nothing', () => {
    const codes = new Set<string>();
    fc.assert(
      fc.property(resignedA, (bytes) => {
        const b = session(1);
        b.step();
        const v = verdictOf('HareSession.onMessage', () => b.onMessage(bytes));
        assertVerdict(v);
        codes.add(v.kind === 'accept' ? label(v) : v.error.code);
        // A valid preround message by A with another value is A's first message: accepted, rightly.
        if (v.kind !== 'accept') assertNothingRecorded(b, (m) => b.onMessage(m));
      }),
      { numRuns: 80 },
    );
    assert.ok(codes.size >= 3, [...codes].join(', '));
  });

  /** A driver running LAYER's hare on a fake clock, in its preround, wired to a state DB as the node wires it. */
  async function runningDriver() {
    const clock = new FakeClock(0);
    const timing = { genesisTimeMs: 0, layerDurationMs: 10_000, layersPerEpoch: 10 };
    const params = { enabled: true, committee: COMMITTEE, leaders: 5, iterationsLimit: 4, preroundDelayMs: 100, roundDurationMs: 1000, certifyCommittee: COMMITTEE };
    const db = openDatabase(':memory:', STATE_SCHEMA);
    const b = session(1);
    const published: Uint8Array[] = [];
    const driver = new HareDriver({
      clock,
      timing,
      params,
      logger: nullLogger,
      makeSession: (layer) => (layer === LAYER ? b : null),
      initialProposals: () => INITIAL,
      publish: (m) => published.push(m),
      onOutput: () => undefined,
      onEquivocation: (e) => insertMalfeasance(db, e.sender, 3, concatBytes(e.first, e.second), clock.now()),
    });
    const stop = new AbortController();
    const running = driver.runLayer(LAYER, stop.signal);
    await clock.advanceTo(LAYER * timing.layerDurationMs + params.preroundDelayMs);
    assert.equal(published.length, 1, 'the driver is in the preround');
    return {
      driver,
      session: b,
      db,
      async close() {
        stop.abort();
        await running;
        db.close();
      },
    };
  }

  it('driver: random and byte-mutated messages never throw and are never accepted; refusals change neither the session nor state.sql', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(byteLevel, { minLength: 10, maxLength: 10 }), async (batch) => {
        const d = await runningDriver();
        try {
          const before = fingerprint(d.db);
          for (const bytes of batch) {
            const v = verdictOf('HareDriver.onMessage', () => d.driver.onMessage(bytes));
            assertVerdict(v);
            assert.notEqual(v.kind, 'accept', 'a mutated hare message was accepted');
          }
          assert.equal(fingerprint(d.db), before);
          assertNothingRecorded(d.session, (m) => d.driver.onMessage(m));
        } finally {
          await d.close();
        }
      }),
      { numRuns: 20 },
    );
  });

  it("driver after A's preround message: a refusal changes nothing; only a correctly signed second message is kept as a proof", async () => {
    const codes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fc.oneof(byteLevel, resignedA), async (bytes) => {
        const d = await runningDriver();
        try {
          assert.equal(label(d.driver.onMessage(goodA)), 'accept');
          const before = fingerprint(d.db);
          const v = verdictOf('HareDriver.onMessage', () => d.driver.onMessage(bytes));
          assertVerdict(v);
          codes.add(v.kind === 'accept' ? label(v) : v.error.code);
          if (v.kind === 'accept') {
            // Only A, re-signed, can be accepted, and A already sent its preround message: an equivocation, whose
            // proof is the one thing stored.
            assert.equal(label(v), 'equivocation');
            assert.deepEqual(rowCounts(d.db, ['malfeasance']), { malfeasance: 1 });
            return;
          }
          assert.equal(fingerprint(d.db), before);
          assert.equal(d.session.protocol.equivocators.size, 0);
          assert.equal(label(d.driver.onMessage(goodA)), 'ignore', "A's message is still the one on record (a duplicate now)");
          assert.equal(label(d.driver.onMessage(goodB)), 'accept');
        } finally {
          await d.close();
        }
      }),
      { numRuns: 80 },
    );
    assert.ok(codes.has('equivocation'), `a re-signed second preround message is caught: ${[...codes].join(', ')}`);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Transactions (tx1)

describe('gossip fuzz: transaction handler', () => {
  const alice = txSigner('alice');
  const bob = txSigner('bob');
  const BOB = addressOf(bob);

  /** Alice rewarded and spawned, an empty mempool. */
  function setup() {
    const db = freshDb();
    applyLayer(db, CONFIG, { layer: FIRST_LAYER, block: null, txs: [], rewards: [reward('a', addressOf(alice))] });
    applyLayer(db, CONFIG, { layer: FIRST_LAYER + 1, block: null, txs: [selfSpawn(alice).raw], rewards: [] });
    const mempool = new Mempool();
    let now = 1000;
    return { db, mempool, handle: createTxHandler({ db, genesisId: TX_GENESIS, mempool, now: () => now++ }) };
  }
  const pool = (m: Mempool): string => `${m.size}:${m.selectForProposal(1000).map(bytesToHex).join(',')}`;

  it('random and byte-mutated transactions: never a throw, never accepted, state and mempool unchanged', async () => {
    const t = setup();
    const valid = [spend(alice, BOB, 1000n, 1n).raw, spend(alice, BOB, 5n, 2n).raw, selfSpawn(bob).raw];
    const codes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(fuzzInput(valid, 300), async (bytes) => {
        const before = fingerprint(t.db);
        const poolBefore = pool(t.mempool);
        const v = await asyncVerdictOf('tx handler', () => t.handle(bytes));
        assertVerdict(v);
        codes.add(v.kind === 'accept' ? 'accept' : v.error.code);
        assert.notEqual(v.kind, 'accept', 'a mutated transaction was accepted');
        assert.equal(fingerprint(t.db), before, `${describeV(v)} changed the state`);
        assert.equal(pool(t.mempool), poolBefore, `${describeV(v)} changed the mempool`);
      }),
      { numRuns: 300 },
    );
    t.db.close();
    assert.ok(codes.has('MALFORMED') && codes.has('BAD_SIGNATURE'), [...codes].join(', '));
  });

  it('re-signed transactions (mutated bodies, and spends of any amount, nonce and price): never a throw; a refusal changes neither state nor mempool', async () => {
    let t = setup();
    const raw = spend(alice, BOB, 1000n, 1n).raw;
    const body = raw.subarray(0, raw.length - 64);
    const u64 = fc.oneof(fc.bigInt({ min: 0n, max: 5n }), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }));
    const input = fc.oneof(
      resignedMutation(body, (b) => concatBytes(b, alice.signTransaction(b))),
      fc.tuple(u64, u64, u64).map(([amount, nonce, gasPrice]) => rawSpend(alice, BOB, amount, nonce, gasPrice)),
    );
    const codes = new Set<string>();
    await fc.assert(
      fc.asyncProperty(input, async (bytes) => {
        const before = fingerprint(t.db);
        const poolBefore = pool(t.mempool);
        const v = await asyncVerdictOf('tx handler', () => t.handle(bytes));
        assertVerdict(v);
        codes.add(v.kind === 'accept' ? 'accept' : v.error.code);
        if (v.kind === 'accept') {
          t.db.close();
          t = setup();
          return;
        }
        assert.equal(fingerprint(t.db), before, `${describeV(v)} changed the state`);
        assert.equal(pool(t.mempool), poolBefore, `${describeV(v)} changed the mempool`);
      }),
      { numRuns: 200 },
    );
    t.db.close();
    assert.ok(codes.size >= 5, [...codes].join(', '));
  });
});
