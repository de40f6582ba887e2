/**
 * The "why no rewards?" view: the checklist from node facts (the first open step says what the node waits for),
 * the eligible layers still pending (they can pay, so they are not misses), and the misses the node reports live
 * through `rewardMissed`, each with its cause in words.
 * @module
 */
import { outcomeWords } from '../../logic/rewardOutcomes.js';
import { formatTime } from '../../logic/time.js';
import { whyNoRewards } from '../../logic/whyNoRewards.js';
import { useNode } from '../../state/nodeStore.js';
import { useSmeshing } from '../../state/smeshingStore.js';
import { Card } from '../../ui/Status.js';

export function WhyNoRewards() {
  const status = useNode((s) => s.status);
  const sm = useSmeshing();
  const checklist = whyNoRewards({ status, progress: sm.progress, events: sm.events, atxCount: sm.atxs.length, upcoming: sm.upcoming, rewards: sm.rewards, atxs: sm.atxs });
  const firstOpen = checklist.find((c) => !c.done);
  const pendingLayers = sm.epochs.reduce((n, e) => n + (e.pendingLayers ?? 0), 0);
  return (
    <Card title="Why no rewards yet?" id="why">
      <ul className="checklist" data-testid="checklist">
        {checklist.map((c) => (
          <li key={c.id} className={c.done ? 'done' : 'open'} data-check={c.id} data-done={c.done}>
            <span aria-hidden="true">{c.done ? '✓' : '○'}</span> {c.label}
            {firstOpen === c && <p className="hint">{c.detail}</p>}
          </li>
        ))}
      </ul>
      {pendingLayers > 0 && (
        <p className="hint" data-testid="pending-layers">
          {pendingLayers} eligible layer(s) not applied yet: they can still pay.
        </p>
      )}
      {sm.missed.length > 0 && (
        <>
          <h3>Missed since this page opened</h3>
          <ul className="missed" data-testid="missed-rewards" aria-live="polite">
            {sm.missed.slice(0, 10).map((m) => (
              <li key={`${m.smesherId}-${m.layer}`} data-layer={m.layer} data-reason={m.reason}>
                <time dateTime={new Date(m.atMs).toISOString()}>{formatTime(m.atMs)}</time> Layer {m.layer}: {outcomeWords(m.reason)}
              </li>
            ))}
          </ul>
        </>
      )}
    </Card>
  );
}
