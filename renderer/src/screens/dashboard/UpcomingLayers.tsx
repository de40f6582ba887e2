/**
 * The eligible layers ahead, from `rewards.upcoming`: layer number, when it starts, how many eligibilities and the
 * forecast reward. Answers "when is my next reward?" beyond the single countdown; says so when none is known yet.
 * @module
 */
import { formatSmidge } from '../../../format/amount.js';
import { formatTime, formatTimeOfDay } from '../../logic/time.js';
import { useSmeshing } from '../../state/smeshingStore.js';
import { Card, Empty } from '../../ui/Status.js';

const SHOWN = 10;

export function UpcomingLayers() {
  const upcoming = useSmeshing((s) => s.upcoming);
  // Past layers leave the list on the next reload (events reload it); until then, hide what has started.
  const now = Date.now();
  const ahead = upcoming.filter((u) => u.layerTimeMs >= now).sort((a, b) => a.layer - b.layer);
  const several = new Set(ahead.map((u) => u.smesherId)).size > 1;
  return (
    <Card title="Eligible layers ahead" id="upcoming">
      {ahead.length === 0 ? (
        <Empty>No eligible layer is known yet: they come with an ATX, for the epoch after it.</Empty>
      ) : (
        <table data-testid="upcoming">
          <thead>
            <tr>
              <th scope="col">Layer</th>
              <th scope="col">Starts</th>
              {several && <th scope="col">Identity</th>}
              <th scope="col">Forecast</th>
            </tr>
          </thead>
          <tbody>
            {ahead.slice(0, SHOWN).map((u) => (
              <tr key={`${u.smesherId}-${u.layer}`} data-layer={u.layer}>
                <td>
                  {u.layer}
                  {u.count > 1 && ` (×${u.count})`}
                </td>
                <td>
                  <time dateTime={new Date(u.layerTimeMs).toISOString()} title={formatTime(u.layerTimeMs)}>
                    {formatTimeOfDay(u.layerTimeMs, now)}
                  </time>
                </td>
                {several && <td className="mono">{u.smesherId.slice(0, 8)}…</td>}
                <td>{u.expected === undefined ? '—' : formatSmidge(u.expected)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {ahead.length > SHOWN && <p className="hint">and {ahead.length - SHOWN} more this epoch.</p>}
    </Card>
  );
}
