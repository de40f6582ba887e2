/**
 * PoET benchmarks (docs/performance.md §1): sequential-work leaves per second with the tree's lower layers
 * in files, as a round runs, against the same run's naive `crypto.hash('sha256')` chain rate / 400, for every label
 * path this machine has: the PoET's own (`leaves_per_s`, also per CPU second: the native chain with SHA extensions
 * where the CPU has them, target ratio >= 3.0), the addon's plain C chain (`leaves_per_s_native_c`, what a CPU
 * without SHA extensions runs) and the portable node:crypto chain (`leaves_per_s_portable`, no addon, target ratio
 * >= 0.9); a path that is the PoET's own is not repeated. Then proof verification on the PoET's path against the
 * chain rate / (150 × 400). All sides alternate in short turns so machine noise hits them alike, and the PoET's
 * figure is also given per CPU second, which other processes on a shared machine do not skew. Reads the clocks and
 * writes a temporary directory.
 * @module
 */
import { Buffer } from 'node:buffer';
import { hash as nodeHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LABEL_HASH_NESTING_DEPTH, type LabelPath, SECURITY_PARAM, merkleNodeHash } from '../poet/hash.js';
import { tieredLayers } from '../poet/layerFile.js';
import { type NativeChain, nativeChain, nativeChains } from '../poet/nativeChain.js';
import { buildPoswProof } from '../poet/proof.js';
import { MerkleTree } from '../poet/tree.js';
import { verifyPoswProof } from '../poet/verify.js';
import { runSequentialWork } from '../poet/work.js';
import { type BenchResult, benchResult, measureRate } from './result.js';

/** Turns per side, and the length of one turn. */
const TURNS = 8;
const TURN_MS = 300;
const BASELINE = "crypto.hash('sha256') chain rate / 400";

/** Seconds of CPU this process used (user + system). */
function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** sha256 chain steps over `ms` of wall time (32-byte input, each output hashed again), with wall and CPU seconds. */
function chainRate(ms: number): { count: number; seconds: number; cpu: number } {
  let digest = Buffer.alloc(32, 1);
  let count = 0;
  const cpu = cpuSeconds();
  const start = performance.now();
  const stop = start + ms;
  while (performance.now() < stop) {
    for (let i = 0; i < 4000; i++) digest = nodeHash('sha256', digest, 'buffer');
    count += 4000;
  }
  return { count, seconds: (performance.now() - start) / 1000, cpu: cpuSeconds() - cpu };
}

/** One label path under test: its own tree (lower layers in files) and what its turns added up to. */
interface Side {
  readonly metric: string;
  readonly path: LabelPath;
  readonly native: NativeChain | null;
  readonly tree: MerkleTree;
  seconds: number;
  cpu: number;
}

/**
 * The PoET's own path first, then each other path this machine has: the addon's plain C chain, node:crypto.
 * `SMESHER_NATIVE_SHA` picks the PoET's own path as it does for the node.
 */
function labelPaths(): { metric: string; native: NativeChain | null }[] {
  const own = nativeChain() ?? null;
  const paths: { metric: string; native: NativeChain | null }[] = [{ metric: 'leaves_per_s', native: own }];
  const plainC = nativeChains().find((c) => c.kind === 'c');
  if (plainC !== undefined && own?.kind !== 'c') paths.push({ metric: 'leaves_per_s_native_c', native: plainC });
  if (own !== null) paths.push({ metric: 'leaves_per_s_portable', native: null });
  return paths;
}

/**
 * Runs the PoET benchmarks.
 * @returns `leaves_per_s` (the PoET's own path, wall clock), `leaves_per_cpu_s` (the same per process CPU second),
 *   `leaves_per_s_native_c` and `leaves_per_s_portable` (the other paths, where they differ from the PoET's own),
 *   and `proof_verify`
 * @throws {Error} when a self-check fails (a benchmarked tree's proof does not verify on every path)
 */
export async function benchPoet(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'smesher-bench-poet-'));
  const statement = new Uint8Array(32).fill(0x5e);
  const sides: Side[] = labelPaths().map(({ metric, native }, k) => ({
    metric,
    path: native?.kind ?? 'node:crypto',
    native,
    // Low file threshold so the benchmark pays for the file layers a long round has.
    tree: new MerkleTree(merkleNodeHash(statement), tieredLayers({ dir: mkdtempSync(join(dir, `path${k}-`)), memoryFromHeight: 8 })),
    seconds: 0,
    cpu: 0,
  }));
  try {
    let hashes = 0;
    let hashSeconds = 0;
    let hashCpu = 0;
    for (let turn = 0; turn < TURNS; turn++) {
      const base = chainRate(TURN_MS);
      hashes += base.count;
      hashSeconds += base.seconds;
      hashCpu += base.cpu;
      for (const side of sides) {
        const cpu = cpuSeconds();
        const start = performance.now();
        const stop = start + TURN_MS;
        await runSequentialWork({ tree: side.tree, statement, native: side.native, isOver: () => performance.now() >= stop, minLeaves: 0 });
        side.seconds += (performance.now() - start) / 1000;
        side.cpu += cpuSeconds() - cpu;
      }
    }

    // Every path's tree verifies on every path: the paths agree bit for bit on what they measured.
    const checkers = [null, ...nativeChains()];
    for (const side of sides) {
      const proof = buildPoswProof(side.tree);
      for (const native of checkers) verifyPoswProof(proof, statement, SECURITY_PARAM, native);
    }
    const own = sides[0]!;
    const proof = buildPoswProof(own.tree);
    const verifyRate = measureRate(() => verifyPoswProof(proof, statement, SECURITY_PARAM, own.native), 1000);
    const verifyBaseline = chainRate(1000);
    const chainLeaves = hashes / hashSeconds / LABEL_HASH_NESTING_DEPTH;

    return [
      ...sides.map((side) =>
        benchResult({
          bench: 'poet',
          metric: side.metric,
          value: side.tree.leafCount / side.seconds,
          unit: `leaves/s (${side.path})`,
          baseline: BASELINE,
          baseline_value: chainLeaves,
        }),
      ),
      // The PoET's path per second of this process's CPU time: steadier when other processes share the cores.
      benchResult({
        bench: 'poet',
        metric: 'leaves_per_cpu_s',
        value: own.tree.leafCount / own.cpu,
        unit: `leaves/CPU-s (${own.path})`,
        baseline: `${BASELINE}, per CPU second`,
        baseline_value: hashes / hashCpu / LABEL_HASH_NESTING_DEPTH,
      }),
      benchResult({
        bench: 'poet',
        metric: 'proof_verify',
        value: verifyRate,
        unit: `proofs/s (${own.path})`,
        baseline: `crypto.hash('sha256') chain rate / (${SECURITY_PARAM} x 400)`,
        baseline_value: verifyBaseline.count / verifyBaseline.seconds / (SECURITY_PARAM * LABEL_HASH_NESTING_DEPTH),
      }),
    ];
  } finally {
    for (const side of sides) side.tree.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
