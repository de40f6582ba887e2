/**
 * The smeshing dashboard: pause, resume and stop; one card per identity with its init progress; the plan to the
 * first reward (stages, countdown, re-plan) and after it the next reward; the rewards total with a countdown to the
 * next eligible layer; the reward accrual chart (actual against expected, CSV export); the "why no rewards?" view
 * with live misses; the eligible layers ahead with times and forecasts; rewards per epoch (expected, actual,
 * pending, each layer's outcome in words); the activation timeline. At 1280×720 the identity, its plan and the
 * rewards share the first row. A newcomer without an identity is sent to Storage setup; a failed load shows its error
 * with a retry; while the node is unreachable the screen says it shows the last known state. The body waits for
 * the first status and the first smeshing load together, so its cards do not arrive one by one.
 * @module
 */
import './controls.css';
import './dashboard/dashboard.css';
import { useNode } from '../state/nodeStore.js';
import { useSmeshing } from '../state/smeshingStore.js';
import { useUi } from '../state/uiStore.js';
import { ErrorBox, Loading } from '../ui/Status.js';
import { AccrualChart } from './dashboard/AccrualChart.js';
import { EpochRewards } from './dashboard/EpochRewards.js';
import { FirstRewardPlans } from './dashboard/FirstRewardPlan.js';
import { IdentityCards } from './dashboard/IdentityCards.js';
import { MaliciousNotices } from './dashboard/MaliciousNotice.js';
import { RewardsCard } from './dashboard/RewardsCard.js';
import { SmeshingControls } from './dashboard/SmeshingControls.js';
import { Timeline } from './dashboard/Timeline.js';
import { UpcomingLayers } from './dashboard/UpcomingLayers.js';
import { WhyNoRewards } from './dashboard/WhyNoRewards.js';

/** One shared empty list: a new `[]` per selector call would make zustand re-render forever. */
const NONE: readonly never[] = [];

export function Dashboard() {
  const status = useNode((s) => s.status);
  const identities = status?.identities ?? NONE;
  const error = useSmeshing((s) => s.error);
  const load = useSmeshing((s) => s.load);
  const epochs = useSmeshing((s) => s.epochs);
  const events = useSmeshing((s) => s.events);
  const progressCount = useSmeshing((s) => s.progress.length);
  const loaded = useSmeshing((s) => s.loaded);
  const ready = status !== null && loaded;
  const go = useUi((s) => s.go);
  const connection = useNode((s) => s.connection);

  return (
    <div className="screen" data-testid="dashboard">
      <h1>Smeshing</h1>
      {connection === 'unreachable' && (
        <p role="status" className="note" data-testid="dashboard-stale">
          Showing the last known state: the node is unreachable, so progress and rewards do not update. Smeshing goes on only while the node runs.
        </p>
      )}
      {error && <ErrorBox message={error} onRetry={() => void load()} />}
      {!ready && <Loading what="smeshing" />}
      {ready && identities.length === 0 && progressCount === 0 && (
        <div className="note" data-testid="no-identities">
          <p>
            <strong>This node does not smesh yet.</strong> It follows the network, but earns nothing until you give it disk space: go to Storage setup to pick a
            folder and a size. The plan there shows when the first reward can come.
          </p>
          <button type="button" className="primary" onClick={() => go('setup')}>
            Set up storage
          </button>
        </div>
      )}
      {ready && (
        <>
          <SmeshingControls identities={identities} />
          <div className="grid">
            <MaliciousNotices identities={identities} />
            <IdentityCards identities={identities} />
            <FirstRewardPlans identities={identities} />
            <RewardsCard />
          </div>
          <AccrualChart />
          <div className="grid">
            <WhyNoRewards />
            <UpcomingLayers />
          </div>
          <EpochRewards epochs={epochs} />
          <Timeline events={events} />
        </>
      )}
    </div>
  );
}
