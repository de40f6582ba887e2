/**
 * PoST benchmarks (docs/performance.md §1), each against a baseline measured in the same run, with the two
 * sides alternating in short turns so machine noise hits both alike:
 * - labels/s of one thread (WebAssembly SIMD kernel) vs node:crypto `scryptSync` (OpenSSL C) at N = 8192, r = p = 1
 *   and the same 72-byte password, empty salt, 32-byte output (target ratio >= 1.3);
 * - labels/s of 2 worker threads vs 1 worker thread (target >= 1.9), and labels per CPU-second of both (the
 *   pool's parallel efficiency, which machine load does not distort);
 * - proving GiB/s of one nonce group on one thread (AES + good-label scan at mainnet-like difficulty) vs raw
 *   node:crypto AES-128-ECB over the same buffer sizes (target >= 0.8).
 * Reads the wall clock; starts worker threads.
 * @module
 */
import { createCipheriv, randomFillSync, scryptSync } from 'node:crypto';
import { createLabelKernel } from '../post/kernel.js';
import { createLabelPool } from '../post/labelPool.js';
import { labelPassword } from '../post/labelInput.js';
import { provingDifficulty } from '../post/difficulty.js';
import { NonceScanner, type GoodIndices } from '../post/proveScan.js';
import { type BenchResult, benchResult } from './result.js';

const N = 8192;
const TURNS = 4;
const TURN_MS = 1500;
const GIB = 1024 ** 3;

/** Runs `fn` (which does `ops` operations per call) for about `ms`; returns [ops, seconds]. */
function timed(fn: () => void, ops: number, ms: number): [number, number] {
  let count = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    fn();
    count += ops;
  }
  return [count, (performance.now() - start) / 1000];
}

/**
 * Label benchmarks.
 * @returns `labels_per_s_per_thread` (vs scryptSync), `labels_per_s_2_threads` and `labels_per_cpu_s_2_threads`
 *   (vs 1 thread)
 * @throws {Error} when the kernel disagrees with itself between calls (a broken build)
 */
export async function benchPost(): Promise<BenchResult[]> {
  const commitment = new Uint8Array(32).fill(0x42);
  const kernel = createLabelKernel(N);
  const out = new Uint8Array(32 * 8);
  const password = labelPassword(commitment, 0n);
  const empty = new Uint8Array(0);
  let ours = [0, 0];
  let base = [0, 0];
  let index = 0n;
  for (let turn = 0; turn < TURNS; turn++) {
    const a = timed(() => kernel.compute(commitment, (index += 8n), 8, out), 8, TURN_MS);
    const b = timed(() => scryptSync(password, empty, 32, { N, r: 1, p: 1 }), 1, TURN_MS);
    ours = [ours[0]! + a[0], ours[1]! + a[1]];
    base = [base[0]! + b[0], base[1]! + b[1]];
  }
  const perThread = benchResult({
    bench: 'post',
    metric: 'labels_per_s_per_thread',
    value: ours[0]! / ours[1]!,
    unit: 'labels/s',
    baseline: `node:crypto scryptSync N=${N} r=1 p=1 (1 thread)`,
    baseline_value: base[0]! / base[1]!,
  });

  // Thread scaling: pools of 1 and 2 workers, started and warmed before timing, computing the same kind of batches
  // in alternating turns so machine noise hits both alike.
  const single = createLabelPool(1, N);
  const dual = createLabelPool(2, N);
  // [labels, wall seconds, CPU seconds of the whole process (all threads)]
  let one = [0, 0, 0];
  let two = [0, 0, 0];
  try {
    await Promise.all([single.compute(commitment, 0n, 4), dual.compute(commitment, 0n, 4), dual.compute(commitment, 4n, 4)]);
    const turn = async (pool: typeof single): Promise<[number, number, number]> => {
      const batches = 4 * pool.threads;
      const cpu = process.cpuUsage();
      const start = performance.now();
      await Promise.all(Array.from({ length: batches }, (_, i) => pool.compute(commitment, BigInt(1000 + i * 32), 32)));
      const used = process.cpuUsage(cpu);
      return [batches * 32, (performance.now() - start) / 1000, (used.user + used.system) / 1e6];
    };
    for (let t = 0; t < TURNS; t++) {
      const a = await turn(single);
      const b = await turn(dual);
      one = [one[0]! + a[0], one[1]! + a[1], one[2]! + a[2]];
      two = [two[0]! + b[0], two[1]! + b[1], two[2]! + b[2]];
    }
  } finally {
    await Promise.all([single.close(), dual.close()]);
  }
  const scaling = benchResult({ bench: 'post', metric: 'labels_per_s_2_threads', value: two[0]! / two[1]!, unit: 'labels/s', baseline: 'the same pool with 1 thread', baseline_value: one[0]! / one[1]! });
  // Labels per CPU-second: on a shared machine the wall-clock speed-up shows how much CPU the OS granted; this
  // shows whether the pool itself loses efficiency with a second thread (1.0 = none).
  const efficiency = benchResult({ bench: 'post', metric: 'labels_per_cpu_s_2_threads', value: two[0]! / two[2]!, unit: 'labels/cpu-s', baseline: 'the same pool with 1 thread', baseline_value: one[0]! / one[2]! });
  return [perThread, scaling, efficiency];
}

/**
 * Proving benchmark over 1 MiB runs of random labels, one nonce group, mainnet-like difficulty (K1 = 26 over 4 SU
 * of 2^32 labels: the top byte is 0, so good labels are found with a zero-byte filter and the lazy cipher).
 * Two baselines, both raw node:crypto AES-128-ECB `update` over the same data: one call per 1 MiB run (the buffer
 * the prover reads), and one call per 64 KiB piece (the size the prover hands AES; the faster, stricter baseline).
 * The prover's own path is native AES-NI where built (core/post/nativeAes.ts); the portable path (node:crypto AES
 * with the WebAssembly filter) is measured too, so both figures stay visible.
 * @returns `gib_per_s_per_group_per_thread` against each baseline, and the portable path's figure
 */
export function benchProve(): Promise<BenchResult[]> {
  const RUN = 1024 * 1024;
  const PIECE = 64 * 1024;
  const data = randomFillSync(new Uint8Array(RUN));
  const params = { challenge: new Uint8Array(32).fill(7), groups: [{ group: 0, pow: 0n }], difficulty: provingDifficulty(26, 4n << 32n), k2: 37 };
  const scanner = new NonceScanner(params);
  const portable = new NonceScanner(params, undefined, null);
  const raw = createCipheriv('aes-128-ecb', new Uint8Array(16).fill(1), null);
  raw.setAutoPadding(false);
  const sums = { ours: [0, 0], portable: [0, 0], whole: [0, 0], pieces: [0, 0] };
  const add = (key: keyof typeof sums, r: [number, number]): void => {
    sums[key] = [sums[key][0]! + r[0], sums[key][1]! + r[1]];
  };
  const pieces = (): void => {
    for (let at = 0; at < RUN; at += PIECE) raw.update(data.subarray(at, at + PIECE));
  };
  // One untimed turn of each first: V8 compiles WebAssembly with its baseline tier and optimizes hot functions a
  // moment later, which a long prove does in its first second.
  for (let turn = -1; turn < TURNS * 2; turn++) {
    const run = (key: keyof typeof sums, fn: () => void): void => {
      const r = timed(fn, RUN, TURN_MS / 4);
      if (turn >= 0) add(key, r);
    };
    const found: GoodIndices = new Map();
    run('ours', () => scanner.scan(data, 0n, found));
    run('portable', () => portable.scan(data, 0n, found));
    run('whole', () => raw.update(data));
    run('pieces', pieces);
  }
  const rate = (key: keyof typeof sums): number => sums[key][0]! / sums[key][1]! / GIB;
  const result = (metric: string, key: 'ours' | 'portable', baseline: string, base: 'whole' | 'pieces'): BenchResult =>
    benchResult({ bench: 'prove', metric, value: rate(key), unit: 'GiB/s', baseline, baseline_value: rate(base) });
  const metric = 'gib_per_s_per_group_per_thread';
  const suffix = ` (prover path: ${scanner.aes})`;
  return Promise.resolve([
    result(metric, 'ours', `node:crypto AES-128-ECB update, same 1 MiB runs${suffix}`, 'whole'),
    result(metric, 'ours', `node:crypto AES-128-ECB update, same runs in 64 KiB pieces${suffix}`, 'pieces'),
    ...(scanner.aes === portable.aes ? [] : [result(`${metric}_portable`, 'portable', `node:crypto AES-128-ECB update, same runs in 64 KiB pieces (prover path: ${portable.aes})`, 'pieces')]),
  ]);
}
