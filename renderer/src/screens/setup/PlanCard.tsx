/**
 * The wizard's plan to the first reward as dates from the node (init done → PoET registration → round end → ATX →
 * first eligible layer), with a warning and what to change when init misses the next registration window.
 * @module
 */
import type { ActivationPlanInfo } from '../../../../core/api/contract/contract.js';
import { formatDuration, formatTime } from '../../logic/time.js';
import { Card } from '../../ui/Status.js';

export function PlanCard({ plan }: { plan: ActivationPlanInfo }) {
  const steps: readonly [string, number][] = [
    ['Initialisation done', plan.readyMs],
    [`PoET registration (round ${plan.round})`, plan.registerAtMs],
    ['PoET round ends', plan.roundEndMs],
    [`ATX published (epoch ${plan.atxPublishEpoch})`, plan.atxPublishAtMs],
    [`First eligible layer ${plan.firstEligibleLayer} (epoch ${plan.targetEpoch})`, plan.firstEligibleLayerMs],
  ];
  return (
    <Card title="3. Plan to the first reward" id="plan">
      <ol className="plan" data-testid="plan">
        {steps.map(([label, ms]) => (
          <li key={label}>
            <span>{label}</span> <time dateTime={new Date(ms).toISOString()}>{formatTime(ms)}</time>
          </li>
        ))}
      </ol>
      {plan.missedRegistration && (
        <div className="error" role="alert">
          Initialisation finishes after the registration deadline of round {plan.missedRegistration.round} ({formatTime(plan.missedRegistration.deadlineMs)}): you lose{' '}
          {plan.missedRegistration.epochsLost} epoch(s). To make it, finish init within {formatDuration(plan.missedRegistration.initBudgetMs / 1000)}: use fewer units or more threads.
        </div>
      )}
    </Card>
  );
}
