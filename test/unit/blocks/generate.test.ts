/**
 * Block generation as go-spacemesh's generator builds it (docs/protocol/blocks-and-rewards.md §2; go-spacemesh
 * `blocks/utils.go`, `txs/cache.go`, `txs/nano_tx.go`, `txs/conservative_state.go`): deterministic whatever the order
 * of the hare output; rewards by ATX weight and eligibilities; the best transaction per (principal, nonce); what an
 * account of 2^64−1 can pay; at most 100 nonces; leading applied transactions dropped; the MT19937 shuffle with each
 * account's nonce order; pruning to the gas limit in go's wrapping uint64; unknown transactions refused, never
 * dropped. The MT19937 and shuffle vectors were produced by Go 1.19's `math/rand` over seehuhn/mt19937 v1.0.0 (the
 * version go-spacemesh cc65f271f3e2 pins), `rand.New(mt).Shuffle(n, swap)` after `mt.SeedFromSlice(words)`.
 * @module
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  BlockError,
  type BlockTx,
  MAX_BLOCK_TXS_PER_ACCOUNT,
  blockTxFromRaw,
  feasibleByPrincipal,
  generateBlock,
  proposalsSeed,
  selectBlockTxs,
} from '../../../core/blocks/generate.js';
import { Mt19937 } from '../../../core/blocks/mt19937.js';
import { decodeBlock, encodeBlock } from '../../../core/blocks/wire.js';
import { blake3 } from '../../../core/crypto/hash.js';
import { RewardsError } from '../../../core/rewards/errors.js';
import { bytesToHex, compareBytes, readU64le } from '../../../core/util/bytes.js';
import { emptyAccount } from '../../../core/vm/account.js';
import { parseTx } from '../../../core/vm/parse.js';
import { WALLET_TEMPLATE } from '../../../core/types/templates.js';
import { addressOf, rawSpawnOther, selfSpawn, signer, spend } from '../vm/helpers.js';

const b = (n: number, len: number): Uint8Array => new Uint8Array(len).fill(n);
const U64_MAX = (1n << 64n) - 1n;

/** A transaction with id byte `n` (ids sort by `n`), gas 10 at price 1 and nothing spent unless told. */
function tx(n: number, principal: number, nonce: bigint, over: Partial<BlockTx> = {}): BlockTx {
  return { id: b(n, 32), principal: b(principal, 24), nonce, maxGas: 10n, gasPrice: 1n, maxSpend: 0n, applied: false, ...over };
}

const hex = (ids: readonly Uint8Array[]): string[] => ids.map(bytesToHex);
const ids = (list: readonly BlockTx[]): Uint8Array[] => list.map((t) => t.id);

function goShuffle(seedHex: string, n: number): number[] {
  const seed = Uint8Array.from(Buffer.from(seedHex, 'hex'));
  const rng = new Mt19937([0, 8, 16, 24].map((o) => readU64le(seed, o)));
  const perm = Array.from({ length: n }, (_, i) => i);
  rng.shuffle(n, (i, j) => {
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  });
  return perm;
}

describe('MT19937-64 and Go rand.Shuffle', () => {
  it('matches the reference init_by_array64({0x12345, 0x23456, 0x34567, 0x45678}) output', () => {
    // mt19937-64.out.txt of Matsumoto & Nishimura's reference implementation: the first three outputs.
    const mt = new Mt19937([0x12345n, 0x23456n, 0x34567n, 0x45678n]);
    assert.deepEqual([mt.uint64(), mt.uint64(), mt.uint64()], [7266447313870364031n, 4946485549665804864n, 16945909448695747420n]);
  });

  it('Int63 is the low 63 bits and Uint32 its top 32, as Go over seehuhn/mt19937 gives', () => {
    const words = (h: string) => [0, 8, 16, 24].map((o) => readU64le(Uint8Array.from(Buffer.from(h, 'hex')), o));
    // Go: mt.Uint64(), mt.Int63(), rand.New(mt).Uint32() on one freshly seeded generator.
    const cases: Array<[string, bigint, bigint, number]> = [
      ['01'.repeat(32), 11266845994863187766n, 8741959162353589725n, 2471454260],
      ['000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 8824815632362173673n, 6068735603111657714n, 2991843579],
      ['ffeeddccbbaa99887766554433221100'.repeat(2), 4035935619414157137n, 2482573499477106213n, 3399977819],
    ];
    for (const [seed, u64, i63, u32] of cases) {
      const mt = new Mt19937(words(seed));
      assert.deepEqual([mt.uint64(), mt.int63(), mt.uint32()], [u64, i63, u32], `seed ${seed}`);
    }
  });

  it('shuffles as Go rand.Shuffle does (vectors from Go)', () => {
    assert.deepEqual(goShuffle('01'.repeat(32), 12), [4, 8, 1, 3, 11, 0, 6, 7, 9, 5, 10, 2]);
    assert.deepEqual(
      goShuffle('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f', 40),
      [30, 20, 15, 23, 31, 6, 1, 4, 39, 34, 28, 16, 19, 21, 12, 33, 8, 32, 17, 27, 9, 3, 22, 10, 5, 18, 35, 2, 7, 13, 36, 11, 37, 24, 0, 14, 29, 26, 25, 38],
    );
    // 3000 elements (a full block's worth, past the first 312-word regeneration): sha256 of the comma-joined order.
    const perm = goShuffle('ffeeddccbbaa99887766554433221100'.repeat(2), 3000).join(',');
    assert.equal(createHash('sha256').update(perm).digest('hex'), 'd0acb56eaa0992da7c1b921588d30cebab455ec68455e37d807a92aacca520f2');
  });
});

describe('block transactions (go getBlockTXs)', () => {
  const seed = b(1, 32);

  it('orders by id, shuffles by the seed, and gives each slot its principal’s next nonce (hand-checked)', () => {
    // Ids 0..11 sort in that order; principal i % 3, nonce ⌊i / 3⌋. Go's shuffle of 12 under seed 0x01… is
    // [4 8 1 3 11 0 6 7 9 5 10 2]: principals 1 2 1 0 2 0 0 1 0 2 1 2, each slot then takes that principal's
    // lowest unused nonce: 1 2 4 0 5 3 6 7 9 8 10 11.
    const txs = Array.from({ length: 12 }, (_, i) => tx(i, i % 3, BigInt(Math.floor(i / 3))));
    assert.deepEqual(hex(selectBlockTxs([...txs].reverse(), seed, 0n)), hex([1, 2, 4, 0, 5, 3, 6, 7, 9, 8, 10, 11].map((i) => b(i, 32))));
  });

  it('takes the best transaction per (principal, nonce): higher fee, then lower blake3(seed || id)', () => {
    const cheap = tx(1, 7, 0n, { gasPrice: 1n });
    const dear = tx(2, 7, 0n, { gasPrice: 2n });
    assert.deepEqual(hex(selectBlockTxs([cheap, dear], seed, 0n)), hex([dear.id]));
    const a = tx(3, 7, 0n);
    const c = tx(4, 7, 0n);
    const winner = compareBytes(blake3(seed, a.id), blake3(seed, c.id)) < 0 ? a : c;
    assert.deepEqual(hex(selectBlockTxs([a, c], seed, 0n)), hex([winner.id]));
    assert.deepEqual(hex(selectBlockTxs([c, a], seed, 0n)), hex([winner.id]), 'not by arrival order');
    // Fee is MaxGas × GasPrice in wrapping uint64: 2^63 × 2 is 0, which loses to a fee of 10.
    const wrapped = tx(5, 8, 0n, { maxGas: 1n << 63n, gasPrice: 2n });
    const plain = tx(6, 8, 0n);
    assert.deepEqual(hex(selectBlockTxs([wrapped, plain], seed, 0n)), hex([plain.id]));
  });

  it('keeps what an account of 2^64−1 can pay, gaps in nonces allowed', () => {
    const big = tx(1, 9, 0n, { maxSpend: U64_MAX - 20n }); // spends 2^64 − 10 (fee 10)
    const tooMuch = tx(2, 9, 1n, { maxSpend: 5n }); // needs 15, 10 left
    const fits = tx(3, 9, 5n); // needs 10
    const feasible = feasibleByPrincipal([big, tooMuch, fits], seed).get(bytesToHex(b(9, 24)))!;
    assert.deepEqual(hex(ids(feasible)), hex([big.id, fits.id]));
    // An unaffordable better tx does not shadow an affordable one of the same nonce.
    const richer = tx(4, 9, 5n, { gasPrice: 5n, maxSpend: 1n });
    assert.deepEqual(hex(ids(feasibleByPrincipal([big, richer, fits], seed).get(bytesToHex(b(9, 24)))!)), hex([big.id, fits.id]));
  });

  it('takes at most 100 nonces per principal', () => {
    const many = Array.from({ length: MAX_BLOCK_TXS_PER_ACCOUNT + 5 }, (_, i) => tx(i, 1, BigInt(i)));
    const kept = feasibleByPrincipal(many, seed).get(bytesToHex(b(1, 24)))!;
    assert.equal(kept.length, MAX_BLOCK_TXS_PER_ACCOUNT);
    assert.equal(kept.at(-1)!.nonce, BigInt(MAX_BLOCK_TXS_PER_ACCOUNT - 1));
  });

  it('drops an account’s leading applied transactions only (go getMempool)', () => {
    const key = bytesToHex(b(2, 24));
    const applied0 = tx(1, 2, 0n, { applied: true });
    const pending1 = tx(2, 2, 1n);
    const applied2 = tx(3, 2, 2n, { applied: true });
    assert.deepEqual(hex(ids(feasibleByPrincipal([applied0, pending1, applied2], seed).get(key)!)), hex([pending1.id, applied2.id]));
    assert.equal(feasibleByPrincipal([applied0], seed).has(key), false);
  });

  it('prunes to the gas limit as go does, uint64 wrap included', () => {
    const txs = [0, 1, 2, 3].map((i) => tx(i, 10 + i, 0n)); // four accounts, 10 gas each
    const all = selectBlockTxs(txs, seed, 0n);
    assert.equal(all.length, 4);
    // 20 → 10 → 0: the third meets less than MinTXGas (1) left.
    assert.deepEqual(hex(selectBlockTxs(txs, seed, 20n)), hex(all.slice(0, 2)));
    // 25 → 15 → 5 → 5 − 10 wraps to 2^64 − 5: go keeps everything after it.
    assert.deepEqual(hex(selectBlockTxs(txs, seed, 25n)), hex(all));
    assert.deepEqual(hex(selectBlockTxs(txs, seed, 1n)), hex(all), '1 − 10 wraps too');
  });
});

describe('block transactions against go (golden)', () => {
  it('matches a Go transliteration of getBlockTXs over 40 transactions of 4 accounts', () => {
    // Expected order from a Go program (test/unit/blocks/golden/getBlockTxs.go) that copies go-spacemesh's getBlockTXs, prune, txs/cache.go (BuildFromTXs,
    // addBatch, findBest, accept, precheck, getMempool) and ShuffleWithNonceOrder with logging removed, over Go
    // 1.19 math/rand and seehuhn/mt19937 v1.0.0, given blake3(seed || id) as input (no blake3 module offline); 30
    // random cases of up to 160 transactions agreed when it was written. Duplicate nonces, unpayable spends and
    // applied transactions included; a gas limit of 300,000 keeps all 24 (the uint64 wrap after the ninth).
    const U64 = (1n << 64n) - 1n;
    let state = 7n;
    const rnd = (n: number): number => {
      state = (state * 6364136223846793005n + 1442695040888963407n) & U64;
      return Number((state >> 33n) % BigInt(n));
    };
    const txs: BlockTx[] = Array.from({ length: 40 }, (_, i) => ({
      id: new Uint8Array(createHash('sha256').update(`tx${i}`).digest()),
      principal: new Uint8Array(24).fill(1 + rnd(4)),
      nonce: BigInt(rnd(8)),
      maxGas: BigInt(30000 + rnd(5000)),
      gasPrice: BigInt(1 + rnd(3)),
      maxSpend: rnd(10) === 0 ? U64 - BigInt(rnd(1000)) : BigInt(rnd(1_000_000)),
      applied: rnd(8) === 0,
    }));
    const want = [23, 34, 4, 22, 2, 39, 31, 21, 29, 6, 3, 14, 24, 27, 20, 30, 38, 15, 7, 35, 37, 32, 0, 17].map((i) => bytesToHex(txs[i]!.id));
    const seed = new Uint8Array(32).fill(0x5a);
    assert.deepEqual(hex(selectBlockTxs(txs, seed, 0n)), want);
    assert.deepEqual(hex(selectBlockTxs(txs, seed, 300_000n)), want);
  });
});

describe('block generation', () => {
  const txs = Array.from({ length: 12 }, (_, i) => tx(100 + i, i % 3, BigInt(Math.floor(i / 3))));
  const byId = new Map(txs.map((t) => [bytesToHex(t.id), t]));
  const proposals = [
    { id: b(2, 20), atxId: b(9, 32), atxWeight: 400n, atxBaseHeight: 40n, eligibilityCount: 200, proofs: 3, txIds: txs.slice(0, 8).map((t) => t.id) },
    { id: b(1, 20), atxId: b(8, 32), atxWeight: 100n, atxBaseHeight: 55n, eligibilityCount: 50, proofs: 1, txIds: txs.slice(4).map((t) => t.id) },
  ];
  const lookup = (id: Uint8Array) => byId.get(bytesToHex(id)) ?? null;

  it('is deterministic, with rewards by weight, the highest tick height and every tx once in nonce order', () => {
    const one = generateBlock(30, proposals, lookup)!;
    const two = generateBlock(30, [...proposals].reverse(), lookup)!;
    assert.deepEqual(one.id, two.id);
    assert.deepEqual(decodeBlock(encodeBlock(one.block)), one.block);
    assert.equal(one.block.tickHeight, 55n);
    assert.deepEqual(one.block.rewards.map((r) => [bytesToHex(r.atxId), r.weight.num, r.weight.denom]), [
      [bytesToHex(b(8, 32)), 2n, 1n],
      [bytesToHex(b(9, 32)), 6n, 1n],
    ]);
    assert.equal(new Set(hex(one.block.txIds)).size, 12);
    for (let p = 0; p < 3; p++) {
      const nonces = one.block.txIds.map((id) => lookup(id)!).filter((t) => t.principal[0] === p).map((t) => t.nonce);
      assert.deepEqual(nonces, [...nonces].sort((x, y) => Number(x - y)), `account ${p} keeps nonce order`);
    }
    assert.deepEqual(hex(one.block.txIds), hex(selectBlockTxs(txs, proposalsSeed(proposals.map((p) => p.id)), U64_MAX)));
  });

  it('seeds with blake3 of the sorted proposal ids padded to 32 bytes (go CalcProposalsHash32)', () => {
    const pad = (id: Uint8Array) => Uint8Array.from([...id, ...new Uint8Array(12)]);
    assert.deepEqual(proposalsSeed([b(2, 20), b(1, 20)]), blake3(pad(b(1, 20)), pad(b(2, 20))));
  });

  it('refuses to build without a transaction instead of leaving it out', () => {
    const partial = (id: Uint8Array) => (bytesToHex(id) === bytesToHex(txs[5]!.id) ? null : lookup(id));
    assert.throws(() => generateBlock(30, proposals, partial), (e: unknown) => e instanceof BlockError && e.code === 'MISSING_DATA');
  });

  it('gives no block for an empty output and refuses two proposals of one ATX', () => {
    assert.equal(generateBlock(30, [], lookup), null);
    assert.throws(() => generateBlock(30, [proposals[0]!, { ...proposals[1]!, atxId: b(9, 32) }], lookup), (e: unknown) => e instanceof RewardsError && e.code === 'DUPLICATE_ATX');
  });
});

describe('transaction header for blocks', () => {
  it('has the gas, price and spend the VM parses, whatever the principal’s state', () => {
    const alice = signer('alice');
    const bob = signer('bob');
    const spawned = { ...emptyAccount(addressOf(alice)), template: WALLET_TEMPLATE, state: alice.publicKey };
    for (const raw of [spend(alice, addressOf(bob), 1234n, 3n, 2n).raw, rawSpawnOther(alice, bob.publicKey, 4n, 3n)]) {
      const parsed = parseTx(raw, spawned);
      const header = blockTxFromRaw(parsed.id, raw, false)!;
      assert.deepEqual([header.nonce, header.maxGas, header.gasPrice, header.maxSpend], [parsed.nonce, parsed.maxGas, parsed.gasPrice, parsed.maxSpend]);
    }
    const own = selfSpawn(alice, 0n, 1n).raw;
    const parsed = parseTx(own, emptyAccount(addressOf(alice)));
    assert.equal(blockTxFromRaw(parsed.id, own, false)!.maxGas, parsed.maxGas);
    assert.equal(blockTxFromRaw(b(1, 32), new Uint8Array([1, 2, 3]), false), null);
  });
});
