/**
 * Hare3 in a lockstep in-process cluster (go-spacemesh `hare3/hare_test.go lockstepCluster`): every participant
 * steps its session once per round, then every message of the round is delivered to everyone. Honest participants
 * agree on one value, with an equivocating participant (two different preround values) and silent ones, and with a
 * node that hears every round's messages before it enters the round; a proven-malicious identity's weight does not
 * count; a single node agrees with itself; bad messages
 * are refused with a reason and change nothing.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EdSigner, EdVerifier } from '../../../core/crypto/ed25519.js';
import { SigningDomain } from '../../../core/crypto/domains.js';
import { HareSession, type HareVerdict } from '../../../core/hare/session.js';
import { decodeHareMessage, encodeHareMessage, hareSignedBytes } from '../../../core/hare/wire.js';
import { bytesToHex } from '../../../core/util/bytes.js';

const GENESIS = new Uint8Array(20).fill(7);
const BEACON = Uint8Array.of(1, 2, 3, 4);
const LAYER = 25;

function signer(i: number): EdSigner {
  return new EdSigner(new Uint8Array(32).fill(i + 1), GENESIS);
}

function id(n: number): Uint8Array {
  return new Uint8Array(20).fill(n);
}

function cluster(weights: bigint[], malicious: ReadonlySet<number> = new Set()): { signers: EdSigner[]; sessions: HareSession[] } {
  const signers = weights.map((_, i) => signer(i));
  const proven = new Set([...malicious].map((i) => bytesToHex(signers[i]!.publicKey)));
  const byId = new Map(signers.map((s, i) => [bytesToHex(s.publicKey), weights[i]!]));
  const total = weights.reduce((a, b) => a + b, 0n);
  const sessions = signers.map(
    (s, i) =>
      new HareSession({
        layer: LAYER,
        beacon: BEACON,
        committee: 800,
        leaders: 5,
        iterationsLimit: 4,
        verifier: new EdVerifier(GENESIS),
        weightOf: (pk) => byId.get(bytesToHex(pk)) ?? null,
        isMalicious: (pk) => proven.has(bytesToHex(pk)),
        totalWeight: total,
        participants: [{ signer: s, weight: weights[i]! }],
      }),
  );
  return { signers, sessions };
}

/** The verdict's kind, or `equivocation` for an accepted message that revealed one. */
function label(v: HareVerdict): string {
  return v.kind === 'accept' && v.value.equivocation !== null ? 'equivocation' : v.kind;
}

/** Runs rounds until every listed session terminated; `tamper` may replace or drop a participant's messages. */
function run(sessions: HareSession[], tamper: (from: number, msgs: Uint8Array[]) => Uint8Array[] = (_, m) => m): { outputs: (string | null)[]; verdicts: string[] } {
  const outputs: (string | null)[] = sessions.map(() => null);
  const verdicts: string[] = [];
  for (let round = 0; round < 40 && !sessions.every((s) => s.protocol.terminated); round++) {
    const sent: Uint8Array[] = [];
    sessions.forEach((s, i) => {
      if (s.protocol.terminated) return;
      const step = s.step();
      if (step.output !== null) outputs[i] = step.output.map(bytesToHex).join(',');
      sent.push(...tamper(i, step.messages));
    });
    for (const s of sessions) for (const m of sent) if (!s.protocol.terminated) verdicts.push(label(s.onMessage(m)));
  }
  return { outputs, verdicts };
}

describe('hare3 lockstep cluster', () => {
  it('every participant gives the same weak coin once, after the preround: the low bit of the smallest preround VRF proof', () => {
    const { sessions } = cluster([10n, 20n, 30n, 40n, 50n]);
    for (const s of sessions) s.onInitial([id(1)]);
    const coins: (boolean | null)[][] = sessions.map(() => []);
    const preroundProofs: Uint8Array[] = [];
    for (let round = 0; round < 6; round++) {
      const sent: Uint8Array[] = [];
      sessions.forEach((s, i) => {
        const step = s.step();
        coins[i]!.push(step.coin);
        sent.push(...step.messages);
      });
      for (const m of sent) {
        const decoded = decodeHareMessage(m);
        if (decoded.body.iterRound.iter === 0 && decoded.body.iterRound.round === 0) preroundProofs.push(decoded.body.eligibility.proof);
      }
      for (const s of sessions) for (const m of sent) s.onMessage(m);
    }
    // go's VrfSignature.Cmp: little-endian numbers, compared from the last byte.
    const le = (p: Uint8Array): bigint => p.reduceRight((acc, b) => (acc << 8n) | BigInt(b), 0n);
    const smallest = preroundProofs.reduce((a, b) => (le(b) < le(a) ? b : a));
    const expected = (smallest[0]! & 1) !== 0;
    for (const c of coins) {
      assert.equal(c[0], null, 'no coin before the preround messages are in');
      assert.deepEqual(c.filter((x) => x !== null), [expected], 'one coin, the same everywhere');
    }
  });

  it('five honest participants agree on the proposals they all saw', () => {
    const { sessions } = cluster([10n, 20n, 30n, 40n, 50n]);
    for (const s of sessions) s.onInitial([id(3), id(1), id(2)]);
    const { outputs } = run(sessions);
    assert.deepEqual(outputs, sessions.map(() => [id(1), id(2), id(3)].map(bytesToHex).join(',')));
  });

  it('one node agrees with itself (standalone)', () => {
    const { sessions } = cluster([1000n]);
    sessions[0]!.onInitial([id(9)]);
    assert.deepEqual(run(sessions).outputs, [bytesToHex(id(9))]);
  });

  it('a node a moment behind keeps (and would relay) the messages of rounds it has not entered yet', () => {
    // Node 0 steps last in every round, so each of its peers' messages reaches it before it enters that round, as
    // on a network where its timer fires a few milliseconds late. Its weight alone is below the threshold.
    const { sessions } = cluster([10n, 30n, 30n, 30n]);
    sessions.forEach((s) => s.onInitial([id(1), id(2)]));
    const outputs: (string | null)[] = sessions.map(() => null);
    const early: string[] = [];
    for (let round = 0; round < 40 && !sessions.every((s) => s.protocol.terminated); round++) {
      for (const i of [1, 2, 3, 0]) {
        const s = sessions[i]!;
        if (s.protocol.terminated) continue;
        const step = s.step();
        if (step.output !== null) outputs[i] = step.output.map(bytesToHex).join(',');
        for (const [j, other] of sessions.entries()) {
          if (other.protocol.terminated) continue;
          for (const m of step.messages) {
            const verdict = label(other.onMessage(m));
            if (j === 0 && i !== 0) early.push(verdict);
          }
        }
      }
    }
    assert.deepEqual(outputs, sessions.map(() => [id(1), id(2)].map(bytesToHex).join(',')));
    assert.ok(early.length > 0 && early.every((v) => v === 'accept'), `early messages accepted: ${JSON.stringify([...new Set(early)])}`);
  });

  it('an equivocator is detected and dropped; two silent participants do not stop the honest majority', () => {
    const { signers, sessions } = cluster([30n, 30n, 30n, 30n, 10n, 10n, 10n]);
    sessions.forEach((s) => s.onInitial([id(1), id(2)]));
    const equivocator = 6;
    const silent = new Set([4, 5]);
    const { outputs, verdicts } = run(sessions, (from, msgs) => {
      if (silent.has(from)) return [];
      if (from !== equivocator) return msgs;
      // A second, differently valued but correctly signed preround message.
      return msgs.flatMap((m) => {
        const msg = decodeHareMessage(m);
        if (msg.body.iterRound.round !== 0) return [m];
        const body = { ...msg.body, value: { proposals: [id(7)], reference: null } };
        return [m, encodeHareMessage({ body, sender: msg.sender, signature: signers[from]!.sign(SigningDomain.HARE, hareSignedBytes(body)) })];
      });
    });
    const honest = [0, 1, 2, 3].map((i) => outputs[i]);
    assert.ok(honest.every((o) => o === [id(1), id(2)].map(bytesToHex).join(',')), `honest outputs ${JSON.stringify(honest)}`);
    assert.ok(verdicts.includes('equivocation'));
    assert.ok(sessions[0]!.protocol.equivocators.has(bytesToHex(signers[equivocator]!.publicKey)));
  });

  it('a proven-malicious identity\'s messages are taken but count for nothing', () => {
    // With its 60 % counted, all three would output [1]; without it the honest 40 % is below the threshold.
    const heavy = cluster([60n, 20n, 20n], new Set([0]));
    heavy.sessions.forEach((s) => s.onInitial([id(1)]));
    const { outputs, verdicts } = run(heavy.sessions);
    assert.deepEqual(outputs, [null, null, null]);
    assert.ok(verdicts.every((v) => v === 'accept'), 'its messages are accepted (relayed), not rejected');
    // A light malicious identity does not stop the honest majority, and its own value does not get in.
    const light = cluster([20n, 40n, 40n], new Set([0]));
    light.sessions[0]!.onInitial([id(1), id(9)]);
    light.sessions[1]!.onInitial([id(1)]);
    light.sessions[2]!.onInitial([id(1)]);
    assert.deepEqual(run(light.sessions).outputs.slice(1), [bytesToHex(id(1)), bytesToHex(id(1))]);
  });

  it('refuses malformed, wrongly signed, over-counted and foreign messages with a reason', () => {
    const { signers, sessions } = cluster([50n, 50n]);
    sessions.forEach((s) => s.onInitial([id(1)]));
    const [a, b] = sessions as [HareSession, HareSession];
    const good = a.step().messages[0]!;
    b.step();
    const msg = decodeHareMessage(good);
    const resign = (body: typeof msg.body): Uint8Array => encodeHareMessage({ body, sender: msg.sender, signature: signers[0]!.sign(SigningDomain.HARE, hareSignedBytes(body)) });
    const cases: [string, Uint8Array, string][] = [
      ['truncated', good.subarray(0, 10), 'MALFORMED'],
      ['bad signature', encodeHareMessage({ ...msg, signature: new Uint8Array(64) }), 'BAD_SIGNATURE'],
      ['count inflated', resign({ ...msg.body, eligibility: { ...msg.body.eligibility, count: msg.body.eligibility.count + 1 } }), 'BAD_ELIGIBILITY'],
      ['unsorted value', resign({ ...msg.body, value: { proposals: [id(2), id(1)], reference: null } }), 'BAD_VALUE'],
      ['wrong layer', resign({ ...msg.body, layer: LAYER + 1 }), 'WRONG_LAYER'],
      ['stranger', encodeHareMessage({ ...msg, sender: signer(9).publicKey }), 'NOT_ELIGIBLE'],
    ];
    for (const [name, bytes, code] of cases) {
      const v = b.onMessage(bytes);
      assert.ok(v.kind === 'reject' || v.kind === 'ignore', name);
      assert.equal('error' in v ? v.error.code : '', code, name);
    }
    assert.equal(b.onMessage(good).kind, 'accept', 'the untouched message still counts: nothing was recorded before');
  });
});
