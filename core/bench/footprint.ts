/**
 * A node's footprint at rest (docs/performance.md §3; targets: a standalone node smeshing 1 unit, its embedded PoET
 * included, under 10 % of one core and 250 MB; a devnet node, no PoET inside, under 5 % and 300 MB). Each node is a
 * real `smesher node` child process on a temporary data dir, measured after its first reward over two epochs:
 * CPU time per second of wall time from `/proc/<pid>/stat` (all its threads, those that have exited included, so
 * other load on the machine barely changes it) and its RSS sampled every second (the peak is reported). The
 * embedded PoET's round worker reports its own thread's CPU time when its round finishes, so its share is reported
 * apart. The baseline is the same node over the next two epochs with smeshing paused over its API. The standalone
 * node and a devnet (`smesher poet serve` and three nodes from one network file, the beacon from genesis) run at the
 * same time to keep the benchmark to about eight minutes. Reads the wall clock; starts processes.
 * @module
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { ApiClient } from '../api/server/client.js';
import { loadOrCreateToken } from '../api/server/token.js';
import { getPreset } from '../params/presets.js';
import { processCpuMs, processRssBytes } from '../util/procStat.js';
import { type ChildLogLine, SmesherChild, freeLocalPort, runSmesherOnce } from './process.js';
import { type BenchResult, benchResult } from './result.js';

const MB = 1024 * 1024;
/** Epochs each window spans (the issue asks for at least two). */
const WINDOW_EPOCHS = 2;
const FIRST_REWARD_TIMEOUT_MS = 8 * 60_000;

/** What one window measured. */
export interface FootprintWindow {
  readonly seconds: number;
  /** Process CPU time per wall second, in % of one core. */
  readonly cpuPct: number;
  /** The embedded PoET's round workers' CPU time per wall second, % of one core (0 without one). */
  readonly poetCpuPct: number;
  readonly rssPeakMb: number;
  readonly rssMeanMb: number;
  /** 1-minute load average at the window's start and end. */
  readonly load: readonly [number, number];
}

/** CPU % from two CPU-time readings (ms) over a wall time (ms). */
export function cpuPercent(cpuMsBefore: number, cpuMsAfter: number, wallMs: number): number {
  if (!(wallMs > 0)) throw new RangeError('wall time must be positive');
  return (100 * (cpuMsAfter - cpuMsBefore)) / wallMs;
}

/**
 * Measures `child` until `until` resolves: CPU time, RSS every second, and the CPU time the PoET's rounds report in
 * their `round finished` lines.
 * @throws {Error} when the process is gone (no /proc entry)
 */
async function measureWindow(child: SmesherChild, until: Promise<unknown>): Promise<FootprintWindow> {
  const pid = child.pid;
  let poetMs = 0;
  child.onLine((l: ChildLogLine) => {
    if (l.msg === 'round finished' && typeof l.cpuMs === 'number') poetMs += l.cpuMs;
  });
  const rss: number[] = [];
  const sampleRss = (): void => {
    const bytes = processRssBytes(pid);
    if (bytes !== undefined) rss.push(bytes / MB);
  };
  const load0 = loadavg()[0]!;
  const cpu0 = processCpuMs(pid);
  const t0 = performance.now();
  sampleRss();
  const sampler = setInterval(sampleRss, 1000);
  try {
    await until;
  } finally {
    clearInterval(sampler);
    child.onLine(() => {});
  }
  const cpu1 = processCpuMs(pid);
  const wallMs = performance.now() - t0;
  if (cpu0 === undefined || cpu1 === undefined || rss.length === 0) throw new Error(`no /proc figures for pid ${pid}`);
  return {
    seconds: wallMs / 1000,
    cpuPct: cpuPercent(cpu0, cpu1, wallMs),
    poetCpuPct: (100 * poetMs) / wallMs,
    rssPeakMb: Math.max(...rss),
    rssMeanMb: rss.reduce((a, b) => a + b, 0) / rss.length,
    load: [load0, loadavg()[0]!],
  };
}

/** Resolves once the child has logged `n` more lines of `msg` than it has so far. */
function nthNext(child: SmesherChild, msg: string, n: number, timeoutMs: number): Promise<ChildLogLine> {
  const count = (): number => child.lines.filter((l) => l.msg === msg).length;
  const target = count() + n;
  return child.waitFor((l) => l.msg === msg && count() >= target, timeoutMs, `${n} more "${msg}" lines`);
}

/** Smeshing, then paused: the two windows of one node. */
async function smeshingThenPaused(
  child: SmesherChild,
  dataDir: string,
  epochMs: number,
  window: { align: () => Promise<unknown>; end: () => Promise<unknown> },
): Promise<{ smeshing: FootprintWindow; paused: FootprintWindow }> {
  const url = await child.apiUrl(60_000);
  await child.waitFor((l) => l.msg === 'reward received', FIRST_REWARD_TIMEOUT_MS, 'the first reward');
  await window.align();
  const smeshing = await measureWindow(child, window.end());
  const client = await ApiClient.connect({ url, token: await loadOrCreateToken(dataDir) });
  try {
    const paused = await client.call('smeshing.pause', {});
    if (!paused.ok) throw new Error(`smeshing.pause failed: ${JSON.stringify(paused)}`);
  } finally {
    await client.close();
  }
  // The pause settles (the PoST prover and the loops stop) before the baseline starts.
  await delay(2_000);
  const paused = await measureWindow(child, delay(WINDOW_EPOCHS * epochMs));
  return { smeshing, paused };
}

/** The standalone node: 1 unit, the embedded PoET paced as the preset says. */
async function standaloneFootprint(dir: string): Promise<{ smeshing: FootprintWindow; paused: FootprintWindow }> {
  const preset = getPreset('standalone');
  const epochMs = preset.layerDurationMs * preset.layersPerEpoch;
  const dataDir = join(dir, 'standalone');
  const child = new SmesherChild(['node', '--data-dir', dataDir, '--api-port', '0', '--smesh', '--post-dir', join(dir, 'standalone-post'), '--units', '1']);
  try {
    // From just after a round's proof to just after the proof two rounds later: exactly two epochs, each holding one
    // round's work and its `round finished` line.
    return await smeshingThenPaused(child, dataDir, epochMs, {
      align: () => nthNext(child, 'round finished', 1, 2 * epochMs),
      end: () => nthNext(child, 'round finished', WINDOW_EPOCHS, (WINDOW_EPOCHS + 1) * epochMs),
    });
  } finally {
    await child.stop();
  }
}

/** A devnet of one PoET server and three nodes (1, 1, 2 units); node 2 is measured. */
async function devnetFootprint(dir: string): Promise<{ smeshing: FootprintWindow; paused: FootprintWindow }> {
  const preset = getPreset('devnet');
  const epochMs = preset.layerDurationMs * preset.layersPerEpoch;
  await mkdir(dir, { recursive: true });
  const poetUrl = `http://127.0.0.1:${await freeLocalPort()}`;
  const netFile = join(dir, 'net.json');
  // Genesis after every process has started (about a second each on an idle machine; more under load).
  const genesisUnixS = Math.ceil(Date.now() / 1000) + 30;
  await runSmesherOnce(['network', 'new', '--preset', 'devnet', '--genesis-time', String(genesisUnixS), '--poet', poetUrl, '--set', 'beacon.mode=genesis', '--out', netFile]);
  const children: SmesherChild[] = [];
  try {
    children.push(new SmesherChild(['poet', 'serve', '--network', netFile, '--data-dir', join(dir, 'poetd')]));
    const nodeArgs = (i: number, units: number): string[] => [
      'node', '--network', netFile, '--data-dir', join(dir, `n${i}`), '--listen', '/ip4/127.0.0.1/tcp/0', '--no-mdns', '--api-port', '0',
      '--smesh', '--post-dir', join(dir, `p${i}`), '--units', String(units),
    ];
    const first = new SmesherChild(nodeArgs(1, 1));
    children.push(first);
    const listening = await first.waitFor((l) => l.event === 'p2p_listening', 60_000, 'p2p_listening');
    const addr = (listening.addrs as string[]).find((a) => a.startsWith('/ip4/127.0.0.1/tcp/'));
    if (addr === undefined) throw new Error('node 1 does not listen on 127.0.0.1');
    const measured = new SmesherChild([...nodeArgs(2, 1), '--bootnodes', addr]);
    children.push(measured, new SmesherChild([...nodeArgs(3, 2), '--bootnodes', addr]));
    return await smeshingThenPaused(measured, join(dir, 'n2'), epochMs, { align: async () => {}, end: () => delay(WINDOW_EPOCHS * epochMs) });
  } finally {
    await Promise.all(children.map((c) => c.stop()));
  }
}

const round1 = (x: number): string => x.toFixed(1);
const loadText = (w: FootprintWindow): string => `load ${round1(w.load[0])}-${round1(w.load[1])}`;

/** The figures of one node's two windows. */
function figures(name: string, who: string, r: { smeshing: FootprintWindow; paused: FootprintWindow }): BenchResult[] {
  const { smeshing, paused } = r;
  const base = `the same node with smeshing paused, ${Math.round(paused.seconds)} s (${loadText(paused)})`;
  const during = `${Math.round(smeshing.seconds)} s after the first reward, ${loadText(smeshing)}`;
  const out = [
    benchResult({ bench: 'node', metric: `${name}_cpu_pct`, value: smeshing.cpuPct, unit: `% of one core (${who}, ${during})`, baseline: base, baseline_value: paused.cpuPct }),
    benchResult({ bench: 'node', metric: `${name}_rss_peak_mb`, value: smeshing.rssPeakMb, unit: 'MB', baseline: base, baseline_value: paused.rssPeakMb }),
  ];
  if (smeshing.poetCpuPct > 0) {
    out.push(benchResult({ bench: 'node', metric: `${name}_poet_cpu_pct`, value: smeshing.poetCpuPct, unit: '% of one core (embedded PoET round workers)', baseline: 'the whole node, same window', baseline_value: smeshing.cpuPct }));
  }
  return out;
}

/**
 * Runs both nodes' windows.
 * @returns CPU % and peak RSS of the standalone node (and its PoET's share) and of a devnet node, each against the
 *   same node paused
 * @throws {Error} when a node fails to start or reach its first reward in time
 */
export async function benchFootprint(): Promise<BenchResult[]> {
  const dir = await mkdtemp(join(tmpdir(), 'smesher-bench-footprint-'));
  try {
    // allSettled: a failure of one still waits for the other's processes to stop before the folder goes.
    const [standalone, devnet] = await Promise.allSettled([standaloneFootprint(join(dir, 's')), devnetFootprint(join(dir, 'd'))]);
    if (standalone.status === 'rejected') throw standalone.reason;
    if (devnet.status === 'rejected') throw devnet.reason;
    return [...figures('standalone_idle', 'standalone, 1 unit, embedded PoET', standalone.value), ...figures('devnet_node_idle', 'devnet node, 1 unit, 3 nodes + PoET server', devnet.value)];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
