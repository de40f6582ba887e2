/**
 * Tortoise (docs/protocol/tortoise.md §2): the opinion hash chain distinguishes a block, an empty hare output and a layer the hare
 * never terminated; verifying mode verifies a layer once good ballots after it cross the global threshold, and
 * ballots that disagree with the local opinion do not count.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GENESIS_OPINION, nextOpinion } from '../../../core/tortoise/logic.js';
import { VerifyingTortoise } from '../../../core/tortoise/verifying.js';
import { bytesToHex } from '../../../core/util/bytes.js';

describe('tortoise', () => {
  it('chains opinions', () => {
    const block = { id: new Uint8Array(20).fill(1), height: 5n };
    const hashes = [nextOpinion(GENESIS_OPINION, { by: 'hare', block }), nextOpinion(GENESIS_OPINION, { by: 'hare', block: null }), nextOpinion(GENESIS_OPINION, { by: 'empty' })];
    assert.equal(new Set(hashes.map(bytesToHex)).size, 3);
    assert.notDeepEqual(nextOpinion(GENESIS_OPINION, { by: 'hare', block: { ...block, height: 6n } }), hashes[0]);
  });

  it('verifies with good ballots only', () => {
    const t = new VerifyingTortoise(19, () => 100);
    const o20 = nextOpinion(GENESIS_OPINION, { by: 'empty' });
    t.onOpinion(19, GENESIS_OPINION);
    t.onOpinion(20, o20);
    t.onBallot(20, GENESIS_OPINION, 100);
    assert.equal(t.verified, 19, 'nothing after layer 20 yet');
    assert.equal(t.onBallot(21, new Uint8Array(32).fill(9), 100), false, 'a disagreeing ballot is not good');
    assert.equal(t.verified, 19);
    assert.equal(t.onBallot(21, o20, 70), true);
    assert.equal(t.verified, 20, '70 > 100/3 + 100/3');
    t.revert(19);
    assert.equal(t.verified, 19);
  });
});
