/**
 * Rewards per epoch, expected and actual: a bar chart (expected; actual with the still-pending part stacked on
 * top) and a table with each epoch's layers counted as paid, pending and missed, every gap's cause in words, and
 * the eligible layers one by one. Layers that can still pay are shown as pending, never as misses.
 * @module
 */
import type { EligibleLayerRewardInfo, EpochRewardInfo } from '../../../../core/api/contract/contract.js';
import { formatSmidge } from '../../../format/amount.js';
import { countLayers, outcomeWords } from '../../logic/rewardOutcomes.js';
import { StateBadge, type UiState } from '../../ui/StateBadge.js';
import { Card, Empty } from '../../ui/Status.js';

export function EpochRewards({ epochs }: { epochs: readonly EpochRewardInfo[] }) {
  const several = new Set(epochs.map((e) => e.smesherId)).size > 1;
  return (
    <Card title="Rewards per epoch: expected and actual" id="epochs">
      {epochs.length === 0 ? (
        <Empty>No epoch with eligibilities yet. The first comes after the first ATX (see the checklist).</Empty>
      ) : (
        <>
          <Chart epochs={epochs} />
          <table data-testid="epoch-rewards">
            <thead>
              <tr>
                <th scope="col">Epoch</th>
                {several && <th scope="col">Identity</th>}
                <th scope="col">Expected</th>
                <th scope="col">Actual</th>
                <th scope="col">Pending</th>
                <th scope="col">Layers</th>
                <th scope="col">Differences</th>
              </tr>
            </thead>
            <tbody>
              {epochs.map((e) => (
                <EpochRow key={`${e.smesherId}-${e.epoch}`} e={e} several={several} />
              ))}
            </tbody>
          </table>
        </>
      )}
    </Card>
  );
}

function EpochRow({ e, several }: { e: EpochRewardInfo; several: boolean }) {
  const counts = countLayers(e);
  return (
    <tr data-epoch={e.epoch}>
      <td>{e.epoch}</td>
      {several && <td className="mono">{e.smesherId.slice(0, 8)}…</td>}
      <td>{formatSmidge(e.expected)}</td>
      <td>{formatSmidge(e.actual)}</td>
      <td>{e.pending !== undefined && e.pending !== '0' ? formatSmidge(e.pending) : '—'}</td>
      <td>
        {e.layers && e.layers.length > 0 ? (
          <details>
            <summary>{summary(counts)}</summary>
            <ul className="layer-outcomes">
              {e.layers.map((l) => (
                <LayerOutcome key={l.layer} l={l} />
              ))}
            </ul>
          </details>
        ) : (
          summary(counts)
        )}
      </td>
      <td>{e.gaps.length === 0 ? 'none' : e.gaps.map((g) => `layer ${g.layer}: ${outcomeWords(g.cause)} (${signedSmidge(g.amount)})`).join('; ')}</td>
    </tr>
  );
}

function LayerOutcome({ l }: { l: EligibleLayerRewardInfo }) {
  return (
    <li data-layer={l.layer} data-outcome={l.outcome} className={`outcome outcome-${l.outcome}`}>
      <StateBadge state={outcomeState(l)} label={l.outcome === 'pending' ? 'pending' : undefined} /> Layer {l.layer}
      {l.count > 1 && ` (×${l.count})`}, expected {formatSmidge(l.expected)}: {outcomeWords(l.outcome)}
    </li>
  );
}

/** An eligible layer in the design system's states: paid, pending (waiting) or missed. */
function outcomeState(l: EligibleLayerRewardInfo): UiState {
  return l.outcome === 'paid' ? 'paid' : l.outcome === 'pending' ? 'waiting' : 'missed';
}

function summary(c: { paid: number; pending: number; missed: number }): string {
  const parts = [`${c.paid} paid`];
  if (c.pending > 0) parts.push(`${c.pending} pending`);
  if (c.missed > 0) parts.push(`${c.missed} missed`);
  return parts.join(' · ');
}

function Chart({ epochs }: { epochs: readonly EpochRewardInfo[] }) {
  const amount = (v: string | undefined) => Number(v ?? '0');
  const max = epochs.reduce((m, e) => Math.max(m, amount(e.expected), amount(e.actual) + amount(e.pending)), 0);
  const h = (v: number) => (max === 0 ? 0 : (v / max) * 90);
  return (
    <svg className="chart" viewBox={`0 0 ${epochs.length * 40 + 10} 110`} role="img" aria-label="Expected, actual and pending rewards per epoch">
      {epochs.map((e, i) => {
        const actual = h(amount(e.actual));
        const pending = h(amount(e.pending));
        return (
          <g key={`${e.smesherId}-${e.epoch}`}>
            <rect className="expected" x={10 + i * 40} y={95 - h(amount(e.expected))} width={14} height={h(amount(e.expected))} />
            <rect className="actual" x={24 + i * 40} y={95 - actual} width={14} height={actual} />
            <rect className="pending" x={24 + i * 40} y={95 - actual - pending} width={14} height={pending} />
            <text x={17 + i * 40} y={107}>
              {e.epoch}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

/** A gap's signed smidge text (`"-477617992047"`) as `−477.6 SMH`, so differences read like the amounts. */
function signedSmidge(amount: string): string {
  const negative = amount.startsWith('-');
  return `${negative ? '−' : '+'}${formatSmidge(negative ? amount.slice(1) : amount)}`;
}
