/**
 * The storage setup wizard: a folder (free space and a write check from the node), units with their size and what
 * the disk has left, threads with a benchmark on this machine, the coinbase account, then the plan to the first
 * reward as dates from the node (init done → PoET registration → round end → ATX → first eligible layer) with a
 * warning when init misses the next registration window. The size step shows the max file size and how many files
 * that makes; the identities the node already runs are listed on top; a refused start shows the node's code and
 * message. Nothing is started before the user confirms; a start that succeeds opens the dashboard. The wizard
 * shows once the status and the options are in, so nothing above it arrives late and pushes it down. "Choose
 * folder…" opens the native dialog in the desktop app (`dialog.chooseFolder`) and the node's folder browser in a
 * browser (setup/FolderBrowser.tsx); either way the folder chosen is checked at once.
 * @module
 */
import { useEffect, useState } from 'react';
import type { ActivationPlanInfo, BenchmarkResult, SmeshingOptionsInfo } from '../../../core/api/contract/contract.js';
import { client, describeError } from '../api.js';
import { postFileCount } from '../logic/postFiles.js';
import { formatDuration, formatGiB } from '../logic/time.js';
import { setStatus, useNode } from '../state/nodeStore.js';
import { useUi } from '../state/uiStore.js';
import { useWallet } from '../state/walletStore.js';
import { Card, ErrorBox, Loading } from '../ui/Status.js';
import { comfortableUnits } from './setup/comfortableUnits.js';
import { FolderBrowser } from './setup/FolderBrowser.js';
import { PlanCard } from './setup/PlanCard.js';
import { RunningIdentities } from './setup/RunningIdentities.js';
import { StartError, refusalOf, type Refusal } from './setup/StartError.js';

/** One shared empty list: a new `[]` per selector call would make zustand re-render forever. */
const NONE: readonly never[] = [];

export function Setup() {
  const [folder, setFolder] = useState('');
  const [options, setOptions] = useState<SmeshingOptionsInfo | null>(null);
  const [units, setUnits] = useState(1);
  const [threads, setThreads] = useState(1);
  const [bench, setBench] = useState<BenchmarkResult | null>(null);
  const [plan, setPlan] = useState<ActivationPlanInfo | null>(null);
  const [coinbase, setCoinbase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [browsing, setBrowsing] = useState(false);
  const connection = useNode((s) => s.connection);
  const accounts = useWallet((s) => s.opened?.accounts ?? NONE);
  const identities = useNode((s) => s.status?.identities ?? NONE);
  const statusKnown = useNode((s) => s.status !== null);
  const go = useUi((s) => s.go);

  const check = async (path: string, prefill = false) => {
    try {
      const o = await client.smeshing.options({ folders: path ? [path] : [] });
      setOptions(o);
      // The first answer fills the empty field with the proposal (in the same render: nothing moves later) and starts
      // the units at the network's minimum, the quickest to initialise; the hint says how many fit comfortably.
      if (prefill) {
        if (o.proposed !== null) setFolder((typed) => (typed === '' ? o.proposed!.folder.path : typed));
        setUnits(o.minUnits);
      }
      setError(null);
    } catch (e) {
      setError(describeError(e));
    }
  };
  useEffect(() => {
    void check('', true);
  }, []);
  const use = (path: string) => {
    setFolder(path);
    setBrowsing(false);
    void check(path);
  };
  const chooseFolder = async () => {
    // The desktop app (the preload's bridge) has the system's own dialog; a browser gets the node's folder browser.
    if (window.nodeBridge === undefined) return setBrowsing(true);
    try {
      const { path } = await client.dialog.chooseFolder(folder === '' ? {} : { defaultPath: folder });
      if (path !== null) use(path);
    } catch (e) {
      setError(describeError(e));
    }
  };
  useEffect(() => {
    if (coinbase === '' && accounts[0]) setCoinbase(accounts[0].address);
  }, [accounts, coinbase]);

  const runBenchmark = async () => {
    setBusy('Measuring…');
    try {
      const b = await client.smeshing.benchmark({ threads });
      setBench(b);
      setPlan(await client.smeshing.plan({ units, labelsPerSecond: b.labelsPerSecond }));
      setError(null);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(null);
    }
  };
  useEffect(() => {
    if (bench === null) return;
    client.smeshing.plan({ units, labelsPerSecond: bench.labelsPerSecond }).then(setPlan, (e: unknown) => setError(describeError(e)));
  }, [units, bench]);

  const start = async () => {
    setBusy('Starting…');
    try {
      setStatus(await client.smeshing.start({ postDir: folder, units: [units], threads, ...(coinbase ? { coinbase } : {}) }));
      setRefusal(null);
      go('dashboard');
    } catch (e) {
      setRefusal(refusalOf(e));
    } finally {
      setBusy(null);
    }
  };

  const proposed = options?.proposed ?? null;
  const space = options?.folders.find((f) => f.path === folder) ?? (proposed?.folder.path === folder ? proposed.folder : null);
  const needBytes = (options?.bytesPerUnit ?? 0) * units;
  const leftBytes = space?.freeBytes == null ? null : space.freeBytes - needBytes;
  const files = options ? postFileCount(options.labelsPerUnit, units, options.maxFileSizeBytes) : 0;
  // The units start at the minimum (the quickest to initialise); what fits comfortably is one click away.
  const fits = proposed !== null && proposed.folder.path === folder ? proposed.units : options && space?.freeBytes != null ? comfortableUnits(space.freeBytes, options.bytesPerUnit, options.maxUnits) : null;
  // The running identities (from the status) sit above the wizard: wait for them and the options together.
  const ready = statusKnown && (options !== null || error !== null);

  return (
    <div className="screen" data-testid="setup">
      <h1>Storage setup</h1>
      {connection === 'unreachable' && (
        <p role="status" className="note" data-testid="setup-stale">
          The node is unreachable: checking a folder, measuring and starting all need it.
        </p>
      )}
      {ready ? (
        <>
          <RunningIdentities identities={identities} />
          {error && <ErrorBox message={error} onRetry={() => void check(folder)} />}
          <Card title="1. Folder" id="folder">
            <form
              className="row"
              onSubmit={(e) => {
                e.preventDefault();
                void check(folder);
              }}
            >
              <label className="grow">
                Folder for the PoS data
                <input value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="/home/me/post" />
              </label>
              <button type="submit">Check folder</button>
              <button type="button" onClick={() => void chooseFolder()} aria-expanded={window.nodeBridge === undefined ? browsing : undefined}>
                Choose folder…
              </button>
            </form>
            {browsing && <FolderBrowser start={folder === '' ? undefined : folder} onChoose={use} onClose={() => setBrowsing(false)} />}
            {proposed && (
              <p className="hint" data-testid="proposed-folder">
                {proposed.folder.path === folder ? 'Proposed for this network' : `Proposed: ${proposed.folder.path}`}, on the usual place with the most room:{' '}
                {proposed.units > 0 ? `${proposed.units} unit${proposed.units === 1 ? '' : 's'} fit there, leaving a fifth of its free space.` : 'not even one unit fits there.'}{' '}
                {proposed.folder.path === folder ? (
                  'Any other folder works too.'
                ) : (
                  <button type="button" onClick={() => setFolder(proposed.folder.path)}>
                    Use the proposed folder
                  </button>
                )}
              </p>
            )}
            {space && (
              <p data-testid="folder-space">
                {space.exists ? 'Folder exists' : 'Folder will be created'}; {space.writable ? 'writable' : 'NOT writable'}; free:{' '}
                {space.freeBytes == null ? 'unknown' : formatGiB(space.freeBytes)}
              </p>
            )}
          </Card>
          {options && (
            <Card title="2. Size and speed" id="size">
              <label>
                Units ({options.minUnits}–{options.maxUnits}), {formatGiB(options.bytesPerUnit)} each
                <input type="number" min={options.minUnits} max={options.maxUnits} value={units} onChange={(e) => setUnits(Number(e.target.value))} />
              </label>
              <p>
                Total: {formatGiB(needBytes)}
                {leftBytes != null && <> · left on disk afterwards: {leftBytes < 0 ? <strong className="warn">not enough space</strong> : formatGiB(leftBytes)}</>}
                {fits !== null && fits > 0 && fits !== units && (
                  <>
                    {' '}
                    <button type="button" onClick={() => setUnits(fits)} data-testid="use-fitting-units">
                      Use {fits} units (what fits, leaving a fifth of the free space)
                    </button>
                  </>
                )}
              </p>
              <p data-testid="file-layout">
                Max file size {formatGiB(options.maxFileSizeBytes)}: {files} file(s) (postdata_0.bin{files > 1 ? ` … postdata_${files - 1}.bin` : ''})
              </p>
              <label>
                Threads (this machine has {options.cpuThreads})
                <input type="number" min={1} max={options.cpuThreads} value={threads} onChange={(e) => setThreads(Number(e.target.value))} />
              </label>
              <button type="button" onClick={() => void runBenchmark()} disabled={busy !== null}>
                {busy ?? 'Measure speed and plan'}
              </button>
              {bench && (
                <p data-testid="benchmark">
                  {Math.round(bench.labelsPerSecond).toLocaleString()} labels/s with {bench.threads} thread(s): one unit takes {formatDuration(bench.secondsPerUnit)}.
                </p>
              )}
              <label>
                Rewards go to
                <select value={coinbase} onChange={(e) => setCoinbase(e.target.value)}>
                  {accounts.length === 0 && <option value="">the identity’s own account (no wallet open)</option>}
                  {accounts.map((a) => (
                    <option key={a.address} value={a.address}>
                      {a.name}: {a.address}
                    </option>
                  ))}
                </select>
              </label>
            </Card>
          )}
          {plan && <PlanCard plan={plan} />}
          {refusal && <StartError refusal={refusal} />}
          {plan && (
            <button type="button" className="primary" disabled={busy !== null || folder === '' || (leftBytes != null && leftBytes < 0)} onClick={() => void start()}>
              Start smeshing
            </button>
          )}
        </>
      ) : (
        <Loading what="the setup" />
      )}
    </div>
  );
}
