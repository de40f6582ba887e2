/**
 * The plan to the first reward, kept on the dashboard after Start (issue #20 item 2): one card per identity with the
 * five stages (init, PoET registration, PoET proof, ATX, first eligible layer), each with its planned time, the time
 * it was reached, its state as a badge, a countdown to the stage at hand, and a re-plan with its reason when a
 * window was missed. After the first reward: that reward against its planned layer, and the next reward's time and
 * forecast. The dates come from `smeshing.plan` (see renderer/src/logic/firstRewardPlan.ts): while the node catches
 * up with the network they count from its sync ETA, and the card says it waits for sync. The first plan seen for an
 * identity is kept in localStorage as the baseline a re-plan is measured against.
 * @module
 */
import { useEffect, useState } from 'react';
import type { ActivationPlanInfo, IdentityStatus } from '../../../../core/api/contract/contract.js';
import { formatSmidge } from '../../../format/amount.js';
import { buildPlanView, planRequest, type IdentityFacts, type PlanStage, type PlanTiming, type StageKey } from '../../logic/firstRewardPlan.js';
import { formatDuration, formatTime, formatTimeOfDay } from '../../logic/time.js';
import { client } from '../../api.js';
import { useNode } from '../../state/nodeStore.js';
import { useSmeshing } from '../../state/smeshingStore.js';
import { StateBadge } from '../../ui/StateBadge.js';

/** How often the plan is asked again while init runs or the node catches up (its dates move with rate and ETA). */
const REPLAN_MS = 5_000;
const STAGE_KEYS: readonly StageKey[] = ['init', 'registration', 'proof', 'atx', 'eligible'];
const STAGE_WORDS: Readonly<Record<StageKey, string>> = {
  init: 'Storage initialised',
  registration: 'PoET registration',
  proof: 'PoET proof',
  atx: 'ATX published',
  eligible: 'First eligible layer: first reward',
};

export function FirstRewardPlans({ identities }: { identities: readonly IdentityStatus[] }) {
  const timing = useNode((s) => s.status?.network);
  if (timing === undefined) return null;
  return (
    <>
      {identities.map((i) => (
        <FirstRewardPlan key={i.smesherId} identity={i} timing={timing} several={identities.length > 1} />
      ))}
    </>
  );
}

function useNow(): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  return now;
}

function FirstRewardPlan({ identity, timing, several }: { identity: IdentityStatus; timing: PlanTiming; several: boolean }) {
  const id = identity.smesherId;
  const progress = useSmeshing((s) => s.progress.find((p) => p.smesherId === id));
  const live = useSmeshing((s) => s.live[id]);
  const events = useSmeshing((s) => s.events);
  const atxs = useSmeshing((s) => s.atxs);
  const rewards = useSmeshing((s) => s.rewards);
  const upcoming = useSmeshing((s) => s.upcoming);
  const now = useNow();
  const facts: IdentityFacts = {
    smesherId: id,
    numUnits: identity.numUnits,
    initDone: progress?.initDone ?? false,
    init: live ?? progress?.init ?? null,
    events,
    atxs,
    rewards,
    upcoming,
  };
  const syncing = useNode((s) => (s.status?.sync?.state ?? 'synced') !== 'synced');
  const plan = usePlan(facts, timing, syncing);
  const baseline = plan === null ? null : baselineFor(id, plan);
  const view = plan === null || baseline === null ? null : buildPlanView(plan, baseline, facts, timing, now);
  const titleId = `plan-${id.slice(0, 12)}`;
  const title = view?.firstReward ? 'Rewards: the plan kept' : 'Plan to the first reward';

  return (
    <section className="card first-reward-plan" aria-labelledby={titleId} data-testid="first-reward-plan" data-smesher={id} data-planned-layer={view?.plannedLayer}>
      <h2 id={titleId}>
        {title}
        {several && <span className="mono"> · {id.slice(0, 8)}…</span>}
      </h2>
      <ol className="stages" data-testid="plan-stages">
        {view === null ? STAGE_KEYS.map((k) => <PendingStage key={k} stage={k} />) : view.stages.map((s) => <Stage key={s.key} stage={s} current={s === view.current} now={now} />)}
      </ol>
      <p className="countdown" data-testid="plan-countdown" role="timer" aria-live="off">
        {view === null &&
          (identity.state === 'paused' ? 'Smeshing is paused: the dates follow once it resumes and the initialisation speed is known.' : 'Measuring the initialisation speed: the dates follow in a few seconds.')}
        {view !== null && view.firstReward === null && view.current !== null && <Countdown stage={view.current} now={now} />}
        {view?.firstReward && (
          <span data-testid="first-reward" data-layer={view.firstReward.layer}>
            First reward {formatSmidge(view.firstReward.total)} in layer {view.firstReward.layer} (planned: layer {view.plannedLayer}).{' '}
            {view.next ? (
              <span data-testid="next-reward" data-layer={view.next.layer}>
                Next: layer {view.next.layer} at {formatTimeOfDay(view.next.layerTimeMs, now)}, in <strong>{formatDuration((view.next.layerTimeMs - now) / 1000)}</strong>
                {view.next.expected !== undefined && <>, forecast {formatSmidge(view.next.expected)}</>}.
              </span>
            ) : (
              <span data-testid="next-reward">The next eligible layer is known once the next ATX is in.</span>
            )}
          </span>
        )}
      </p>
      {plan?.syncedByMs !== undefined && (
        <p className="hint" role="status" data-testid="plan-waits-for-sync">
          <StateBadge state="waiting" label="waits for sync" /> The node is catching up with the network and builds no ATX before it has; these dates count from
          when it expects to be caught up{plan.syncedByMs > now ? <>, in about {formatDuration((plan.syncedByMs - now) / 1000)}</> : ''}.
        </p>
      )}
      {view?.replan && (
        <p className="replan" role="status" data-testid="replan">
          <StateBadge state="missed" label="re-planned" /> {view.replan.reason}. First eligible layer {view.replan.fromLayer} → {view.replan.toLayer}.
        </p>
      )}
    </section>
  );
}

function Stage({ stage, current, now }: { stage: PlanStage; current: boolean; now: number }) {
  const badge = stage.state === 'done' ? <StateBadge state="paid" label="done" /> : <StateBadge state={stage.state} />;
  return (
    <li data-stage={stage.key} data-state={stage.state} data-current={current} data-planned-ms={stage.plannedMs}>
      {badge}
      <span className="what">{stage.label}</span>
      <span className="when">
        planned <time dateTime={new Date(stage.plannedMs).toISOString()} title={formatTime(stage.plannedMs)}>{formatTimeOfDay(stage.plannedMs, now)}</time>
        {stage.reachedMs !== null && (
          <>
            {' '}· reached <time dateTime={new Date(stage.reachedMs).toISOString()}>{formatTimeOfDay(stage.reachedMs, now)}</time>
          </>
        )}
      </span>
    </li>
  );
}

/** The row a stage takes before the plan's dates arrive, so they fill in without moving anything. */
function PendingStage({ stage }: { stage: StageKey }) {
  return (
    <li data-stage={stage} data-state="waiting">
      <StateBadge state="waiting" />
      <span className="what">{STAGE_WORDS[stage]}</span>
      <span className="when">planned —</span>
    </li>
  );
}

function Countdown({ stage, now }: { stage: PlanStage; now: number }) {
  const left = (stage.plannedMs - now) / 1000;
  if (stage.state === 'missed') return <>{stage.label}: its window has closed; the node plans the next one.</>;
  return left >= 0 ? (
    <>
      Next: {stage.label} in <strong data-testid="countdown-left">{formatDuration(left)}</strong> ({formatTime(stage.plannedMs)}).
    </>
  ) : (
    <>
      Next: {stage.label}, due <strong data-testid="countdown-left">{formatDuration(-left)}</strong> ago; the node is on it.
    </>
  );
}

/**
 * Asks the node for the plan when the identity's facts or the sync state change, and again every few seconds while
 * init runs or the node catches up (the dates move with the init rate and the sync ETA).
 */
function usePlan(facts: IdentityFacts, timing: PlanTiming, syncing: boolean): ActivationPlanInfo | null {
  const [plan, setPlan] = useState<ActivationPlanInfo | null>(null);
  const request = planRequest(facts, timing, Date.now());
  const key = request === null ? null : `${request.round ?? '-'}|${facts.initDone}|${syncing}`;
  const requestRef = JSON.stringify(request);
  const [tick, setTick] = useState(0);
  const moving = !facts.initDone || syncing;
  useEffect(() => {
    if (!moving) return;
    const t = setInterval(() => setTick((n) => n + 1), REPLAN_MS);
    return () => clearInterval(t);
  }, [moving]);
  useEffect(() => {
    if (requestRef === 'null') return;
    let live = true;
    client.smeshing.plan(JSON.parse(requestRef) as NonNullable<typeof request>).then(
      (p) => live && setPlan(p),
      // A refused plan keeps the last one on screen; the node's log says why.
      () => {},
    );
    return () => {
      live = false;
    };
    // The request is re-sent on a new round or init state at once, and with the latest rate every REPLAN_MS.
  }, [key, tick]);
  return plan;
}

/** The first plan seen for the identity, kept across reloads; a plan on an earlier round replaces it. */
function baselineFor(smesherId: string, plan: ActivationPlanInfo): ActivationPlanInfo {
  const storageKey = `firstRewardPlan.${smesherId}`;
  try {
    const saved = JSON.parse(localStorage.getItem(storageKey) ?? 'null') as ActivationPlanInfo | null;
    if (saved !== null && typeof saved.round === 'number' && saved.round <= plan.round) return saved;
  } catch {
    // An unreadable entry is replaced below.
  }
  localStorage.setItem(storageKey, JSON.stringify(plan));
  return plan;
}
