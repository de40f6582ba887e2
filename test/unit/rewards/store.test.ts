/**
 * The rewards table on a real in-memory state database: insert, list by coinbase, by identity and by layer range,
 * u64 amounts above 2^63 round-trip, one reward per identity per layer, and revert.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type RewardRecord, deleteRewardsAfter, insertReward, listRewardsByCoinbase, listRewardsBySmesher, listRewardsInLayers } from '../../../core/rewards/store.js';
import { compareBytes } from '../../../core/util/bytes.js';
import { bytes32, freshDb } from '../vm/helpers.js';

const cb = (b: number) => new Uint8Array(24).fill(b, 4);
const r = (who: string, coinbase: number, layer: number, total: bigint): RewardRecord => ({
  smesherId: bytes32(who),
  coinbase: cb(coinbase),
  layer,
  totalReward: total,
  layerReward: total - 1n,
});

describe('rewards store', () => {
  it('inserts and lists by coinbase, identity and layer range; reverts', () => {
    const db = freshDb();
    const rows = [r('a', 1, 10, 5n), r('b', 1, 10, 6n), r('a', 2, 11, (1n << 64n) - 1n), r('b', 1, 12, 7n)];
    for (const row of rows) insertReward(db, row);
    // Oldest layer first, identities in byte order within a layer.
    const byIdentity = (x: RewardRecord, y: RewardRecord) => x.layer - y.layer || compareBytes(x.smesherId, y.smesherId);
    assert.deepEqual(listRewardsByCoinbase(db, cb(1)), [rows[0]!, rows[1]!, rows[3]!].sort(byIdentity));
    assert.deepEqual(listRewardsBySmesher(db, bytes32('a')), [rows[0], rows[2]]);
    assert.equal(listRewardsInLayers(db, 11, 12).length, 2);
    assert.throws(() => insertReward(db, r('a', 3, 10, 1n)), /UNIQUE|PRIMARY/);
    deleteRewardsAfter(db, 10);
    assert.deepEqual(listRewardsInLayers(db, 0, 100).map((x) => x.layer), [10, 10]);
  });
});
