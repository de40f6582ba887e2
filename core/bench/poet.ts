/**
 * PoET benchmarks (docs/performance.md §1): sequential-work leaves per second with the tree's lower layers
 * in files, as a round runs, against the same run's `crypto.hash('sha256')` chain rate / 400 (target ratio >= 0.9);
 * and proof verification against the chain rate / (150 × 400). Sides alternate in short turns so machine noise
 * hits both alike, and the sequential-work figure is also given per CPU second, which other processes on a shared
 * machine do not skew. Reads the clocks and writes a temporary directory.
 * @module
 */
import { Buffer } from 'node:buffer';
import { hash as nodeHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LABEL_HASH_NESTING_DEPTH, SECURITY_PARAM, merkleNodeHash } from '../poet/hash.js';
import { tieredLayers } from '../poet/layerFile.js';
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

/**
 * Runs the PoET benchmarks.
 * @returns `leaves_per_s` (wall clock), `leaves_per_cpu_s` (process CPU time) and `proof_verify` results
 * @throws {Error} when a self-check fails (the benchmarked tree's proof does not verify)
 */
export async function benchPoet(): Promise<BenchResult[]> {
  const dir = mkdtempSync(join(tmpdir(), 'smesher-bench-poet-'));
  const statement = new Uint8Array(32).fill(0x5e);
  // Low file threshold so the benchmark pays for the file layers a long round has.
  const tree = new MerkleTree(merkleNodeHash(statement), tieredLayers({ dir, memoryFromHeight: 8 }));
  try {
    let hashes = 0;
    let hashSeconds = 0;
    let hashCpu = 0;
    let leafSeconds = 0;
    let leafCpu = 0;
    for (let turn = 0; turn < TURNS; turn++) {
      const base = chainRate(TURN_MS);
      hashes += base.count;
      hashSeconds += base.seconds;
      hashCpu += base.cpu;
      const cpu = cpuSeconds();
      const start = performance.now();
      const stop = start + TURN_MS;
      await runSequentialWork({ tree, statement, isOver: () => performance.now() >= stop, minLeaves: 0 });
      leafSeconds += (performance.now() - start) / 1000;
      leafCpu += cpuSeconds() - cpu;
    }

    const proof = buildPoswProof(tree);
    verifyPoswProof(proof, statement);
    const verifyRate = measureRate(() => verifyPoswProof(proof, statement), 1000);
    const verifyBaseline = chainRate(1000);

    return [
      benchResult({
        bench: 'poet',
        metric: 'leaves_per_s',
        value: tree.leafCount / leafSeconds,
        unit: 'leaves/s',
        baseline: BASELINE,
        baseline_value: hashes / hashSeconds / LABEL_HASH_NESTING_DEPTH,
      }),
      // The same per second of this process's CPU time: steadier when other processes share the cores.
      benchResult({
        bench: 'poet',
        metric: 'leaves_per_cpu_s',
        value: tree.leafCount / leafCpu,
        unit: 'leaves/CPU-s',
        baseline: `${BASELINE}, per CPU second`,
        baseline_value: hashes / hashCpu / LABEL_HASH_NESTING_DEPTH,
      }),
      benchResult({
        bench: 'poet',
        metric: 'proof_verify',
        value: verifyRate,
        unit: 'proofs/s',
        baseline: `crypto.hash('sha256') chain rate / (${SECURITY_PARAM} x 400)`,
        baseline_value: verifyBaseline.count / verifyBaseline.seconds / (SECURITY_PARAM * LABEL_HASH_NESTING_DEPTH),
      }),
    ];
  } finally {
    tree.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
