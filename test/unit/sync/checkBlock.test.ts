/**
 * core/sync/checkBlock.ts: a served block passes only when its rewards and tick height are what the layer's valid
 * ballots give (the block generator's own output passes); each kind of forgery is refused with BAD_BLOCK.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateBlock } from '../../../core/blocks/generate.js';
import type { InnerBlock } from '../../../core/blocks/wire.js';
import { type LayerBallot, checkBlock } from '../../../core/sync/checkBlock.js';
import { SyncError } from '../../../core/sync/errors.js';

const ballots: LayerBallot[] = [
  { atxId: new Uint8Array(32).fill(1), atxWeight: 4000n, atxBaseHeight: 20n, eligibilityCount: 4, proofs: 1 },
  { atxId: new Uint8Array(32).fill(2), atxWeight: 2000n, atxBaseHeight: 25n, eligibilityCount: 2, proofs: 2 },
  { atxId: new Uint8Array(32).fill(3), atxWeight: 1000n, atxBaseHeight: 40n, eligibilityCount: 1, proofs: 1 },
];
const LAYER = 12;

/** The block the generator builds from proposals of the first two ballots. */
function built(): InnerBlock {
  const proposals = ballots.slice(0, 2).map((b, i) => ({ id: new Uint8Array(20).fill(i + 1), atxId: b.atxId, atxWeight: b.atxWeight, atxBaseHeight: b.atxBaseHeight, eligibilityCount: b.eligibilityCount, proofs: b.proofs, txIds: [] }));
  return generateBlock(LAYER, proposals, () => null)!.block;
}

const refused = (block: InnerBlock, pattern: RegExp): void =>
  assert.throws(() => checkBlock(LAYER, block, ballots), (e: unknown) => e instanceof SyncError && e.code === 'BAD_BLOCK' && pattern.test(e.message));

describe('checkBlock', () => {
  it('accepts the block the generator builds from valid ballots', () => {
    checkBlock(LAYER, built(), ballots);
  });

  it('refuses a wrong layer, no rewards, an unknown ATX, a changed weight, and a wrong tick height', () => {
    const block = built();
    refused({ ...block, layer: LAYER + 1 }, /layer/);
    refused({ ...block, rewards: [] }, /without reward/);
    refused({ ...block, rewards: [...block.rewards, { atxId: new Uint8Array(32).fill(9), weight: { num: 1n, denom: 1n } }] }, /no valid ballot/);
    refused({ ...block, rewards: block.rewards.map((r, i) => (i === 0 ? { ...r, weight: { num: r.weight.num + 1n, denom: r.weight.denom } } : r)) }, /differs from what its ballot gives/);
    refused({ ...block, rewards: [...block.rewards].reverse() }, /differs/);
    refused({ ...block, tickHeight: 40n }, /tick height/);
  });
});
