/**
 * The dashboard's plan to the first reward: which plan to ask the node for as the identity moves on (rate from
 * the init ETA, the registered round, the first ATX's round, a missed ATX window), and the stages read against the
 * identity's events: reached in order, the one at hand, a missed window, a re-plan with its reason, the first
 * reward and the next one.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ActivationPlanInfo, TimelineEvent } from '../../../core/api/contract/contract.js';
import { buildPlanView, planRequest, type IdentityFacts } from '../../../renderer/src/logic/firstRewardPlan.js';

const G = 1_700_000_000_000;
const timing = { genesisTimeMs: G, layerDurationMs: 6_000, layersPerEpoch: 10 };
const ID = 'aa'.repeat(32);
const epochMs = (e: number) => G + e * 60_000;

/** The standalone plan for round `r` (docs/protocol/time.md §4 with the presets' 30 s phase shift and cycle gap). */
function plan(r: number, readyMs = epochMs(r)): ActivationPlanInfo {
  return {
    readyMs,
    round: r,
    registerAtMs: epochMs(r) + 18_000,
    registrationDeadlineMs: epochMs(r) + 30_000,
    roundEndMs: epochMs(r + 1),
    atxPublishEpoch: r + 1,
    atxPublishAtMs: epochMs(r + 1),
    targetEpoch: r + 2,
    firstEligibleLayer: (r + 2) * 10,
    lastEligibleLayer: (r + 2) * 10 + 9,
    firstEligibleLayerMs: epochMs(r + 2),
    missedRegistration: null,
  };
}

const facts = (over: Partial<IdentityFacts> = {}): IdentityFacts => ({
  smesherId: ID,
  numUnits: 2,
  initDone: false,
  init: { smesherId: ID, labelsDone: 100, labelsTotal: 1100, etaSeconds: 10 },
  events: [],
  atxs: [],
  rewards: [],
  upcoming: [],
  ...over,
});
const ev = (e: Record<string, unknown>): TimelineEvent => ({ smesherId: ID, ...e }) as unknown as TimelineEvent;
const registered = (round: number, timeMs: number) => ev({ event: 'poet_registered', poet: 'p', round, publishEpoch: round + 1, timeMs });

describe('planRequest', () => {
  it('during init: the rate from the ETA and the labels done; no round yet', () => {
    assert.deepEqual(planRequest(facts(), timing, G), { units: 2, labelsPerSecond: 100, labelsDone: 100 });
  });

  it('an unknown rate (paused, no ETA yet) asks nothing rather than guess', () => {
    assert.equal(planRequest(facts({ init: { smesherId: ID, labelsDone: 1, labelsTotal: 9, etaSeconds: null } }), timing, G), null);
    assert.equal(planRequest(facts({ init: null }), timing, G), null);
  });

  it('init done and registered: no labels left, the registered round while its ATX window is open', () => {
    const f = facts({ initDone: true, events: [registered(3, epochMs(3) + 20_000)] });
    assert.deepEqual(planRequest(f, timing, epochMs(4) + 1), { units: 2, round: 3, labelsPerSecond: 1, labelsDone: Number.MAX_SAFE_INTEGER });
    assert.equal(planRequest(f, timing, epochMs(5))!.round, undefined, 'the ATX window of epoch 4 closed: the node’s next open round');
  });

  it('after the first ATX: its round, whatever registrations came later', () => {
    const f = facts({ initDone: true, events: [registered(5, epochMs(5))], atxs: [{ smesherId: ID, atxId: 'b', publishEpoch: 4, publishedMs: epochMs(4) }] });
    assert.equal(planRequest(f, timing, epochMs(6))!.round, 3);
  });
});

describe('buildPlanView', () => {
  it('during init: init at work, the rest waiting, planned times from the node, no re-plan', () => {
    const v = buildPlanView(plan(1, epochMs(1) + 5_000), plan(1, epochMs(1) + 5_000), facts(), timing, epochMs(1));
    assert.deepEqual(v.stages.map((s) => [s.key, s.state]), [['init', 'working'], ['registration', 'waiting'], ['proof', 'waiting'], ['atx', 'waiting'], ['eligible', 'waiting']]);
    assert.equal(v.current?.key, 'init');
    assert.equal(v.plannedLayer, 30);
    assert.equal(v.stages[4]!.plannedMs, epochMs(3));
    assert.equal(v.replan, null);
    assert.equal(v.firstReward, null);
  });

  it('stages are reached from the events, with their times; the next one is at work once its time has come', () => {
    const f = facts({ initDone: true, events: [ev({ event: 'post_init_done', numUnits: 2, vrfNonce: 0, timeMs: epochMs(1) + 4_000 }), registered(1, epochMs(1) + 18_500)] });
    // After init the node plans its end at "now"; on the same round the baseline's planned times stay.
    const v = buildPlanView(plan(1, epochMs(2) + 1_000), plan(1, epochMs(1) + 3_000), f, timing, epochMs(2) + 1_000);
    assert.deepEqual(v.stages.map((s) => s.state), ['done', 'done', 'working', 'waiting', 'waiting']);
    assert.equal(v.stages[0]!.plannedMs, epochMs(1) + 3_000);
    assert.equal(v.stages[0]!.reachedMs, epochMs(1) + 4_000);
    assert.equal(v.stages[1]!.reachedMs, epochMs(1) + 18_500);
    assert.equal(v.current?.key, 'proof');
  });

  it('a window that closed unreached is missed', () => {
    const f = facts({ initDone: true, events: [registered(1, epochMs(1) + 18_500), ev({ event: 'poet_proof', poet: 'p', round: 1, leafCount: 9, publishEpoch: 2, timeMs: epochMs(2) + 100 })] });
    const v = buildPlanView(plan(1), plan(1), f, timing, epochMs(3) + 1);
    assert.deepEqual(v.stages.map((s) => s.state), ['done', 'done', 'done', 'missed', 'waiting']);
  });

  it('re-plans: slow init, a late registration, a missed ATX window, each with its reason and the layers it moves', () => {
    const slow = buildPlanView(plan(2), plan(1), facts(), timing, epochMs(1) + 20_000);
    assert.deepEqual([slow.replan?.fromLayer, slow.replan?.toLayer], [30, 40]);
    assert.match(slow.replan!.reason, /^Initialisation ends after the registration deadline of PoET round 1 \(.+ UTC\): re-planned on round 2, 1 epoch\(s\) later$/);
    const late = buildPlanView(plan(2), plan(1), facts({ initDone: true }), timing, epochMs(1) + 40_000);
    assert.match(late.replan!.reason, /^The node registered too late for PoET round 1/);
    const noAtx = buildPlanView(plan(3), plan(1), facts({ initDone: true, events: [registered(1, epochMs(1) + 18_000)] }), timing, epochMs(3) + 1);
    assert.match(noAtx.replan!.reason, /^The ATX window of epoch 2 closed \(.+\) before an ATX was published: re-planned on round 3, 2 epoch\(s\) later$/);
    assert.equal(buildPlanView(plan(1), plan(1), facts(), timing, G).replan, null);
  });

  it('after the first reward: every stage done, the reward against the plan, and the next eligible layer ahead', () => {
    const reward = { layer: 31, layerTimeMs: G + 31 * 6_000, coinbase: 'sm1qq', smesherId: ID, total: '5', layerReward: '5' };
    const f = facts({
      initDone: true,
      atxs: [{ smesherId: ID, atxId: 'b', publishEpoch: 2, publishedMs: epochMs(2) + 1 }],
      rewards: [reward, { ...reward, layer: 32 }],
      upcoming: [32, 33, 35].map((layer) => ({ smesherId: ID, layer, layerTimeMs: G + layer * 6_000, count: 1, expected: '5' })),
    });
    const now = G + 32 * 6_000 + 1_000;
    const v = buildPlanView(plan(1), plan(1), f, timing, now);
    assert.ok(v.stages.every((s) => s.state === 'done'));
    assert.equal(v.current, null);
    assert.equal(v.firstReward?.layer, 31);
    assert.equal(v.next?.layer, 33, 'layer 32 has started: the next to come is 33');
  });
});
