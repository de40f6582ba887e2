/**
 * Scenarios ported from go-spacemesh `genvm/vm_test.go` (singleWalletTestCases @ cc65f271f3e2), with their expected
 * ineffective/failed classification and balances: NoFundsForSpawn, BadNonceOrder, FailedFeesAndGas, FailedSpawn,
 * SpendFromSpawned. Gas estimates are computed as the Go tester computes them (base + data + exec [+ load]).
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { subsidyAt } from '../../../core/rewards/issuance.js';
import { parseTx } from '../../../core/vm/parse.js';
import { type LayerInput, applyGenesis, applyLayer, getAccount, getBalance, getNextNonce } from '../../../core/vm/vm.js';
import { maxGas } from '../../../core/vm/gas.js';
import { CONFIG, FIRST_LAYER, addressOf, freshDb, rawSpawnOther, reward, selfSpawn, signer, spend } from './helpers.js';

const users = Array.from({ length: 13 }, (_, i) => signer(`go-tester-${i}`));
const addr = (i: number) => addressOf(users[i]!);
const FUNDED = 10n ** 12n;

function setup() {
  const db = freshDb();
  // Accounts 0..9 funded at genesis, 10..12 empty (go: addSingleSig(10).applyGenesis() plus unfunded extras).
  applyGenesis(db, users.slice(0, 10).map((u) => ({ address: addressOf(u), balance: FUNDED })));
  let next = FIRST_LAYER;
  const apply = (txs: Uint8Array[], extra: Partial<LayerInput> = {}, gasLimit = CONFIG.gasLimit) =>
    applyLayer(db, { ...CONFIG, gasLimit }, { layer: next++, block: null, txs, rewards: [], ...extra });
  return { db, apply };
}

const SPAWN_GAS = maxGas('spawn', selfSpawn(users[0]!).raw.length);
/** The tester's estimateSpendGas: MaxGas of that exact spend (its length depends on amount and nonce). */
const spendGas = (from: number, to: number, amount: bigint, nonce: bigint) => maxGas('spend', spend(users[from]!, addr(to), amount, nonce).raw.length);
const spawnOtherGas = (from: number, to: number) =>
  parseTx(rawSpawnOther(users[from]!, users[to]!.publicKey, 0n), { layer: 0, address: addr(from), nextNonce: 0n, balance: 0n, template: new Uint8Array(24).fill(1, 23), state: users[from]!.publicKey }).maxGas;

describe('go-spacemesh genvm scenarios', () => {
  it('NoFundsForSpawn: ineffective without funds, then OUT_OF_GAS with too little', () => {
    const { db, apply } = setup();
    assert.deepEqual(apply([selfSpawn(users[11]!).raw]).ineffective.map((t) => t.position), [0]);
    const out = apply([selfSpawn(users[0]!).raw, spend(users[0]!, addr(11), SPAWN_GAS - 1n, 1n).raw, selfSpawn(users[11]!, 1n).raw]);
    assert.deepEqual(out.executed.map((t) => t.message), ['', '', 'OUT_OF_GAS']);
    assert.equal(getNextNonce(db, addr(11)), 2n);
    assert.equal(getBalance(db, addr(11)), 0n);
    assert.equal(getAccount(db, addr(11)).template, null);
  });

  it('BadNonceOrder: a lower nonce after a higher one is ineffective; gaps are allowed', () => {
    const { db, apply } = setup();
    const out = apply([selfSpawn(users[0]!).raw, spend(users[0]!, addr(11), 100n, 2n).raw, spend(users[0]!, addr(10), 100n, 1n).raw]);
    assert.deepEqual(out.ineffective.map((t) => [t.position, t.reason]), [[2, 'NONCE_TOO_LOW']]);
    assert.equal(getBalance(db, addr(0)), FUNDED - 100n - SPAWN_GAS - spendGas(0, 11, 100n, 2n));
    assert.equal(getBalance(db, addr(10)), 0n);
    apply([spend(users[0]!, addr(10), 100n, 3n).raw, spend(users[0]!, addr(12), 100n, 6n).raw]);
    assert.equal(getBalance(db, addr(10)), 100n);
    assert.equal(getBalance(db, addr(12)), 100n);
    assert.equal(getNextNonce(db, addr(0)), 7n);
  });

  it('FailedFeesAndGas: a failed transaction consumes its MaxGas from the block and its fee goes to the coinbase', () => {
    const { db, apply } = setup();
    const toEleven = SPAWN_GAS - 1n;
    const gasLimit = SPAWN_GAS + spendGas(0, 11, toEleven, 1n) + SPAWN_GAS;
    const out = apply(
      [selfSpawn(users[0]!).raw, spend(users[0]!, addr(11), toEleven, 1n).raw, selfSpawn(users[11]!).raw],
      { rewards: [reward('20', addr(12))] },
      gasLimit,
    );
    assert.deepEqual(out.executed.map((t) => t.message), ['', '', 'OUT_OF_GAS']);
    assert.equal(getBalance(db, addr(0)), FUNDED - (SPAWN_GAS + spendGas(0, 11, toEleven, 1n) + toEleven));
    assert.equal(getNextNonce(db, addr(11)), 1n);
    assert.equal(getBalance(db, addr(12)), SPAWN_GAS + spendGas(0, 11, toEleven, 1n) + toEleven + subsidyAt(0));
  });

  it('FailedSpawn: spawning another account without the fee fails; the funded principal spawns it later', () => {
    const { db, apply } = setup();
    const out = apply([
      selfSpawn(users[0]!).raw,
      spend(users[0]!, addr(11), 2n * SPAWN_GAS - 1n, 1n).raw,
      selfSpawn(users[11]!).raw,
      rawSpawnOther(users[11]!, users[12]!.publicKey, 1n),
    ]);
    assert.deepEqual(out.executed.map((t) => t.message), ['', '', '', 'OUT_OF_GAS']);
    assert.equal(getNextNonce(db, addr(11)), 2n);
    assert.equal(getAccount(db, addr(12)).template, null);
    apply([rawSpawnOther(users[0]!, users[12]!.publicKey, 2n)]);
    assert.deepEqual(getAccount(db, addr(12)).state, users[12]!.publicKey);
  });

  it('Spawn + SpendFromSpawned: a spawned wallet pays load gas to spawn another, which can then spend', () => {
    const { db, apply } = setup();
    apply([selfSpawn(users[0]!).raw, rawSpawnOther(users[0]!, users[11]!.publicKey, 1n)]);
    assert.equal(getBalance(db, addr(0)), FUNDED - SPAWN_GAS - spawnOtherGas(0, 11));
    assert.equal(getNextNonce(db, addr(0)), 2n);
    assert.equal(getNextNonce(db, addr(11)), 0n);
    const funding = 200n + spendGas(11, 12, 200n, 0n);
    apply([spend(users[0]!, addr(11), funding, 2n).raw]);
    apply([spend(users[11]!, addr(12), 200n, 0n).raw]);
    assert.equal(getBalance(db, addr(11)), 0n);
    assert.equal(getBalance(db, addr(12)), 200n);
  });
});
