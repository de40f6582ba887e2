/**
 * The smeshing dashboard: init progress per identity (%, labels/s, ETA) with pause and resume, a countdown to
 * the next eligible layer, the activation timeline, rewards per epoch (expected vs actual with every gap's cause)
 * as a chart and a table, and the "why no rewards?" checklist built from what the node reported.
 * @module
 */
import { useEffect, useRef, useState } from 'react';
import type { EpochRewardInfo, InitProgressInfo, TimelineEvent } from '../../../core/api/contract.js';
import { formatSmidge } from '../../format/amount.js';
import { client, describeError } from '../api.js';
import { labelsPerSecond, type Sample } from '../logic/rate.js';
import { formatDuration, formatTime } from '../logic/time.js';
import { whyNoRewards } from '../logic/whyNoRewards.js';
import { useNode } from '../state/nodeStore.js';
import { useSmeshing } from '../state/smeshingStore.js';
import { useUi } from '../state/uiStore.js';
import { Card, Empty, ErrorBox } from '../ui/Status.js';

/** One shared empty list: a new `[]` per selector call would make zustand re-render forever. */
const NONE: readonly never[] = [];

export function Dashboard() {
  const status = useNode((s) => s.status);
  const sm = useSmeshing();
  const go = useUi((s) => s.go);
  const checklist = whyNoRewards({ status, progress: sm.progress, events: sm.events, atxCount: sm.atxs.length, upcoming: sm.upcoming, rewards: sm.rewards });
  const total = sm.rewards.reduce((sum, r) => sum + BigInt(r.total), 0n);

  return (
    <div className="screen" data-testid="dashboard">
      <h1>Smeshing</h1>
      {sm.error && <ErrorBox message={sm.error} onRetry={() => void sm.load()} />}
      {status && status.identities.length === 0 && (
        <div className="note">
          <p>This node follows the network but does not smesh yet.</p>
          <button type="button" className="primary" onClick={() => go('setup')}>
            Set up storage
          </button>
        </div>
      )}
      <div className="grid">
        <InitCard />
        <Card title="Rewards" id="rewards">
          <p className="big" data-testid="rewards-total">
            {formatSmidge(total)}
          </p>
          <p>{sm.rewards.length} reward(s) received</p>
          <Countdown />
        </Card>
        <Card title="Why no rewards yet?" id="why">
          <ul className="checklist" data-testid="checklist">
            {checklist.map((c) => (
              <li key={c.id} className={c.done ? 'done' : 'open'} data-check={c.id} data-done={c.done}>
                <span aria-hidden="true">{c.done ? '✓' : '○'}</span> {c.label}
                {!c.done && checklist.find((x) => !x.done) === c && <p className="hint">{c.detail}</p>}
              </li>
            ))}
          </ul>
        </Card>
      </div>
      <EpochRewards epochs={sm.epochs} />
      <Timeline events={sm.events} />
    </div>
  );
}

function InitCard() {
  const progress = useSmeshing((s) => s.progress);
  const live = useSmeshing((s) => s.live);
  const identities = useNode((s) => s.status?.identities ?? NONE);
  const [error, setError] = useState<string | null>(null);
  const samples = useRef(new Map<string, Sample>());
  const [rates, setRates] = useState<Record<string, number>>({});

  useEffect(() => {
    const now = Date.now();
    const next: Record<string, number> = {};
    for (const p of Object.values(live)) {
      const r = labelsPerSecond(samples.current.get(p.smesherId), { labelsDone: p.labelsDone, atMs: now });
      if (r !== null) next[p.smesherId] = r;
      samples.current.set(p.smesherId, { labelsDone: p.labelsDone, atMs: now });
    }
    if (Object.keys(next).length > 0) setRates((old) => ({ ...old, ...next }));
  }, [live]);

  const act = async (what: 'pause' | 'resume') => {
    try {
      await client.smeshing[what]({});
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
  };

  return (
    <Card title="Storage initialisation" id="init">
      {error && <ErrorBox message={error} />}
      {progress.length === 0 && <Empty>No identity is smeshing on this node.</Empty>}
      {progress.map((p) => {
        const info: InitProgressInfo | null = live[p.smesherId] ?? p.init;
        const identity = identities.find((i) => i.smesherId === p.smesherId);
        const pct = p.initDone ? 100 : info && info.labelsTotal > 0 ? (info.labelsDone / info.labelsTotal) * 100 : 0;
        return (
          <div key={p.smesherId} className="identity" data-testid="init-progress">
            <p className="mono" title={p.smesherId}>
              Identity {p.smesherId.slice(0, 12)}… · {identity?.numUnits ?? '?'} unit(s) in {identity?.postDir ?? '?'} · {p.state}
            </p>
            <progress max={100} value={pct} aria-label="Initialisation progress" />
            <p>
              <strong data-testid="init-percent">{pct.toFixed(1)} %</strong>
              {info && !p.initDone && (
                <>
                  {' '}· {info.labelsDone.toLocaleString()} / {info.labelsTotal.toLocaleString()} labels
                  {rates[p.smesherId] !== undefined && <> · {Math.round(rates[p.smesherId]!).toLocaleString()} labels/s</>}
                  {info.etaSeconds !== null && <> · ETA {formatDuration(info.etaSeconds)}</>}
                </>
              )}
              {p.initDone && ' · done'}
            </p>
            {!p.initDone && (
              <div className="row">
                {p.state === 'working' && (
                  <button type="button" onClick={() => void act('pause')}>
                    Pause
                  </button>
                )}
                {(p.state === 'sleeping' || p.state === 'stopped') && (
                  <button type="button" onClick={() => void act('resume')}>
                    Resume
                  </button>
                )}
              </div>
            )}
          </div>
        );
      })}
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
  if (next === undefined) return <p data-testid="countdown">No eligible layer is scheduled yet.</p>;
  return (
    <p data-testid="countdown">
      Next eligible layer {next.layer} in <strong>{formatDuration((next.layerTimeMs - now) / 1000)}</strong> ({formatTime(next.layerTimeMs)})
    </p>
  );
}

function EpochRewards({ epochs }: { epochs: readonly EpochRewardInfo[] }) {
  const max = epochs.reduce((m, e) => Math.max(m, Number(e.expected), Number(e.actual)), 0);
  return (
    <Card title="Rewards per epoch: expected and actual" id="epochs">
      {epochs.length === 0 ? (
        <Empty>No epoch with eligibilities yet. The first comes after the first ATX (see the checklist).</Empty>
      ) : (
        <>
          <svg className="chart" viewBox={`0 0 ${epochs.length * 40 + 10} 110`} role="img" aria-label="Expected and actual rewards per epoch">
            {epochs.map((e, i) => {
              const h = (v: string) => (max === 0 ? 0 : (Number(v) / max) * 90);
              return (
                <g key={`${e.smesherId}-${e.epoch}`}>
                  <rect className="expected" x={10 + i * 40} y={95 - h(e.expected)} width={14} height={h(e.expected)} />
                  <rect className="actual" x={24 + i * 40} y={95 - h(e.actual)} width={14} height={h(e.actual)} />
                  <text x={17 + i * 40} y={107}>
                    {e.epoch}
                  </text>
                </g>
              );
            })}
          </svg>
          <table>
            <thead>
              <tr>
                <th scope="col">Epoch</th>
                <th scope="col">Expected</th>
                <th scope="col">Actual</th>
                <th scope="col">Layers paid</th>
                <th scope="col">Differences</th>
              </tr>
            </thead>
            <tbody>
              {epochs.map((e) => (
                <tr key={`${e.smesherId}-${e.epoch}`}>
                  <td>{e.epoch}</td>
                  <td>{formatSmidge(e.expected)}</td>
                  <td>{formatSmidge(e.actual)}</td>
                  <td>
                    {e.paidLayers} / {e.eligibleLayers}
                  </td>
                  <td>{e.gaps.length === 0 ? 'none' : e.gaps.map((g) => `layer ${g.layer}: ${g.cause.replace(/_/g, ' ')} (${signedSmidge(g.amount)})`).join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Card>
  );
}

/** A gap's signed smidge text (`"-477617992047"`) as `−477.6 SMH`, so differences read like the amounts. */
function signedSmidge(amount: string): string {
  const negative = amount.startsWith('-');
  return `${negative ? '−' : '+'}${formatSmidge(negative ? amount.slice(1) : amount)}`;
}

function describe(e: TimelineEvent): string {
  switch (e.event) {
    case 'post_init_progress':
      return `init ${e.labelsDone}/${e.labelsTotal} labels`;
    case 'post_init_done':
      return `storage initialised (${e.numUnits} unit(s))`;
    case 'poet_registered':
      return `registered with PoET round ${e.round} for epoch ${e.publishEpoch}`;
    case 'poet_proof':
      return `PoET proof of round ${e.round} (${e.leafCount.toLocaleString()} leaves)`;
    case 'post_proof':
      return `PoST proof for epoch ${e.publishEpoch}`;
    case 'atx_published':
      return `ATX published in epoch ${e.publishEpoch}, weight ${e.weight} for epoch ${e.targetEpoch}`;
    case 'eligibility':
      return `epoch ${e.epoch}: ${e.slots} slot(s) in layers ${e.layers.map((l) => l.layer).join(', ')}`;
    case 'proposal_published':
      return `proposal in layer ${e.layer} (${e.txs} tx)`;
    case 'reward':
      return `reward ${formatSmidge(e.totalReward)} in layer ${e.layer}`;
  }
}

function Timeline({ events }: { events: readonly TimelineEvent[] }) {
  const shown = events.filter((e) => e.event !== 'post_init_progress').slice(-40).reverse();
  return (
    <Card title="Activation timeline" id="timeline">
      {shown.length === 0 ? (
        <Empty>Nothing has happened yet: events appear here as the node initialises, registers and publishes.</Empty>
      ) : (
        <ol className="timeline" data-testid="timeline">
          {shown.map((e, i) => (
            <li key={`${e.timeMs}-${i}`} data-event={e.event}>
              <time dateTime={new Date(e.timeMs).toISOString()}>{formatTime(e.timeMs)}</time> {describe(e)}
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
