/**
 * The plan to the first reward once smeshing has started (issue #20 item 2): which `smeshing.plan` to ask the node
 * for, given what the identity has done so far (labels initialised, the PoET round it registered for), and the
 * five stages — init, PoET registration, PoET proof, ATX, first eligible layer — each with its planned time, whether
 * it is reached, and a missed window as a re-plan with its reason. The dates come from the node
 * (docs/protocol/time.md §4, docs/protocol/activation.md §2); this module only reads its answer against the
 * identity's events. Pure: time comes in as `nowMs`.
 * @module
 */
import type { ActivationPlanInfo, ApiArgs, EligibilityInfo, InitProgressInfo, RewardInfo, SignedAtxInfo, TimelineEvent } from '../../../core/api/contract/contract.js';

/** The network's clock as `node.status` gives it. */
export interface PlanTiming {
  readonly genesisTimeMs: number;
  readonly layerDurationMs: number;
  readonly layersPerEpoch: number;
}

/** What the dashboard knows of one identity. */
export interface IdentityFacts {
  readonly smesherId: string;
  readonly numUnits: number;
  readonly initDone: boolean;
  readonly init: InitProgressInfo | null;
  readonly events: readonly TimelineEvent[];
  readonly atxs: readonly SignedAtxInfo[];
  readonly rewards: readonly RewardInfo[];
  readonly upcoming: readonly EligibilityInfo[];
}

export type StageKey = 'init' | 'registration' | 'proof' | 'atx' | 'eligible';
/** The design system's states (renderer/src/ui/StateBadge.tsx): a reached stage reads as done. */
export type StageState = 'done' | 'working' | 'waiting' | 'missed';

export interface PlanStage {
  readonly key: StageKey;
  readonly label: string;
  readonly plannedMs: number;
  /** When it happened, when the node said so; null while not reached (or reached before the node's last start). */
  readonly reachedMs: number | null;
  readonly state: StageState;
}

export interface Replan {
  readonly reason: string;
  readonly fromLayer: number;
  readonly toLayer: number;
}

export interface PlanView {
  readonly stages: readonly PlanStage[];
  /** The stage the identity is at; null once all are reached. */
  readonly current: PlanStage | null;
  readonly plannedLayer: number;
  readonly replan: Replan | null;
  readonly firstReward: RewardInfo | null;
  /** The next eligible layer yet to start (after the first reward: the next reward's time and forecast). */
  readonly next: EligibilityInfo | null;
}

const epochStartMs = (t: PlanTiming, epoch: number) => t.genesisTimeMs + epoch * t.layersPerEpoch * t.layerDurationMs;
const own = <T extends { readonly smesherId: string }>(list: readonly T[], id: string) => list.filter((x) => x.smesherId === id);

/**
 * The `smeshing.plan` arguments for the identity now, or null while its init rate is unknown (paused, or no
 * progress yet): a plan from a guessed rate would move for no reason. The PoET round is the one of the first ATX
 * (its publish epoch − 1), else of the latest registration whose ATX window is still open; after a missed window
 * the node's next open round is planned.
 */
export function planRequest(f: IdentityFacts, timing: PlanTiming, nowMs: number): ApiArgs<'smeshing.plan'> | null {
  const firstAtx = own(f.atxs, f.smesherId).sort((a, b) => a.publishEpoch - b.publishEpoch)[0];
  const registered = registrations(f).filter((r) => nowMs < epochStartMs(timing, r.publishEpoch + 1));
  const round = firstAtx !== undefined ? firstAtx.publishEpoch - 1 : registered.at(-1)?.round;
  const base = { units: f.numUnits, ...(round === undefined ? {} : { round }) };
  // Init done: no labels left (the node clamps what is beyond the total).
  if (f.initDone) return { ...base, labelsPerSecond: 1, labelsDone: Number.MAX_SAFE_INTEGER };
  const init = f.init;
  if (init === null || init.etaSeconds === null || init.etaSeconds <= 0 || init.labelsDone >= init.labelsTotal) return null;
  return { ...base, labelsPerSecond: (init.labelsTotal - init.labelsDone) / init.etaSeconds, labelsDone: init.labelsDone };
}

function registrations(f: IdentityFacts): { round: number; publishEpoch: number; timeMs: number }[] {
  return f.events.flatMap((e) => (e.event === 'poet_registered' && e.smesherId === f.smesherId ? [{ round: e.round, publishEpoch: e.publishEpoch, timeMs: e.timeMs }] : []));
}

/**
 * Reads the node's `plan` against the identity's facts. `baseline` is the first plan seen for the identity: when
 * the plan moved to a later round since, the re-plan says why.
 */
export function buildPlanView(plan: ActivationPlanInfo, baseline: ActivationPlanInfo, f: IdentityFacts, timing: PlanTiming, nowMs: number): PlanView {
  const mine = f.events.filter((e) => 'smesherId' in e && e.smesherId === f.smesherId);
  const at = (pred: (e: TimelineEvent) => boolean) => mine.find(pred)?.timeMs ?? null;
  const atx = own(f.atxs, f.smesherId).sort((a, b) => a.publishEpoch - b.publishEpoch)[0];
  const firstReward = own(f.rewards, f.smesherId).sort((a, b) => a.layer - b.layer)[0] ?? null;
  const ahead = own(f.upcoming, f.smesherId)
    .filter((u) => u.layerTimeMs > nowMs)
    .sort((a, b) => a.layer - b.layer);
  const eligibleEnd = epochStartMs(timing, plan.targetEpoch + 1);
  // Once init is done the node plans its end (and the registration that follows it) at "now": on the same round,
  // the baseline holds the times that were planned.
  const anchor = baseline.round === plan.round ? baseline : plan;
  const facts: readonly { key: StageKey; label: string; plannedMs: number; deadlineMs: number; reached: boolean; reachedMs: number | null }[] = [
    { key: 'init', label: 'Storage initialised', plannedMs: anchor.readyMs, deadlineMs: plan.registrationDeadlineMs, reached: f.initDone, reachedMs: at((e) => e.event === 'post_init_done') },
    {
      key: 'registration',
      label: `Registered with PoET round ${plan.round}`,
      plannedMs: anchor.registerAtMs,
      deadlineMs: plan.registrationDeadlineMs,
      reached: atx !== undefined || mine.some((e) => e.event === 'poet_registered' && e.round === plan.round),
      reachedMs: at((e) => e.event === 'poet_registered' && e.round === plan.round),
    },
    {
      key: 'proof',
      label: `PoET proof of round ${plan.round}`,
      plannedMs: plan.roundEndMs,
      deadlineMs: epochStartMs(timing, plan.atxPublishEpoch + 1),
      reached: atx !== undefined || mine.some((e) => e.event === 'poet_proof' && e.round === plan.round),
      reachedMs: at((e) => e.event === 'poet_proof' && e.round === plan.round),
    },
    {
      key: 'atx',
      label: `ATX published in epoch ${plan.atxPublishEpoch}`,
      plannedMs: plan.atxPublishAtMs,
      deadlineMs: epochStartMs(timing, plan.atxPublishEpoch + 1),
      reached: atx !== undefined,
      reachedMs: atx?.publishedMs ?? null,
    },
    {
      key: 'eligible',
      label: `First eligible layer ${plan.firstEligibleLayer} (epoch ${plan.targetEpoch}): first reward`,
      plannedMs: plan.firstEligibleLayerMs,
      deadlineMs: eligibleEnd,
      reached: firstReward !== null,
      reachedMs: firstReward?.layerTimeMs ?? null,
    },
  ];
  let currentFound = false;
  const stages = facts.map((s): PlanStage => {
    let state: StageState;
    if (s.reached) state = 'done';
    else if (nowMs >= s.deadlineMs) state = 'missed';
    else if (!currentFound) state = s.key === 'init' || nowMs >= s.plannedMs ? 'working' : 'waiting';
    else state = 'waiting';
    if (!s.reached) currentFound = true;
    return { key: s.key, label: s.label, plannedMs: s.plannedMs, reachedMs: s.reached ? s.reachedMs : null, state };
  });
  return {
    stages,
    current: stages.find((s) => s.state !== 'done') ?? null,
    plannedLayer: plan.firstEligibleLayer,
    replan: replanOf(plan, baseline, f, timing),
    firstReward,
    next: ahead.find((u) => firstReward === null || u.layer > firstReward.layer) ?? null,
  };
}

/** Why the plan moved from `baseline`'s round to a later one; null when it did not. */
function replanOf(plan: ActivationPlanInfo, baseline: ActivationPlanInfo, f: IdentityFacts, timing: PlanTiming): Replan | null {
  if (plan.round <= baseline.round) return null;
  const moved = { fromLayer: baseline.firstEligibleLayer, toLayer: plan.firstEligibleLayer };
  const lost = plan.targetEpoch - baseline.targetEpoch;
  const then = `: re-planned on round ${plan.round}, ${lost} epoch(s) later`;
  const registeredForBaseline = registrations(f).some((r) => r.round === baseline.round);
  if (registeredForBaseline) {
    return { ...moved, reason: `The ATX window of epoch ${baseline.atxPublishEpoch} closed (${isoMinute(epochStartMs(timing, baseline.atxPublishEpoch + 1))}) before an ATX was published${then}` };
  }
  const what = f.initDone ? 'The node registered too late for' : 'Initialisation ends after the registration deadline of';
  return { ...moved, reason: `${what} PoET round ${baseline.round} (${isoMinute(baseline.registrationDeadlineMs)})${then}` };
}

/** A stable, locale-free time for reasons that tests and logs compare: `2026-12-07 15:04 UTC`. */
function isoMinute(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
