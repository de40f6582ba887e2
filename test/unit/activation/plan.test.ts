/**
 * The activation plan against the standalone timeline of docs/protocol/standalone.md §3, and a missed registration window.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { planActivation } from '../../../core/activation/plan.js';

const T = 1_700_000_000_000;
const timing = { genesisTimeMs: T, layerDurationMs: 6_000, layersPerEpoch: 10 };
const poet = { phaseShiftMs: 30_000, cycleGapMs: 30_000, gracePeriodMs: 12_000 };

describe('planActivation', () => {
  it('gives the standalone timeline for a node ready at genesis', () => {
    const plan = planActivation({ nowMs: T, timing, poet, initRemainingMs: 5_000, initialProofMs: 1_000 });
    assert.equal(plan.round, 0);
    assert.equal(plan.registerAtMs, T + 18_000, 'challenge built 12 s before round 0 starts');
    assert.equal(plan.registrationDeadlineMs, T + 30_000);
    assert.equal(plan.roundEndMs, T + 60_000);
    assert.equal(plan.atxPublishEpoch, 1);
    assert.equal(plan.atxPublishAtMs, T + 60_000);
    assert.equal(plan.targetEpoch, 2);
    assert.equal(plan.firstEligibleLayer, 20);
    assert.equal(plan.lastEligibleLayer, 29);
    assert.equal(plan.firstEligibleLayerMs, T + 120_000);
    assert.equal(plan.missedRegistration, null);
  });

  it('says when initialisation misses the open round, what it costs and the budget to catch it', () => {
    const plan = planActivation({ nowMs: T + 10_000, timing, poet, initRemainingMs: 40_000, initialProofMs: 2_000 });
    assert.equal(plan.round, 1);
    assert.equal(plan.targetEpoch, 3);
    assert.deepEqual(plan.missedRegistration, { round: 0, deadlineMs: T + 30_000, epochsLost: 1, initBudgetMs: 18_000 });
  });

  it('registers when ready if that is inside the grace period', () => {
    const plan = planActivation({ nowMs: T + 25_000, timing, poet, initRemainingMs: 0, initialProofMs: 1_000 });
    assert.equal(plan.round, 0);
    assert.equal(plan.registerAtMs, T + 26_000);
  });

  it('follows the round an identity registered for, after its deadline has passed, and reports no missed registration', () => {
    const plan = planActivation({ nowMs: T + 45_000, timing, poet, initRemainingMs: 0, initialProofMs: 0, registeredRound: 0 });
    assert.equal(plan.round, 0);
    assert.equal(plan.roundEndMs, T + 60_000);
    assert.equal(plan.firstEligibleLayer, 20);
    assert.equal(plan.missedRegistration, null);
    assert.equal(planActivation({ nowMs: T + 45_000, timing, poet, initRemainingMs: 0, initialProofMs: 0 }).round, 1, 'without it, the next open round');
    assert.throws(() => planActivation({ nowMs: T, timing, poet, initRemainingMs: 0, initialProofMs: 0, registeredRound: -1 }), RangeError);
  });

  it('never plans a registration after its deadline or eligibility before the ATX is published', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 ** 7 }), fc.integer({ min: 0, max: 10 ** 7 }), fc.integer({ min: 0, max: 60_000 }), (offset, init, proof) => {
        const plan = planActivation({ nowMs: T + offset, timing, poet, initRemainingMs: init, initialProofMs: proof });
        assert.ok(plan.registerAtMs < plan.registrationDeadlineMs);
        assert.ok(plan.readyMs <= plan.registerAtMs);
        assert.ok(plan.atxPublishAtMs < plan.firstEligibleLayerMs);
        assert.equal(plan.missedRegistration === null, plan.round === planActivation({ nowMs: T + offset, timing, poet, initRemainingMs: 0, initialProofMs: proof }).round);
      }),
    );
  });
});
