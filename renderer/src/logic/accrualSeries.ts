/**
 * The reward accrual chart's data (issue #20 item 3): cumulative rewards over time, actual (from `rewards.history`)
 * and expected (each eligible layer's forecast from `rewards.epochs`, and the layers ahead from
 * `rewards.upcoming` that no epoch account holds yet), in total and, with several identities, per identity. One
 * shared time axis, step values in exact smidge (bigint) for the table and the hover readout, and the same as SMH
 * numbers for the plot; the actual lines stop at `nowMs`. Pure.
 * @module
 */
import type { EligibilityInfo, EpochRewardInfo, RewardInfo } from '../../../core/api/contract/contract.js';
import type { PlanTiming } from './firstRewardPlan.js';

export type AccrualRange = 'day' | 'week' | 'month' | 'all';
export const ACCRUAL_RANGES: readonly { readonly range: AccrualRange; readonly label: string; readonly ms: number }[] = [
  { range: 'day', label: 'Last day', ms: 86_400_000 },
  { range: 'week', label: 'Week', ms: 7 * 86_400_000 },
  { range: 'month', label: '30 days', ms: 30 * 86_400_000 },
  { range: 'all', label: 'All time', ms: Number.POSITIVE_INFINITY },
];

export interface AccrualSeriesInfo {
  readonly kind: 'actual' | 'expected';
  /** Null for the total over every identity. */
  readonly smesherId: string | null;
  readonly label: string;
  /** Cumulative smidge at each time; null where the series has no value (actual after now). */
  readonly values: readonly (bigint | null)[];
}

export interface AccrualData {
  /** Point times, ms, ascending, one per layer with a reward or a forecast. */
  readonly times: readonly number[];
  /** The layer of each point. */
  readonly layers: readonly number[];
  readonly series: readonly AccrualSeriesInfo[];
}

interface Step {
  readonly layer: number;
  readonly timeMs: number;
  readonly smesherId: string;
  readonly amount: bigint;
}

/** Builds the chart's data. Amounts that are not decimal smidge text are a bug upstream. @throws {SyntaxError} */
export function buildAccrual(rewards: readonly RewardInfo[], epochs: readonly EpochRewardInfo[], upcoming: readonly EligibilityInfo[], timing: PlanTiming, nowMs: number): AccrualData {
  const layerMs = (layer: number) => timing.genesisTimeMs + layer * timing.layerDurationMs;
  const actual: Step[] = rewards.map((r) => ({ layer: r.layer, timeMs: r.layerTimeMs, smesherId: r.smesherId, amount: BigInt(r.total) }));
  const expected: Step[] = epochs.flatMap((e) => (e.layers ?? []).map((l) => ({ layer: l.layer, timeMs: layerMs(l.layer), smesherId: e.smesherId, amount: BigInt(l.expected) })));
  const known = new Set(expected.map((s) => `${s.smesherId}:${s.layer}`));
  for (const u of upcoming) {
    if (u.expected === undefined || known.has(`${u.smesherId}:${u.layer}`)) continue;
    expected.push({ layer: u.layer, timeMs: u.layerTimeMs, smesherId: u.smesherId, amount: BigInt(u.expected) });
  }
  const byLayer = new Map<number, number>();
  for (const s of [...actual, ...expected]) byLayer.set(s.layer, s.timeMs);
  const layers = [...byLayer.keys()].sort((a, b) => a - b);
  const times = layers.map((l) => byLayer.get(l)!);
  const ids = [...new Set([...actual, ...expected].map((s) => s.smesherId))].sort();
  const series: AccrualSeriesInfo[] = [
    { kind: 'actual', smesherId: null, label: 'Actual, total', values: cumulative(actual, layers, times, nowMs) },
    { kind: 'expected', smesherId: null, label: 'Expected, total', values: cumulative(expected, layers, times, null) },
  ];
  if (ids.length > 1) {
    for (const id of ids) {
      const short = `${id.slice(0, 8)}…`;
      series.push({ kind: 'actual', smesherId: id, label: `Actual, ${short}`, values: cumulative(actual.filter((s) => s.smesherId === id), layers, times, nowMs) });
      series.push({ kind: 'expected', smesherId: id, label: `Expected, ${short}`, values: cumulative(expected.filter((s) => s.smesherId === id), layers, times, null) });
    }
  }
  return { times, layers, series };
}

/** The running sum of `steps` at each layer; null past `untilMs` (an actual line does not run into the future). */
function cumulative(steps: readonly Step[], layers: readonly number[], times: readonly number[], untilMs: number | null): (bigint | null)[] {
  const perLayer = new Map<number, bigint>();
  for (const s of steps) perLayer.set(s.layer, (perLayer.get(s.layer) ?? 0n) + s.amount);
  let sum = 0n;
  return layers.map((layer, i) => {
    sum += perLayer.get(layer) ?? 0n;
    return untilMs !== null && times[i]! > untilMs ? null : sum;
  });
}

/** The x range a button shows: the span before the last point (or now, if later), all time from the first point. */
export function rangeBounds(data: AccrualData, range: AccrualRange, nowMs: number): { readonly minMs: number; readonly maxMs: number } | null {
  if (data.times.length === 0) return null;
  const maxMs = Math.max(data.times.at(-1)!, nowMs);
  const span = ACCRUAL_RANGES.find((r) => r.range === range)!.ms;
  const minMs = Number.isFinite(span) ? Math.max(data.times[0]!, maxMs - span) : data.times[0]!;
  return { minMs, maxMs: maxMs > minMs ? maxMs : minMs + 1 };
}

/** Point indexes inside `[minMs, maxMs]`: the rows the table shows for the chosen range. */
export function pointsInRange(data: AccrualData, bounds: { readonly minMs: number; readonly maxMs: number }): number[] {
  return data.times.flatMap((t, i) => (t >= bounds.minMs && t <= bounds.maxMs ? [i] : []));
}
