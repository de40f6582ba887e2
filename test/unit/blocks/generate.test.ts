/**
 * Block generation (docs/protocol/blocks-and-rewards.md §1, §2, §5): deterministic whatever the order of the hare output, reward entries by ATX
 * weight and eligibilities, tick height the highest ATX height, the union of transactions de-duplicated, shuffled
 * by the proposals' seed with each account's nonce order kept; an empty output gives no block; two proposals with
 * one ATX abort.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateBlock, shuffleWithNonceOrder } from '../../../core/blocks/generate.js';
import { Mt19937 } from '../../../core/blocks/mt19937.js';
import { decodeBlock, encodeBlock } from '../../../core/blocks/wire.js';
import { RewardsError } from '../../../core/rewards/errors.js';
import { bytesToHex } from '../../../core/util/bytes.js';

const b = (n: number, len: number): Uint8Array => new Uint8Array(len).fill(n);

describe('block generation', () => {
  const txs = Array.from({ length: 12 }, (_, i) => ({ id: b(100 + i, 32), info: { principal: b(i % 3, 24), nonce: BigInt(Math.floor(i / 3)) } }));
  const info = new Map(txs.map((t) => [bytesToHex(t.id), t.info]));
  const proposals = [
    { id: b(2, 20), atxId: b(9, 32), atxWeight: 400n, atxTickHeight: 40n, eligibilityCount: 200, proofs: 3, txIds: txs.slice(0, 8).map((t) => t.id) },
    { id: b(1, 20), atxId: b(8, 32), atxWeight: 100n, atxTickHeight: 55n, eligibilityCount: 50, proofs: 1, txIds: txs.slice(4).map((t) => t.id) },
  ];
  const lookup = (id: Uint8Array) => info.get(bytesToHex(id)) ?? null;

  it('is deterministic, with rewards by weight, the highest tick height and every tx once', () => {
    const one = generateBlock(30, proposals, lookup)!;
    const two = generateBlock(30, [...proposals].reverse(), lookup)!;
    assert.deepEqual(one.id, two.id);
    assert.deepEqual(decodeBlock(encodeBlock(one.block)), one.block);
    assert.equal(one.block.tickHeight, 55n);
    assert.deepEqual(one.block.rewards.map((r) => [bytesToHex(r.atxId), r.weight.num, r.weight.denom]), [
      [bytesToHex(b(8, 32)), 2n, 1n],
      [bytesToHex(b(9, 32)), 6n, 1n],
    ]);
    assert.equal(new Set(one.block.txIds.map(bytesToHex)).size, 12);
    for (let p = 0; p < 3; p++) {
      const nonces = one.block.txIds.map((id) => lookup(id)!).filter((t) => t.principal[0] === p).map((t) => t.nonce);
      assert.deepEqual(nonces, [...nonces].sort((x, y) => Number(x - y)), `account ${p} keeps nonce order`);
    }
  });

  it('shuffles by the seed', () => {
    const a = shuffleWithNonceOrder(txs, b(1, 32)).map(bytesToHex);
    const c = shuffleWithNonceOrder(txs, b(2, 32)).map(bytesToHex);
    assert.notDeepEqual(a, c);
    assert.deepEqual(a, shuffleWithNonceOrder(txs, b(1, 32)).map(bytesToHex));
  });

  it('MT19937-64 matches the reference init_by_array64({0x12345, 0x23456, 0x34567, 0x45678}) output', () => {
    // mt19937-64.out.txt of Matsumoto & Nishimura's reference implementation: the first three outputs.
    const mt = new Mt19937([0x12345n, 0x23456n, 0x34567n, 0x45678n]);
    assert.deepEqual([mt.uint64(), mt.uint64(), mt.uint64()], [7266447313870364031n, 4946485549665804864n, 16945909448695747420n]);
  });

  it('gives no block for an empty output and refuses two proposals of one ATX', () => {
    assert.equal(generateBlock(30, [], lookup), null);
    assert.throws(() => generateBlock(30, [proposals[0]!, { ...proposals[1]!, atxId: b(9, 32) }], lookup), (e: unknown) => e instanceof RewardsError && e.code === 'DUPLICATE_ATX');
  });
});
