/**
 * The reward account read from real SQLite (state.sql and local.sql, as the node writes them): eligibilities
 * recorded in local.sql, signed proposals, hare outputs, applied mesh layers and rewards give each eligible layer
 * its outcome; layers not applied yet are pending, not "node offline"; an identity without eligibilities has none.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { putHareOutput } from '../../../core/blocks/store.js';
import { LOCAL_SCHEMA, openDatabase } from '../../../core/db/database.js';
import { insertMeshLayer } from '../../../core/mesh/store.js';
import { rewardAccount } from '../../../core/node/rewardAccount.js';
import { insertEligibilities, insertSignedProposal } from '../../../core/proposals/localStore.js';
import { insertReward } from '../../../core/rewards/store.js';
import { bytes32, freshDb } from '../vm/helpers.js';

const LPE = 10;
const ME = bytes32('me');

function databases() {
  const state = freshDb();
  const local = openDatabase(':memory:', LOCAL_SCHEMA);
  insertEligibilities(local, {
    smesherId: ME,
    epoch: 2,
    atxId: bytes32('atx'),
    weight: 100n,
    totalWeight: 400n,
    slots: 5,
    layers: [20, 21, 22, 25, 28].map((layer) => ({ layer, count: 1 })),
  });
  const applied = (layer: number, decidedBy: 'hare' | 'empty', blockId: Uint8Array | null) =>
    insertMeshLayer(state, { layer, blockId, decidedBy, opinionHash: bytes32(`opinion ${layer}`) });
  const sign = (layer: number) => {
    const proposalId = bytes32(`proposal ${layer}`).subarray(0, 20);
    insertSignedProposal(local, { smesherId: ME, layer, proposalId, bytes: new Uint8Array([layer]), signedMs: layer });
    return proposalId;
  };
  // 20: paid. 21: signed but left out of the hare output. 22: nothing signed, applied empty after zdist.
  // 25: signed, in the hare output, not applied yet. 28: not reached.
  const p20 = sign(20);
  putHareOutput(state, 20, [p20]);
  applied(20, 'hare', bytes32('block 20').subarray(0, 20));
  insertReward(state, { smesherId: ME, coinbase: new Uint8Array(24), layer: 20, totalReward: 1000n, layerReward: 990n });
  sign(21);
  putHareOutput(state, 21, [bytes32('someone else').subarray(0, 20)]);
  applied(21, 'hare', bytes32('block 21').subarray(0, 20));
  applied(22, 'empty', null);
  putHareOutput(state, 25, [sign(25)]);
  return { state, local };
}

describe('rewardAccount over state.sql and local.sql', () => {
  it('gives every recorded eligible layer its outcome, and future layers are pending', () => {
    const { state, local } = databases();
    const account = rewardAccount(state, local, ME, 2, LPE);
    assert.ok(account !== null);
    assert.deepEqual(
      account.layers.map((l) => [l.layer, l.outcome]),
      [
        [20, 'paid'],
        [21, 'late_proposal'],
        [22, 'node_offline'],
        [25, 'pending'],
        [28, 'pending'],
      ],
    );
    assert.deepEqual(account.gaps.map((g) => g.cause).sort(), ['fees', 'late_proposal', 'node_offline', 'share_variance']);
    assert.ok(!account.gaps.some((g) => g.layer >= 25), 'no gap for a layer that can still pay');
    assert.equal(account.pendingLayers, 2);
    assert.equal(account.eligibleLayers, 5);
    assert.equal(account.paidLayers, 1);
    assert.equal(account.actual, 1000n);
    assert.equal(account.gaps.reduce((s, g) => s + g.amount, 0n), account.actual - (account.expected - account.pending));
  });

  it('is null for an epoch or identity without recorded eligibilities', () => {
    const { state, local } = databases();
    assert.equal(rewardAccount(state, local, ME, 3, LPE), null);
    assert.equal(rewardAccount(state, local, bytes32('stranger'), 2, LPE), null);
  });
});
