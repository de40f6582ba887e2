/**
 * The activation plan and the paid-from epoch while a node catches up (core/activation/plan.ts; docs/protocol/sync.md
 * §2): no challenge is built before the node is synced, so the plan's dates count from the sync ETA; an identity
 * whose ATX window passed while the node was off says the epoch it will be paid again. The sim devnet's timing: 4 s
 * layers, 16 s epochs, PoET rounds from 8 s into each epoch, a 2 s grace period.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { paidFromEpoch, planActivation } from '../../../core/activation/plan.js';

const T = 1_700_000_000_000;
const timing = { genesisTimeMs: T, layerDurationMs: 4_000, layersPerEpoch: 4 };
const poet = { phaseShiftMs: 8_000, cycleGapMs: 6_000, gracePeriodMs: 2_000 };
/** 1 s into epoch 5: round 5 starts at 5 · 16 + 8 = 88 s. */
const NOW = T + 81_000;

describe('plan while catching up', () => {
  it('moves the dates to after the sync ETA and says when the node expects to be synced', () => {
    const synced = planActivation({ nowMs: NOW, timing, poet, initRemainingMs: 0, initialProofMs: 0 });
    assert.equal(synced.round, 5);
    assert.equal(synced.syncedByMs, undefined, 'a synced node says nothing of sync');
    const early = planActivation({ nowMs: NOW, timing, poet, initRemainingMs: 0, initialProofMs: 0, syncRemainingMs: 5_000 });
    assert.equal(early.round, 5, 'synced before round 5 starts: still round 5');
    assert.equal(early.syncedByMs, NOW + 5_000);
    assert.equal(early.registerAtMs, T + 86_000, 'registers within the grace period before the round');
    const late = planActivation({ nowMs: NOW, timing, poet, initRemainingMs: 0, initialProofMs: 0, syncRemainingMs: 10_000 });
    assert.equal(late.round, 6, 'synced after round 5 started: round 6');
    assert.equal(late.targetEpoch, 8);
    assert.equal(late.readyMs, NOW + 10_000);
    assert.equal(late.missedRegistration, null, 'waiting for sync is not an init that came too late');
    // Init that outlasts the catch-up sets the dates as before.
    const init = planActivation({ nowMs: NOW, timing, poet, initRemainingMs: 30_000, initialProofMs: 0, syncRemainingMs: 10_000 });
    assert.equal(init.readyMs, NOW + 30_000);
    assert.throws(() => planActivation({ nowMs: NOW, timing, poet, initRemainingMs: 0, initialProofMs: 0, syncRemainingMs: -1 }), RangeError);
  });

  it('names the epoch an identity is paid from, and again after a missed ATX window', () => {
    const at = (o: Partial<Parameters<typeof paidFromEpoch>[0]>) => paidFromEpoch({ nowMs: NOW, timing, poet, signedPublishEpochs: [], ...o });
    assert.equal(at({ signedPublishEpochs: [3, 4] }), 5, 'an ATX of epoch 4 pays in epoch 5, the current one');
    assert.equal(at({ signedPublishEpochs: [4, 5] }), 5);
    assert.equal(at({ signedPublishEpochs: [1, 2, 3] }), 7, 'off in epoch 4: round 5 is the next, its ATX pays in epoch 7');
    assert.equal(at({ signedPublishEpochs: [1, 2, 3], syncedByMs: NOW + 10_000 }), 8, 'synced only after round 5 started');
    assert.equal(at({ signedPublishEpochs: [1, 2, 3], syncedByMs: NOW + 5_000 }), 7, 'synced within the grace period');
    assert.equal(at({ signedPublishEpochs: [3], challengePublishEpoch: 5 }), 6, 'the ATX it works on pays in epoch 6');
    assert.equal(at({ signedPublishEpochs: [2], challengePublishEpoch: 4 }), 7, "a challenge whose publish epoch passed is lost");
    assert.equal(at({ nowMs: T + 1_000 }), 2, 'a new identity at genesis: round 0, paid in epoch 2');
  });
});
