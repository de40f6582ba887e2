/**
 * The rewards summary: the total received, how many rewards, and a countdown to the next eligible layer with its
 * forecast. Says plainly when nothing has been received yet rather than showing a bare zero.
 * @module
 */
import { useEffect, useState } from 'react';
import { formatSmidge } from '../../../format/amount.js';
import { formatDuration, formatTime } from '../../logic/time.js';
import { useSmeshing } from '../../state/smeshingStore.js';
import { Card } from '../../ui/Status.js';

export function RewardsCard() {
  const rewards = useSmeshing((s) => s.rewards);
  const total = rewards.reduce((sum, r) => sum + BigInt(r.total), 0n);
  return (
    <Card title="Rewards" id="rewards">
      <p className="big" data-testid="rewards-total">
        {formatSmidge(total)}
      </p>
      <p data-testid="rewards-count">{rewards.length === 0 ? 'No rewards yet: the checklist shows what the node waits for.' : `${rewards.length} reward(s) received`}</p>
      <Countdown />
    </Card>
  );
}

function Countdown() {
  const upcoming = useSmeshing((s) => s.upcoming);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const next = upcoming.filter((u) => u.layerTimeMs > now).sort((a, b) => a.layerTimeMs - b.layerTimeMs)[0];
  if (next === undefined) return <p data-testid="countdown">No eligible layer is scheduled yet: the plan shows when the first one comes.</p>;
  return (
    <p data-testid="countdown">
      Next eligible layer {next.layer} in <strong>{formatDuration((next.layerTimeMs - now) / 1000)}</strong> ({formatTime(next.layerTimeMs)})
      {next.expected !== undefined && <>, forecast {formatSmidge(next.expected)}</>}
    </p>
  );
}
