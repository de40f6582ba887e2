/**
 * API latency (docs/performance.md §1 target: p99 < 20 ms for status and balance calls over the WebSocket, with
 * 10,000 transactions in the history): a real standalone node on a temporary data dir whose state.sql holds a
 * synthetic history of the queried address (history.ts), its API host on 127.0.0.1, and one client calling
 * `node.status` and `wallet.balance` in turns (`smesher bench api`). The baseline is the bare WebSocket round trip of a same-size message to an echo server
 * in the same process and run, so the ratio shows what the API adds over the transport. Beside the wall-clock
 * quantiles, the CPU time per call (this process's, client and node together), which other load barely changes. Reads the wall clock;
 * starts a node, a PoET and servers.
 * @module
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { ApiClient } from '../api/server/client.js';
import { startNodeHost } from '../api/server/host.js';
import { loadOrCreateToken } from '../api/server/token.js';
import { createNode } from '../node/node.js';
import { STATE_SCHEMA, openDatabase } from '../db/index.js';
import { getPreset } from '../params/presets.js';
import { LocalProver } from '../post/localProver.js';
import { encodeAddress } from '../types/address.js';
import { SystemClock } from '../util/clock.js';
import { nullLogger } from '../util/logger.js';
import { writeTxHistory } from './history.js';
import { type BenchResult, benchResult } from './result.js';

const WARMUP_CALLS = 50;
/** Transactions in the queried address's history (the figure). */
export const HISTORY_TXS = 10_000;
const CALLS = 1000;

/** The q-quantile (0..1) of sorted samples, nearest rank. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('no samples');
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/**
 * Wall-clock samples (sorted), this process's CPU time per call (client and server both live here), and each call's
 * own CPU time (sorted). A call whose wall time is long but whose CPU time is short waited (for a core, on a busy
 * machine); one whose CPU time is long did work (or a collection) that blocked the event loop.
 */
type Timed = number[] & { cpuMsPerCall?: number; cpuSamples?: number[] };

async function timeCalls(fn: () => Promise<unknown>): Promise<Timed> {
  for (let i = 0; i < WARMUP_CALLS; i++) await fn();
  const samples: Timed = [];
  const cpuSamples: number[] = [];
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < CALLS; i++) {
    const start = performance.now();
    const callCpu = process.cpuUsage();
    await fn();
    samples.push(performance.now() - start);
    const used = process.cpuUsage(callCpu);
    cpuSamples.push((used.user + used.system) / 1000);
  }
  const cpu = process.cpuUsage(cpu0);
  samples.cpuMsPerCall = (cpu.user + cpu.system) / 1000 / CALLS;
  samples.cpuSamples = cpuSamples.sort((a, b) => a - b);
  return samples.sort((a, b) => a - b);
}

/** A WebSocket echo server and a client sending `size`-byte text frames: the transport's own round trip. */
async function echoRoundTrips(size: number): Promise<Timed> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  server.on('connection', (ws) => ws.on('message', (data) => ws.send(data, { binary: false })));
  const { port } = server.address() as { port: number };
  const ws = new WebSocket(`ws://127.0.0.1:${port}`);
  await new Promise((resolve) => ws.once('open', resolve));
  const payload = 'x'.repeat(size);
  try {
    return await timeCalls(() => new Promise((resolve) => (ws.once('message', resolve), ws.send(payload))));
  } finally {
    ws.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/**
 * Measures status and balance round trips.
 * @returns p50 and p99 in ms for each, against the echo round trip
 * @throws when the node or its API cannot start, or a call fails
 */
export async function benchNode(): Promise<BenchResult[]> {
  const dataDir = await mkdtemp(join(tmpdir(), 'smesher-bench-node-'));
  const preset = getPreset('standalone');
  const clock = new SystemClock();
  const node = await createNode({ preset }, { logger: nullLogger, clock, proverFactory: () => new LocalProver(), dataDir });
  const addressBytes = new Uint8Array(24).fill(7).fill(0, 0, 4);
  try {
    // A second connection to the node's state.sql (WAL): the history is in place before the first call.
    const history = openDatabase(join(node.networkDir, 'state.sql'), STATE_SCHEMA);
    try {
      writeTxHistory(history, addressBytes, HISTORY_TXS);
    } finally {
      history.close();
    }
    const host = await startNodeHost({ node, dataDir, clock, logger: nullLogger, version: 'bench', listen: { host: '127.0.0.1', port: 0 } });
    try {
      const client = await ApiClient.connect({ url: host.server!.url, token: await loadOrCreateToken(dataDir) });
      try {
        const address = encodeAddress(addressBytes, preset.hrp);
        const ok = async (p: Promise<{ ok: boolean }>): Promise<void> => {
          const r = await p;
          if (!r.ok) throw new Error(`API call failed: ${JSON.stringify(r)}`);
        };
        const status = await timeCalls(() => ok(client.call('node.status', {})));
        const balance = await timeCalls(() => ok(client.call('wallet.balance', { address })));
        const statusSize = JSON.stringify(await client.request('node.status', {})).length;
        const echo = await echoRoundTrips(statusSize);
        // The wall-clock tail follows the machine's load (docs/performance.md §4), so each figure says what it was.
        const load = `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`;
        const fig = (metric: string, samples: number[], q: number): BenchResult =>
          benchResult({
            bench: 'api',
            metric,
            value: quantile(samples, q),
            unit: `ms wall clock, ${CALLS} calls one after another (${HISTORY_TXS} transactions in the history; ${load})`,
            baseline: `WebSocket echo round trip of ${statusSize} bytes, p${Math.round(q * 100)} (same run)`,
            baseline_value: quantile(echo, q),
          });
        // The p99 call's own CPU time: near the p50's when the wall-clock tail is waiting for a core, not work.
        const cpuTail = (metric: string, samples: Timed): BenchResult =>
          benchResult({
            bench: 'api',
            metric,
            value: quantile(samples.cpuSamples!, 0.99),
            unit: `CPU ms of the p99 call, this process's threads (${HISTORY_TXS} transactions in the history; ${load})`,
            baseline: `the same for the WebSocket echo of ${statusSize} bytes (same run)`,
            baseline_value: quantile(echo.cpuSamples!, 0.99),
          });
        // CPU per call: what the call costs whatever else the machine runs (the p99 above is mostly scheduling there).
        const cpu = (metric: string, samples: Timed): BenchResult =>
          benchResult({
            bench: 'api',
            metric,
            value: samples.cpuMsPerCall!,
            unit: `CPU ms per call, client and node in one process (${HISTORY_TXS} transactions in the history)`,
            baseline: `CPU ms per WebSocket echo round trip of ${statusSize} bytes (same run)`,
            baseline_value: echo.cpuMsPerCall!,
          });
        return [
          fig('api_status_p50_ms', status, 0.5),
          fig('api_status_p99_ms', status, 0.99),
          fig('api_balance_p50_ms', balance, 0.5),
          fig('api_balance_p99_ms', balance, 0.99),
          cpu('api_status_cpu_ms_per_call', status),
          cpu('api_balance_cpu_ms_per_call', balance),
          cpuTail('api_status_cpu_p99_ms', status),
          cpuTail('api_balance_cpu_p99_ms', balance),
        ];
      } finally {
        await client.close();
      }
    } finally {
      await host.close();
    }
  } finally {
    await node.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
