/**
 * The transaction handler over a real in-memory state database: verdicts and reasons for good, malformed, wrongly
 * signed, zero-price, replayed, unspawned and overspending transactions; nothing stored or pooled on a refusal; a
 * transaction no better than its nonce's candidate stored but not pooled;
 * eviction after a layer applies; and the pool rebuilt from storage after a restart.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createTxHandler, restoreMempool, syncMempoolWithState } from '../../../core/mempool/handler.js';
import { Mempool } from '../../../core/mempool/pool.js';
import { bytesToHex } from '../../../core/util/bytes.js';
import { hasTransaction, listPendingTransactions, listTransactionsByAddress } from '../../../core/vm/txStore.js';
import { applyLayer, getBalance } from '../../../core/vm/vm.js';
import { CONFIG, FIRST_LAYER, GENESIS_ID, addressOf, freshDb, rawSpend, reward, selfSpawn, signer, spend } from '../vm/helpers.js';

const alice = signer('alice');
const bob = signer('bob');
const ALICE = addressOf(alice);
const BOB = addressOf(bob);

/** Alice rewarded and spawned in two applied layers. */
function setup() {
  const db = freshDb();
  applyLayer(db, CONFIG, { layer: FIRST_LAYER, block: null, txs: [], rewards: [reward('a', ALICE)] });
  applyLayer(db, CONFIG, { layer: FIRST_LAYER + 1, block: null, txs: [selfSpawn(alice).raw], rewards: [] });
  const mempool = new Mempool();
  let now = 1000;
  const handle = createTxHandler({ db, genesisId: GENESIS_ID, mempool, now: () => now++ });
  return { db, mempool, handle };
}

describe('transaction handler', () => {
  it('accepts a valid spend, stores it as pending and pools it', async () => {
    const { db, mempool, handle } = setup();
    const tx = spend(alice, BOB, 1000n, 1n);
    assert.deepEqual(await handle(tx.raw), { kind: 'accept', value: { id: bytesToHex(tx.id), outcome: 'added' } });
    assert.ok(mempool.has(tx.id));
    assert.equal(listTransactionsByAddress(db, BOB)[0]?.status, 'pending');
    assert.deepEqual(mempool.selectForProposal(5), [tx.id]);
  });

  it('rejects or ignores bad transactions with a reason and changes nothing', async () => {
    const { db, mempool, handle } = setup();
    const balance = getBalance(db, ALICE);
    const forged = spend(alice, BOB, 1n, 1n).raw.slice();
    forged[30]! ^= 1;
    const used = spend(alice, BOB, 1n, 0n);
    const cases: Array<[Uint8Array, string, string]> = [
      [Uint8Array.of(0, 0), 'reject', 'MALFORMED'],
      [new Uint8Array(1100), 'reject', 'MALFORMED'],
      [forged, 'reject', 'BAD_SIGNATURE'],
      [rawSpend(alice, BOB, 1n, 1n, 0n), 'reject', 'ZERO_GAS_PRICE'],
      [rawSpend(alice, BOB, 1n, 1n, 1n << 62n), 'reject', 'OVERFLOW'],
      [used.raw, 'ignore', 'NONCE_TOO_LOW'],
      [spend(bob, ALICE, 1n, 0n).raw, 'ignore', 'NOT_SPAWNED'],
      [spend(alice, BOB, balance, 1n).raw, 'ignore', 'INSUFFICIENT_BALANCE'],
    ];
    for (const [raw, result, code] of cases) {
      const verdict = await handle(raw);
      assert.equal(verdict.kind, result, code);
      assert.ok(verdict.kind !== 'accept' && verdict.error.code === code && verdict.error.message.length > 0, `${code}: ${verdict.kind === 'accept' ? 'accepted' : `${verdict.error.code} ${verdict.error.message}`}`);
    }
    assert.equal(mempool.size, 0);
    assert.deepEqual(listPendingTransactions(db), []);
  });

  it('an overspend across pending transactions is refused: the projected balance counts earlier nonces', async () => {
    const { db, handle } = setup();
    const balance = getBalance(db, ALICE);
    const first = spend(alice, BOB, balance / 2n, 1n);
    assert.equal((await handle(first.raw)).kind, 'accept');
    const second = spend(alice, BOB, balance / 2n, 2n);
    const verdict = await handle(second.raw);
    assert.equal(verdict.kind === 'ignore' && verdict.error.code, 'INSUFFICIENT_BALANCE');
    assert.equal(hasTransaction(db, second.id), false);
    const duplicate = await handle(first.raw);
    assert.equal(duplicate.kind === 'ignore' && duplicate.error.code, 'DUPLICATE');
  });

  it('stores a transaction no better than its nonce’s candidate without pooling it (go txs/cache.go accept)', async () => {
    const { db, mempool, handle } = setup();
    const dear = spend(alice, BOB, 10n, 1n, 2n);
    assert.equal((await handle(dear.raw)).kind, 'accept');
    const cheap = spend(alice, BOB, 11n, 1n, 1n);
    assert.deepEqual(await handle(cheap.raw), { kind: 'accept', value: { id: bytesToHex(cheap.id), outcome: 'stored' } });
    assert.ok(hasTransaction(db, cheap.id), 'stored: a peer proposal listing it can be built into a block');
    assert.equal(mempool.has(cheap.id), false);
    assert.deepEqual(mempool.selectForProposal(5), [dear.id]);
    assert.equal((await handle(cheap.raw)).kind, 'ignore', 'known now: DUPLICATE');
  });

  it('evicts executed transactions after the layer applies, and restores pending ones after a restart', async () => {
    const { db, mempool, handle } = setup();
    const a = spend(alice, BOB, 10n, 1n);
    const b = spend(alice, BOB, 20n, 2n);
    await handle(a.raw);
    await handle(b.raw);
    const forged = spend(alice, BOB, 1n, 3n).raw.slice();
    forged[forged.length - 1]! ^= 1;
    // The forged one is ineffective in the block and stored as pending, but must not come back into a pool.
    applyLayer(db, CONFIG, { layer: FIRST_LAYER + 2, block: null, txs: [a.raw, forged], rewards: [] });
    assert.deepEqual(syncMempoolWithState(db, mempool).map(bytesToHex), [bytesToHex(a.id)]);
    assert.deepEqual(mempool.selectForProposal(5), [b.id]);
    const restarted = new Mempool();
    assert.equal(restoreMempool(db, GENESIS_ID, restarted), 1);
    assert.deepEqual(restarted.selectForProposal(5), [b.id]);
  });
});
