/**
 * One card per identity: its folder and units, its state in words, and its PoST initialisation progress (%, labels,
 * labels/s measured here between progress events, ETA from the node). Identities come from the node status, with
 * the progress list filling in any the status has not reported yet, so several folders each get their own card.
 * @module
 */
import { useEffect, useRef, useState } from 'react';
import type { IdentityStatus, InitProgressInfo, SmeshingProgress, SmeshingState } from '../../../../core/api/contract/contract.js';
import { labelsPerSecond, type Sample } from '../../logic/rate.js';
import { formatDuration } from '../../logic/time.js';
import { useSmeshing } from '../../state/smeshingStore.js';
import { StateBadge, type UiState } from '../../ui/StateBadge.js';

const STATE_WORDS: Readonly<Record<SmeshingState, string>> = {
  working: 'working',
  sleeping: 'waiting for the next step',
  paused: 'paused',
  stopped: 'stopped',
  failed: 'failed',
};

/** The design system's state for each loop state: stopped and failed earn nothing, so they read as missed. */
const STATE_BADGE: Readonly<Record<SmeshingState, UiState>> = { working: 'working', sleeping: 'waiting', paused: 'waiting', stopped: 'missed', failed: 'missed' };

export function IdentityCards({ identities }: { identities: readonly IdentityStatus[] }) {
  const progress = useSmeshing((s) => s.progress);
  const live = useSmeshing((s) => s.live);
  const rates = useRates(live);
  const ids = [...identities.map((i) => i.smesherId), ...progress.map((p) => p.smesherId).filter((id) => !identities.some((i) => i.smesherId === id))];
  return (
    <>
      {ids.map((id) => (
        <IdentityCard
          key={id}
          smesherId={id}
          identity={identities.find((i) => i.smesherId === id)}
          progress={progress.find((p) => p.smesherId === id)}
          live={live[id]}
          rate={rates[id]}
        />
      ))}
    </>
  );
}

interface CardProps {
  smesherId: string;
  identity: IdentityStatus | undefined;
  progress: SmeshingProgress | undefined;
  live: InitProgressInfo | undefined;
  rate: number | undefined;
}

function IdentityCard({ smesherId, identity, progress, live, rate }: CardProps) {
  const info = live ?? progress?.init ?? null;
  const done = progress?.initDone ?? false;
  const state = identity?.state ?? progress?.state ?? 'stopped';
  const pct = done ? 100 : info && info.labelsTotal > 0 ? (info.labelsDone / info.labelsTotal) * 100 : 0;
  const titleId = `identity-${smesherId.slice(0, 12)}`;
  return (
    <section className="card identity" aria-labelledby={titleId} data-testid="init-progress" data-smesher={smesherId} data-state={state}>
      <h2 id={titleId}>
        Identity <span className="mono">{smesherId.slice(0, 12)}…</span>
      </h2>
      <p className="mono" title={smesherId}>
        {identity?.numUnits ?? '?'} unit(s) in {identity?.postDir ?? '?'}
      </p>
      <p>
        State: <StateBadge state={STATE_BADGE[state]} label={STATE_WORDS[state]} />
      </p>
      {identity?.error && (
        <div className="error" role="alert">
          <span>
            {identity.error.message} ({identity.error.code})
          </span>
        </div>
      )}
      <progress max={100} value={pct} aria-label="Initialisation progress" />
      <p>
        <strong data-testid="init-percent">{pct.toFixed(1)} %</strong>
        {info && !done && (
          <>
            {' '}· {info.labelsDone.toLocaleString()} / {info.labelsTotal.toLocaleString()} labels
            {rate !== undefined && state === 'working' && <> · {Math.round(rate).toLocaleString()} labels/s</>}
            {info.etaSeconds !== null && state === 'working' && <> · ETA {formatDuration(info.etaSeconds)}</>}
          </>
        )}
        {done && ' · storage initialised'}
        {!done && state === 'paused' && ' · initialisation paused'}
      </p>
    </section>
  );
}

/** labels/s per identity, from the difference between two live progress events seen here. */
function useRates(live: Readonly<Record<string, InitProgressInfo>>): Record<string, number> {
  const samples = useRef(new Map<string, Sample>());
  const seen = useRef(new Map<string, InitProgressInfo>());
  const [rates, setRates] = useState<Record<string, number>>({});
  useEffect(() => {
    const now = Date.now();
    const next: Record<string, number> = {};
    for (const p of Object.values(live)) {
      // Only the identity whose event arrived moved; the others' unchanged objects would read as 0 labels/s.
      if (seen.current.get(p.smesherId) === p) continue;
      seen.current.set(p.smesherId, p);
      const r = labelsPerSecond(samples.current.get(p.smesherId), { labelsDone: p.labelsDone, atMs: now });
      if (r !== null) next[p.smesherId] = r;
      samples.current.set(p.smesherId, { labelsDone: p.labelsDone, atMs: now });
    }
    if (Object.keys(next).length > 0) setRates((old) => ({ ...old, ...next }));
  }, [live]);
  return rates;
}
