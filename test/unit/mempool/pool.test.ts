/**
 * The mempool's conservative state, pure: nonce and projected-balance checks across an account's pending
 * transactions, best per nonce, the per-account cap, proposal selection in nonce order, eviction and re-basing when
 * a layer applies, rejections that leave the pool unchanged, and a fast-check property that the pool never holds a
 * chain its balance cannot pay.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { blake3 } from '../../../core/crypto/hash.js';
import { Mempool, type PendingTx } from '../../../core/mempool/pool.js';
import { bytesToHex } from '../../../core/util/bytes.js';
import { hasErrorCode } from '../../../core/util/errors.js';

const A = new Uint8Array(24).fill(1, 4);
const B = new Uint8Array(24).fill(2, 4);
let counter = 0;

function tx(principal: Uint8Array, nonce: bigint, fee: bigint, amount = 0n, receivedMs = 0): PendingTx {
  return { id: blake3(Uint8Array.of(counter++, counter >> 8)), principal, nonce, fee, spending: fee + amount, maxGas: fee, receivedMs };
}

const rich = { nextNonce: 0n, balance: 1_000_000n };
const ids = (list: readonly PendingTx[]) => list.map((t) => bytesToHex(t.id));

function snapshot(pool: Mempool) {
  return { size: pool.size, a: ids(pool.candidates(A)), b: ids(pool.candidates(B)) };
}

describe('Mempool', () => {
  it('accepts in-order nonces while the projected balance covers fee + amount', () => {
    const pool = new Mempool();
    assert.equal(pool.add(tx(A, 0n, 100n, 400n), { nextNonce: 0n, balance: 1000n }), 'added');
    assert.equal(pool.add(tx(A, 1n, 100n, 400n), { nextNonce: 0n, balance: 1000n }), 'added');
    const before = snapshot(pool);
    assert.throws(() => pool.add(tx(A, 2n, 1n), { nextNonce: 0n, balance: 1000n }), (e) => hasErrorCode(e, 'INSUFFICIENT_BALANCE'));
    assert.deepEqual(snapshot(pool), before, 'a rejection changes nothing');
    assert.deepEqual(pool.projection(A, rich), { nextNonce: 2n, balance: 0n });
  });

  it('refuses used nonces, duplicates and a full account', () => {
    const pool = new Mempool({ maxPerAccount: 2 });
    const first = tx(A, 5n, 1n);
    pool.add(first, { nextNonce: 5n, balance: 10n });
    assert.throws(() => pool.add(tx(A, 4n, 1n), rich), (e) => hasErrorCode(e, 'NONCE_TOO_LOW'));
    assert.throws(() => pool.add(first, rich), (e) => hasErrorCode(e, 'DUPLICATE'));
    pool.add(tx(A, 6n, 1n), rich);
    assert.throws(() => pool.add(tx(A, 7n, 1n), rich), (e) => hasErrorCode(e, 'TOO_MANY_PENDING'));
    assert.equal(pool.size, 2);
  });

  it('keeps the best transaction per nonce: higher fee replaces, lower or later-equal does not', () => {
    const pool = new Mempool();
    const low = tx(A, 0n, 10n, 0n, 1);
    pool.add(low, rich);
    assert.throws(() => pool.add(tx(A, 0n, 10n, 0n, 2), rich), (e) => hasErrorCode(e, 'NOT_BETTER'));
    assert.throws(() => pool.add(tx(A, 0n, 9n), rich), (e) => hasErrorCode(e, 'NOT_BETTER'));
    // What the nonce cannot pay is INSUFFICIENT_BALANCE first (go's precheck), however it compares.
    assert.throws(() => pool.add(tx(A, 0n, 9n, 2_000_000n), rich), (e) => hasErrorCode(e, 'INSUFFICIENT_BALANCE'));
    const high = tx(A, 0n, 11n);
    assert.equal(pool.add(high, rich), 'replaced');
    assert.deepEqual(ids(pool.candidates(A)), ids([high]));
  });

  it('a better but larger transaction parks later nonces it makes unpayable; a layer brings them back', () => {
    const pool = new Mempool();
    const start = { nextNonce: 0n, balance: 100n };
    const n0 = tx(A, 0n, 10n, 40n);
    const n1 = tx(A, 1n, 10n, 40n);
    pool.add(n0, start);
    pool.add(n1, start);
    const big = tx(A, 0n, 20n, 70n);
    pool.add(big, start);
    assert.deepEqual(ids(pool.candidates(A)), ids([big]));
    // The layer did not execute nonce 0 but paid the account: n1 fits again behind big.
    pool.onLayerApplied(() => ({ nextNonce: 0n, balance: 200n }));
    assert.deepEqual(ids(pool.candidates(A)), ids([big, n1]));
  });

  it('selects for proposals by fee while keeping each account in nonce order', () => {
    const pool = new Mempool();
    const a0 = tx(A, 0n, 5n);
    const a1 = tx(A, 1n, 50n);
    const b0 = tx(B, 0n, 10n);
    for (const t of [a0, a1, b0]) pool.add(t, rich);
    assert.deepEqual(pool.selectForProposal(10).map(bytesToHex), ids([b0, a0, a1]));
    assert.deepEqual(pool.selectForProposal(1).map(bytesToHex), ids([b0]));
  });

  it('evicts used nonces when a layer applies and drops empty accounts', () => {
    const pool = new Mempool();
    const a0 = tx(A, 0n, 1n);
    const a1 = tx(A, 1n, 1n);
    const b0 = tx(B, 0n, 1n);
    for (const t of [a0, a1, b0]) pool.add(t, rich);
    const evicted = pool.onLayerApplied((p) => (bytesToHex(p) === bytesToHex(A) ? { nextNonce: 1n, balance: 10n } : { nextNonce: 1n, balance: 0n }));
    assert.deepEqual(evicted.map(bytesToHex).sort(), ids([a0, b0]).sort());
    assert.deepEqual(ids(pool.candidates(A)), ids([a1]));
    assert.deepEqual(pool.candidates(B), []);
    assert.equal(pool.size, 1);
  });

  it('never holds a chain the projected balance cannot pay, and accepts only what lands in it', () => {
    const txArb = fc.record({ b: fc.boolean(), nonce: fc.bigInt({ min: 0n, max: 6n }), fee: fc.bigInt({ min: 1n, max: 30n }), amount: fc.bigInt({ min: 0n, max: 60n }) });
    fc.assert(
      fc.property(fc.array(txArb, { maxLength: 30 }), fc.bigInt({ min: 0n, max: 200n }), (txs, balance) => {
        const pool = new Mempool({ maxPerAccount: 8 });
        const state = { nextNonce: 1n, balance };
        for (const t of txs) {
          const candidate = tx(t.b ? B : A, t.nonce, t.fee, t.amount);
          const before = snapshot(pool);
          try {
            pool.add(candidate, state);
            assert.ok(pool.candidates(candidate.principal).includes(candidate), 'accepted means payable now');
          } catch {
            assert.deepEqual(snapshot(pool), before);
          }
          for (const who of [A, B]) {
            const chain = pool.candidates(who);
            const spent = chain.reduce((s, c) => s + c.spending, 0n);
            assert.ok(spent <= balance, 'the chain fits the balance');
            chain.forEach((c, i) => i > 0 && assert.ok(c.nonce > chain[i - 1]!.nonce, 'ascending nonces'));
          }
        }
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});
