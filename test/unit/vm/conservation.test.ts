/**
 * Property: no smidge is created or lost. After any sequence of layers with random spends (good, replayed,
 * overspending, gapped nonces, various gas prices) and random reward weights, the sum of all balances equals the
 * genesis supply plus every layer's subsidy minus every layer's burnt dust, and re-applying after a revert
 * reproduces the same state hashes.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { generateAddress } from '../../../core/types/address.js';
import { type LayerInput, applyGenesis, applyLayer, getBalance, getNextNonce, getStateHash, revertTo } from '../../../core/vm/vm.js';
import { CONFIG, FIRST_LAYER, addressOf, freshDb, rawSpend, reward, selfSpawn, signer } from './helpers.js';

const USERS = ['u0', 'u1', 'u2'].map(signer);
const ADDRS = [...USERS.map(addressOf), generateAddress(new Uint8Array(20).fill(9))];
const GENESIS = 10n ** 12n;

const spendArb = fc.record({
  from: fc.integer({ min: 0, max: USERS.length - 1 }),
  to: fc.integer({ min: 0, max: ADDRS.length - 1 }),
  // Fractions of the sender's balance, some above 1 (overspends).
  permille: fc.integer({ min: 0, max: 1300 }),
  nonceShift: fc.constantFrom(0n, 0n, 0n, -1n, 1n),
  gasPrice: fc.constantFrom(1n, 2n, 3n),
});
const layerArb = fc.record({
  spends: fc.array(spendArb, { maxLength: 5 }),
  rewards: fc.array(fc.record({ to: fc.integer({ min: 0, max: ADDRS.length - 1 }), num: fc.bigInt({ min: 1n, max: 50n }), denom: fc.bigInt({ min: 1n, max: 7n }) }), {
    maxLength: 3,
  }),
});

describe('VM conservation', () => {
  it('sum of balances == genesis + minted subsidy - burnt, over random layers; revert + re-apply is identical', () => {
    fc.assert(
      fc.property(fc.array(layerArb, { minLength: 1, maxLength: 4 }), (layers) => {
        const db = freshDb();
        applyGenesis(db, USERS.map((u) => ({ address: addressOf(u), balance: GENESIS })));
        let expected = GENESIS * BigInt(USERS.length);
        const inputs: LayerInput[] = [{ layer: FIRST_LAYER, block: null, txs: USERS.map((u) => selfSpawn(u).raw), rewards: [] }];
        const apply = (input: LayerInput) => {
          const out = applyLayer(db, CONFIG, input);
          expected += out.subsidy - out.burnt;
          const total = ADDRS.reduce((sum, a) => sum + getBalance(db, a), 0n);
          assert.equal(total, expected, `layer ${input.layer}`);
          return out.stateHash;
        };
        apply(inputs[0]!);
        layers.forEach((l, i) => {
          const txs = l.spends.map((s) => {
            const from = USERS[s.from]!;
            const next = getNextNonce(db, addressOf(from));
            const nonce = next + s.nonceShift < 0n ? 0n : next + s.nonceShift;
            const amount = (getBalance(db, addressOf(from)) * BigInt(s.permille)) / 1000n;
            return rawSpend(from, ADDRS[s.to]!, amount, nonce, s.gasPrice);
          });
          const rewards = l.rewards.map((r, j) => reward(`l${i}r${j}`, ADDRS[r.to]!, r.num, r.denom));
          inputs.push({ layer: FIRST_LAYER + 1 + i, block: null, txs, rewards });
          apply(inputs[inputs.length - 1]!);
        });
        const hashes = inputs.map((input) => getStateHash(db, input.layer));
        revertTo(db, FIRST_LAYER);
        for (const input of inputs.slice(1)) applyLayer(db, CONFIG, input);
        assert.deepEqual(inputs.map((input) => getStateHash(db, input.layer)), hashes);
      }),
      { numRuns: 25, seed: 6 },
    );
  });
});
