/**
 * The VM over a real in-memory state database: rewards credited, a spend moving exactly amount + fee, replayed
 * nonces and bad transactions ineffective, overspends failing with the fee paid, spawns, block gas, overflow,
 * layer order, revert, and replaying all layers from an empty database.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blake3 } from '../../../core/crypto/hash.js';
import { subsidyAt } from '../../../core/rewards/issuance.js';
import { listRewardsByCoinbase, listRewardsBySmesher } from '../../../core/rewards/store.js';
import { generateAddress } from '../../../core/types/address.js';
import { bytesToHex } from '../../../core/util/bytes.js';
import { hasErrorCode } from '../../../core/util/errors.js';
import { encodeAccount } from '../../../core/vm/account.js';
import { listLatestAccounts } from '../../../core/vm/store.js';
import { U64_MAX } from '../../../core/vm/u64.js';
import { getTxResult, listTransactionsByAddress, listPendingTransactions } from '../../../core/vm/txStore.js';
import {
  type LayerInput,
  applyGenesis,
  applyLayer,
  getAccount,
  getBalance,
  getNextNonce,
  getStateHash,
  getTemplate,
  revertTo,
} from '../../../core/vm/vm.js';
import { maxGas } from '../../../core/vm/gas.js';
import {
  CONFIG,
  FIRST_LAYER,
  addressOf,
  freshDb,
  rawSpawn,
  rawSpawnOther,
  rawSpend,
  reward,
  selfSpawn,
  signer,
  spend,
} from './helpers.js';

const alice = signer('alice');
const bob = signer('bob');
const ALICE = addressOf(alice);
const BOB = addressOf(bob);
const MINER = generateAddress(new Uint8Array(20).fill(7));

function layer(n: number, txs: Uint8Array[] = [], rewards = [reward('miner', MINER)]): LayerInput {
  return { layer: FIRST_LAYER + n, block: blake3(Uint8Array.of(n)).slice(0, 20), txs, rewards };
}

describe('applyLayer: rewards', () => {
  it('credits the whole subsidy to a single coinbase and records the reward', () => {
    const db = freshDb();
    const out = applyLayer(db, CONFIG, layer(0, [], [reward('a', ALICE)]));
    assert.equal(out.subsidy, subsidyAt(0));
    assert.equal(getBalance(db, ALICE), subsidyAt(0));
    assert.equal(out.burnt, 0n);
    const [r] = listRewardsByCoinbase(db, ALICE);
    assert.deepEqual(r, { smesherId: reward('a', ALICE).smesherId, coinbase: ALICE, layer: FIRST_LAYER, totalReward: subsidyAt(0), layerReward: subsidyAt(0) });
    assert.equal(listRewardsBySmesher(db, r.smesherId).length, 1);
  });

  it('burns the subsidy of an empty layer and hashes no accounts', () => {
    const db = freshDb();
    const out = applyLayer(db, CONFIG, { layer: FIRST_LAYER, block: null, txs: [], rewards: [] });
    assert.equal(out.burnt, subsidyAt(0));
    assert.deepEqual(out.changed, []);
    assert.deepEqual(getStateHash(db, FIRST_LAYER), blake3());
  });

  it('splits by weight, floors, and burns the dust', () => {
    const db = freshDb();
    const out = applyLayer(db, CONFIG, layer(0, [], [reward('a', ALICE, 1n, 3n), reward('b', BOB, 2n, 3n)]));
    const s = subsidyAt(0);
    assert.equal(getBalance(db, ALICE), s / 3n);
    assert.equal(getBalance(db, BOB), (2n * s) / 3n);
    assert.equal(out.burnt, s - s / 3n - (2n * s) / 3n);
  });
});

/** Alice is rewarded at layer 0 and self-spawns at layer 1; the miner is paid in every layer. */
function fundedAndSpawned() {
  const db = freshDb();
  applyLayer(db, CONFIG, layer(0, [], [reward('a', ALICE)]));
  const spawn = selfSpawn(alice);
  const out = applyLayer(db, CONFIG, layer(1, [spawn.raw]));
  assert.equal(out.executed[0]?.status, 'success');
  return { db, spawnFee: spawn.fee };
}

describe('applyLayer: transactions', () => {
  it('self-spawns: stores the template and key, bumps the nonce, charges MaxGas * GasPrice', () => {
    const { db, spawnFee } = fundedAndSpawned();
    assert.equal(spawnFee, maxGas('spawn', 148));
    assert.deepEqual(getTemplate(db, ALICE), Uint8Array.of(...new Uint8Array(23), 1));
    assert.deepEqual(getAccount(db, ALICE).state, alice.publicKey);
    assert.equal(getNextNonce(db, ALICE), 1n);
    assert.equal(getBalance(db, ALICE), subsidyAt(0) - spawnFee);
  });

  it('a spend from a rewarded account to a new account moves exactly amount + fee', () => {
    const { db } = fundedAndSpawned();
    const before = getBalance(db, ALICE);
    const minerBefore = getBalance(db, MINER);
    const tx = spend(alice, BOB, 1_000_000n, 1n, 2n);
    const out = applyLayer(db, CONFIG, layer(2, [tx.raw]));
    assert.equal(out.executed[0]?.status, 'success');
    assert.equal(tx.fee, maxGas('spend', tx.raw.length) * 2n);
    assert.equal(before - getBalance(db, ALICE), 1_000_000n + tx.fee);
    assert.equal(getBalance(db, BOB), 1_000_000n);
    assert.equal(getNextNonce(db, ALICE), 2n);
    // The fee goes to the layer's coinbase with the subsidy.
    assert.equal(getBalance(db, MINER) - minerBefore, subsidyAt(2) + tx.fee);
    assert.deepEqual(getTxResult(db, tx.id), { id: tx.id, layer: FIRST_LAYER + 2, position: 0, status: 'success', message: '', gas: tx.maxGas, fee: tx.fee });
    assert.equal(listTransactionsByAddress(db, BOB)[0]?.status, 'applied');
  });

  it('a replayed nonce is ineffective and changes nothing', () => {
    const { db } = fundedAndSpawned();
    const tx = spend(alice, BOB, 5n, 1n);
    applyLayer(db, CONFIG, layer(2, [tx.raw]));
    const again = spend(alice, BOB, 6n, 1n); // a different tx with the used nonce
    const balance = getBalance(db, ALICE);
    const out = applyLayer(db, CONFIG, layer(3, [tx.raw, again.raw]));
    assert.deepEqual(out.ineffective.map((t) => t.reason), ['NONCE_TOO_LOW', 'NONCE_TOO_LOW']);
    assert.equal(getBalance(db, ALICE), balance);
    assert.equal(getBalance(db, BOB), 5n);
    assert.equal(getTxResult(db, again.id), null);
    assert.equal(listPendingTransactions(db).length, 1, 'the ineffective new tx stays pending');
  });

  it('an overspend fails, pays its fee and uses its nonce; a fee above the balance takes everything', () => {
    const { db } = fundedAndSpawned();
    const balance = getBalance(db, ALICE);
    const over = spend(alice, BOB, balance, 1n);
    const out = applyLayer(db, CONFIG, layer(2, [over.raw]));
    assert.equal(out.executed[0]?.status, 'failure');
    assert.equal(out.executed[0]?.message, 'NO_BALANCE');
    assert.equal(getBalance(db, ALICE), balance - over.fee);
    assert.equal(getBalance(db, BOB), 0n);
    assert.equal(getNextNonce(db, ALICE), 2n);

    const left = getBalance(db, ALICE);
    const pricey = spend(alice, BOB, 1n, 2n, left); // fee = MaxGas * left > left >= intrinsic gas
    const out2 = applyLayer(db, CONFIG, layer(3, [pricey.raw]));
    assert.equal(out2.executed[0]?.message, 'OUT_OF_GAS');
    assert.equal(out2.executed[0]?.fee, left);
    assert.equal(getBalance(db, ALICE), 0n);
    assert.equal(getNextNonce(db, ALICE), 3n);
  });

  it('makes bad transactions ineffective with their reason', () => {
    const { db } = fundedAndSpawned();
    const balance = getBalance(db, ALICE);
    const forged = spend(alice, BOB, 1n, 1n).raw.slice();
    forged[forged.length - 1]! ^= 1;
    const cases: Array<[Uint8Array, string]> = [
      [Uint8Array.of(0, 1, 2), 'MALFORMED'],
      [forged, 'BAD_SIGNATURE'],
      [rawSpend(alice, BOB, 1n, 1n, 0n), 'ZERO_GAS_PRICE'],
      [spend(bob, ALICE, 1n, 0n).raw, 'NOT_SPAWNED'],
      [rawSpawn(bob, 0n, 1n, Uint8Array.of(...new Uint8Array(23), 2)), 'UNKNOWN_TEMPLATE'],
      [selfSpawn(bob).raw, 'INTRINSIC_GAS'],
      [rawSpend(alice, BOB, 1n, 1n, 1n << 60n), 'OVERFLOW'],
    ];
    const out = applyLayer(db, CONFIG, layer(2, cases.map(([raw]) => raw)));
    assert.deepEqual(out.ineffective.map((t) => t.reason), cases.map(([, code]) => code));
    assert.equal(out.executed.length, 0);
    assert.equal(getBalance(db, ALICE), balance);
    assert.equal(getNextNonce(db, ALICE), 1n);
  });

  it('stops at the block gas limit', () => {
    const { db } = fundedAndSpawned();
    const a = spend(alice, BOB, 1n, 1n);
    const b = spend(alice, BOB, 1n, 2n);
    const out = applyLayer(db, { ...CONFIG, gasLimit: a.maxGas + b.maxGas - 1n }, layer(2, [a.raw, b.raw]));
    assert.equal(out.executed.length, 1);
    assert.equal(out.ineffective[0]?.reason, 'BLOCK_GAS');
  });

  it('a second self-spawn fails with SPAWNED; a spawned wallet can spawn another', () => {
    const { db } = fundedAndSpawned();
    const again = rawSpawn(alice, 1n, 1n);
    const other = rawSpawnOther(alice, bob.publicKey, 2n);
    const out = applyLayer(db, CONFIG, layer(2, [again, other]));
    assert.deepEqual(out.executed.map((t) => [t.status, t.message]), [['failure', 'SPAWNED'], ['success', '']]);
    assert.deepEqual(getAccount(db, BOB).state, bob.publicKey);
    assert.equal(getNextNonce(db, BOB), 0n);
    // Bob's account exists (spawned) but holds nothing, so his own spend is ineffective for lack of intrinsic gas.
    const out2 = applyLayer(db, CONFIG, layer(3, [spend(bob, ALICE, 0n, 0n).raw]));
    assert.equal(out2.ineffective[0]?.reason, 'INTRINSIC_GAS');
  });

  it('fails a transfer whose credit would overflow u64', () => {
    const db = freshDb();
    applyGenesis(db, [
      { address: ALICE, balance: 10n ** 9n },
      { address: BOB, balance: U64_MAX },
    ]);
    const out = applyLayer(db, CONFIG, layer(0, [selfSpawn(alice).raw, spend(alice, BOB, 1n, 1n).raw], []));
    assert.deepEqual(out.executed.map((t) => t.message), ['', 'OVERFLOW']);
    assert.equal(getBalance(db, BOB), U64_MAX);
  });
});

describe('applyLayer: order, state hash, revert, replay', () => {
  it('refuses layers out of order or before genesis and writes nothing', () => {
    const db = freshDb();
    assert.throws(() => applyLayer(db, CONFIG, { ...layer(0), layer: FIRST_LAYER - 1 }), (e) => hasErrorCode(e, 'LAYER_ORDER'));
    applyLayer(db, CONFIG, layer(0));
    assert.throws(() => applyLayer(db, CONFIG, layer(2)), (e) => hasErrorCode(e, 'LAYER_ORDER'));
    assert.throws(() => applyLayer(db, CONFIG, layer(0)), (e) => hasErrorCode(e, 'LAYER_ORDER'));
    assert.equal(getStateHash(db, FIRST_LAYER + 2), null);
  });

  it('hashes the changed accounts in first-change order (principal, destination, then coinbases)', () => {
    const { db } = fundedAndSpawned();
    const tx = spend(alice, BOB, 7n, 1n);
    const out = applyLayer(db, CONFIG, layer(2, [tx.raw]));
    assert.deepEqual(out.changed.map((a) => bytesToHex(a.address)), [ALICE, BOB, MINER].map(bytesToHex));
    assert.ok(out.changed.every((a) => a.layer === FIRST_LAYER + 2));
    assert.deepEqual(getStateHash(db, FIRST_LAYER + 2), out.stateHash);
  });

  it('matches go-spacemesh TestStateHashFromUpdatedAccounts: accounts 0, 1, 2, 4 hashed as stored at the layer', () => {
    const db = freshDb();
    const users = [0, 1, 2, 3, 4].map((i) => signer(`user${i}`));
    applyGenesis(db, users.map((u) => ({ address: addressOf(u), balance: 10n ** 12n })));
    const out = applyLayer(db, CONFIG, {
      layer: FIRST_LAYER,
      block: null,
      txs: [selfSpawn(users[0]!).raw, selfSpawn(users[1]!).raw, spend(users[0]!, addressOf(users[2]!), 100n, 1n).raw, spend(users[1]!, addressOf(users[4]!), 100n, 1n).raw],
      rewards: [],
    });
    assert.equal(out.ineffective.length, 0);
    const expected = blake3(...[0, 1, 2, 4].map((i) => encodeAccount(getAccount(db, addressOf(users[i]!), FIRST_LAYER))));
    assert.deepEqual(getStateHash(db, FIRST_LAYER), expected);
  });

  it('revert restores balances, nonces, rewards and the state hash; re-applying gives the same hash', () => {
    const { db } = fundedAndSpawned();
    const hash1 = getStateHash(db, FIRST_LAYER + 1);
    const balance = getBalance(db, ALICE);
    const tx = spend(alice, BOB, 99n, 1n);
    const l2 = layer(2, [tx.raw]);
    const first = applyLayer(db, CONFIG, l2);
    revertTo(db, FIRST_LAYER + 1);
    assert.equal(getBalance(db, ALICE), balance);
    assert.equal(getBalance(db, BOB), 0n);
    assert.equal(getNextNonce(db, ALICE), 1n);
    assert.equal(getStateHash(db, FIRST_LAYER + 2), null);
    assert.deepEqual(getStateHash(db, FIRST_LAYER + 1), hash1);
    assert.equal(getTxResult(db, tx.id), null);
    assert.equal(listRewardsByCoinbase(db, MINER).length, 1);
    const second = applyLayer(db, CONFIG, l2);
    assert.deepEqual(second.stateHash, first.stateHash);
    assert.equal(getBalance(db, BOB), 99n);
  });

  it('answers account queries at a past layer', () => {
    const { db } = fundedAndSpawned();
    applyLayer(db, CONFIG, layer(2, [spend(alice, BOB, 3n, 1n).raw]));
    assert.equal(getBalance(db, ALICE, FIRST_LAYER), subsidyAt(0));
    assert.equal(getTemplate(db, ALICE, FIRST_LAYER), null);
    assert.equal(getNextNonce(db, ALICE, FIRST_LAYER + 1), 1n);
    assert.equal(getBalance(db, BOB, FIRST_LAYER + 1), 0n);
    assert.equal(getBalance(db, BOB, FIRST_LAYER + 2), 3n);
    const latest = listLatestAccounts(db);
    assert.deepEqual(latest.map((a) => bytesToHex(a.address)), [ALICE, BOB, MINER].map(bytesToHex).sort());
    assert.deepEqual(latest.find((a) => bytesToHex(a.address) === bytesToHex(ALICE)), getAccount(db, ALICE));
  });

  it('replaying every layer into an empty database reproduces every stored state hash', () => {
    const db = freshDb();
    const carol = signer('carol');
    const inputs: LayerInput[] = [
      layer(0, [], [reward('a', ALICE), reward('b', BOB, 2n, 1n)]),
      layer(1, [selfSpawn(alice).raw, selfSpawn(bob).raw]),
      { layer: FIRST_LAYER + 2, block: null, txs: [], rewards: [] },
      layer(3, [spend(alice, addressOf(carol), 10_000n, 1n).raw, spend(bob, ALICE, 5n, 1n).raw, spend(alice, BOB, 1n, 1n).raw]),
      layer(4, [spend(alice, BOB, 10n ** 18n, 2n).raw], [reward('c', addressOf(carol), 3n, 7n), reward('a', ALICE, 4n, 7n)]),
    ];
    const stored = inputs.map((input) => applyLayer(db, CONFIG, input).stateHash);
    const replay = freshDb();
    inputs.forEach((input, i) => {
      applyLayer(replay, CONFIG, input);
      assert.deepEqual(getStateHash(replay, input.layer), getStateHash(db, input.layer), `layer ${input.layer}`);
      assert.deepEqual(getStateHash(replay, input.layer), stored[i]);
    });
    for (const a of [ALICE, BOB, addressOf(carol), MINER]) assert.deepEqual(getAccount(replay, a), getAccount(db, a));
  });
});
