/**
 * Reward accrual as a picture (issue #20 item 3): cumulative rewards over time, actual and expected (the forecast),
 * in total and per identity, drawn by uPlot on a canvas (CSP-safe: it styles through the CSSOM, its stylesheet is
 * bundled). Range buttons from the last day to all time, drag on the plot to zoom in, double-click to zoom out;
 * the legend reads the exact amounts at the cursor; the same points as a table for screen readers and checks; the
 * rewards as a CSV download. The lines cover what the dashboard loads: the latest 500 rewards and the epoch
 * accounts `rewards.epochs` gives without bounds (its last ten epochs); the export asks for up to 1,000 rewards. Colours are the theme's --chart-* properties, read again when the theme changes.
 * @module
 */
import 'uplot/dist/uPlot.min.css';
import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import { formatSmidge } from '../../../format/amount.js';
import { client, describeError } from '../../api.js';
import { ACCRUAL_RANGES, buildAccrual, pointsInRange, rangeBounds, type AccrualData, type AccrualRange } from '../../logic/accrualSeries.js';
import { rewardsCsv } from '../../logic/csv.js';
import { formatTime } from '../../logic/time.js';
import { useNode } from '../../state/nodeStore.js';
import { useSmeshing } from '../../state/smeshingStore.js';
import { useUi } from '../../state/uiStore.js';
import { datedFileName, downloadText } from '../../ui/download.js';
import { Card, Empty } from '../../ui/Status.js';

const PLOT_HEIGHT_PX = 240;
/** The most one `rewards.history` call returns (core/api/contract/schemas.ts MAX_LIST_LIMIT). */
const MAX_LIST_LIMIT = 1000;
const SMIDGE_PER_SMH = 1e9;

export function AccrualChart() {
  const rewards = useSmeshing((s) => s.rewards);
  const epochs = useSmeshing((s) => s.epochs);
  const upcoming = useSmeshing((s) => s.upcoming);
  const network = useNode((s) => s.status?.network);
  const [range, setRange] = useState<AccrualRange>('all');
  // The data is rebuilt when the facts change, not every second: the "now" it cuts the actual line at moves with them.
  const data = useMemo(() => (network === undefined ? null : buildAccrual(rewards, epochs, upcoming, network, Date.now())), [rewards, epochs, upcoming, network]);
  const bounds = data === null ? null : rangeBounds(data, range, Date.now());
  const [exportNote, setExportNote] = useState('');
  // The export asks the node for as many rewards as one call gives (the dashboard keeps fewer), newest first.
  const exportRewards = async () => {
    try {
      const all = await client.rewards.history({ limit: MAX_LIST_LIMIT });
      downloadText(datedFileName('rewards', Date.now()), rewardsCsv(all));
      setExportNote(all.length === MAX_LIST_LIMIT ? `Exported the latest ${MAX_LIST_LIMIT.toLocaleString('en-US')} rewards; each account's full history exports from the Wallet.` : '');
    } catch (error) {
      setExportNote(`Export failed: ${describeError(error)}`);
    }
  };
  const total = (kind: 'actual' | 'expected') => lastValue(data?.series.find((s) => s.kind === kind && s.smesherId === null)?.values ?? []);

  return (
    <Card title="Reward accrual: actual and expected" id="accrual">
      {data === null || bounds === null ? (
        <Empty>No rewards or forecasts yet: the expected line starts once the first ATX gives the identity eligible layers.</Empty>
      ) : (
        <>
          <div className="accrual-head">
            <div className="ranges" role="group" aria-label="Time range">
              {ACCRUAL_RANGES.map((r) => (
                <button key={r.range} type="button" aria-pressed={range === r.range} onClick={() => setRange(r.range)}>
                  {r.label}
                </button>
              ))}
            </div>
            <button type="button" onClick={() => void exportRewards()} disabled={rewards.length === 0}>
              Export rewards (CSV)
            </button>
          </div>
          <p className="hint">
            Received {formatSmidge(total('actual') ?? 0n)} of {formatSmidge(total('expected') ?? 0n)} expected so far and ahead. Drag across the chart to zoom in; double-click to
            zoom out.
          </p>
          {exportNote !== '' && (
            <p className="hint" role="status">
              {exportNote}
            </p>
          )}
          <Plot data={data} bounds={bounds} range={range} />
          <details>
            <summary>The numbers as a table ({pointsInRange(data, bounds).length} points in this range)</summary>
            <AccrualTable data={data} rows={pointsInRange(data, bounds)} />
          </details>
        </>
      )}
    </Card>
  );
}

function lastValue(values: readonly (bigint | null)[]): bigint | null {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null) return values[i]!;
  return null;
}

function Plot({ data, bounds, range }: { data: AccrualData; bounds: { minMs: number; maxMs: number }; range: AccrualRange }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  // The latest facts for callbacks made once per chart (legend values, new data), and whether the user zoomed.
  const latest = useRef({ data, bounds });
  latest.current = { data, bounds };
  const zoomed = useRef(false);
  const theme = useUi((s) => s.theme);
  const seriesKey = data.series.map((s) => s.label).join('|');
  useEffect(() => {
    const el = box.current;
    if (el === null) return;
    const u = new uPlot(plotOptions(() => latest.current.data, el.clientWidth, latest.current.bounds, zoomed), plotData(latest.current.data), el);
    chart.current = u;
    const resize = new ResizeObserver(() => u.setSize({ width: el.clientWidth, height: PLOT_HEIGHT_PX }));
    resize.observe(el);
    // uPlot's double-click shows all the data; the range buttons' bounds are "all" here.
    const unzoom = () => {
      zoomed.current = false;
      u.setScale('x', { min: latest.current.bounds.minMs, max: latest.current.bounds.maxMs });
    };
    el.addEventListener('dblclick', unzoom);
    return () => {
      el.removeEventListener('dblclick', unzoom);
      resize.disconnect();
      u.destroy();
      chart.current = null;
    };
    // A new chart only for other series or another theme (colours are read when it is made); new points go in
    // through setData below, so a zoom survives the next reward.
  }, [seriesKey, theme]);
  useEffect(() => {
    const u = chart.current;
    if (u === null) return;
    u.setData(plotData(data), false);
    if (!zoomed.current) u.setScale('x', { min: bounds.minMs, max: bounds.maxMs });
  }, [data]);
  useEffect(() => {
    zoomed.current = false;
    chart.current?.setScale('x', { min: latest.current.bounds.minMs, max: latest.current.bounds.maxMs });
  }, [range]);
  const totals = data.series.filter((s) => s.smesherId === null);
  return (
    <div
      ref={box}
      className="accrual-plot"
      data-testid="accrual-chart"
      data-points={data.times.length}
      data-total-actual={String(lastValue(totals[0]?.values ?? []) ?? 0n)}
      data-total-expected={String(lastValue(totals[1]?.values ?? []) ?? 0n)}
      role="img"
      aria-label="Cumulative rewards over time, actual and expected; the table below lists the same points"
    />
  );
}

function plotData(data: AccrualData): uPlot.AlignedData {
  return [data.times.slice(), ...data.series.map((s) => s.values.map((v) => (v === null ? null : Number(v) / SMIDGE_PER_SMH)))];
}

function cssVar(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

function plotOptions(current: () => AccrualData, width: number, bounds: { minMs: number; maxMs: number }, zoomed: { current: boolean }): uPlot.Options {
  const data = current();
  const text = cssVar('--muted');
  const grid = cssVar('--chart-grid');
  const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
  const stepped = uPlot.paths.stepped?.({ align: 1 });
  return {
    width,
    height: PLOT_HEIGHT_PX,
    ms: 1,
    scales: { x: { time: true, min: bounds.minMs, max: bounds.maxMs }, y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.08 : 1] } },
    axes: [
      axis,
      {
        ...axis,
        values: (_u, ticks) => ticks.map((t) => `${(+t.toPrecision(6)).toLocaleString('en-US')} SMH`),
        // Wide enough for the longest tick label, so large totals are not cut at the left edge.
        size: (_u, values) => 16 + 7.5 * Math.max(5, ...(values ?? []).map((v) => v.length)),
      },
    ],
    legend: { live: true },
    // A drag across the plot zooms in (uPlot's default); from then on new points leave the zoom alone.
    hooks: {
      // The x range shown, on the element (data-x-min, data-x-max, ms), for people inspecting and for tests.
      setScale: [
        (u, key) => {
          const el = u.root.parentElement;
          if (key !== 'x' || el === null) return;
          el.dataset['xMin'] = String(Math.round(u.scales['x']?.min ?? 0));
          el.dataset['xMax'] = String(Math.round(u.scales['x']?.max ?? 0));
        },
      ],
      setSelect: [
        (u) => {
          if (u.select.width > 0) zoomed.current = true;
        },
      ],
    },
    series: [
      { label: 'Time', value: (_u, v) => (v === null ? '—' : formatTime(v)) },
      ...data.series.map((s) => {
        const total = s.smesherId === null;
        return {
          label: s.label,
          stroke: cssVar(s.kind === 'actual' ? (total ? '--chart-actual' : '--state-working') : total ? '--chart-expected' : '--state-waiting'),
          width: total ? 2.5 : 1.5,
          ...(s.kind === 'expected' ? { dash: [6, 4] } : {}),
          ...(stepped === undefined ? {} : { paths: stepped }),
          points: { show: false },
          // The exact amount at the cursor, from the bigint the line was drawn from (the latest data's).
          value: (_u: uPlot, _v: number, si: number, i: number | null) => {
            const exact = i === null ? null : current().series[si - 1]?.values[i];
            return exact === null || exact === undefined ? '—' : formatSmidge(exact);
          },
        };
      }),
    ],
  };
}

function AccrualTable({ data, rows }: { data: AccrualData; rows: readonly number[] }) {
  return (
    <div className="accrual-table">
      <table data-testid="accrual-table">
        <caption className="hint">Cumulative rewards at each layer with a reward or a forecast; actual is empty for layers still ahead.</caption>
        <thead>
          <tr>
            <th scope="col">Layer</th>
            <th scope="col">Time</th>
            {data.series.map((s) => (
              <th scope="col" key={s.label}>
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((i) => (
            <tr key={data.layers[i]} data-layer={data.layers[i]}>
              <td>{data.layers[i]}</td>
              <td>
                <time dateTime={new Date(data.times[i]!).toISOString()}>{formatTime(data.times[i]!)}</time>
              </td>
              {data.series.map((s) => {
                const v = s.values[i];
                return (
                  <td key={s.label} className="num" data-series={`${s.kind}:${s.smesherId ?? 'total'}`} data-smidge={v === null || v === undefined ? '' : String(v)}>
                    {v === null || v === undefined ? '—' : formatSmidge(v)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
