/**
 * The data self-check (postcli `-verify -fraction`, docs/protocol/post.md §2.6): recomputes a random fraction of the
 * labels of every file and compares them with what is stored, naming the file and byte offset of each mismatch so
 * a user learns which file is bad before a proof fails (post-rs issue #117). I/O: reads the PoS directory;
 * worker threads.
 * @module
 */
import { randomInt } from 'node:crypto';
import { basename } from 'node:path';
import { JobControl } from './control.js';
import { openPosData } from './dataFiles.js';
import { PostError } from './errors.js';
import { computeCommitment, ENTIRE_LABEL_SIZE, LABEL_SIZE } from './labelInput.js';
import { createLabelPool } from './labelPool.js';
import { readRun } from './readRun.js';
import { equalBytes } from '../util/bytes.js';

/** Labels checked together: one SIMD pass of the kernel. */
const RUN_LABELS = 4;

export interface BadLabel {
  readonly file: string;
  /** Byte offset of the label inside its file. */
  readonly offset: number;
  readonly index: bigint;
}

export interface CheckResult {
  readonly labelsChecked: number;
  readonly bad: readonly BadLabel[];
}

export interface CheckOptions {
  readonly dir: string;
  readonly scryptN: number;
  /** Share of each file's labels to recompute, in (0, 1]. */
  readonly fraction: number;
  readonly threads?: number;
  /** Random run picker (tests pass a seeded one): an integer in [0, max). */
  readonly randomInt?: (max: number) => number;
  readonly onProgress?: (checked: number, total: number) => void;
  readonly control?: JobControl;
}

/**
 * Checks a random `fraction` of every file (at least one run of 4 labels per file).
 * @throws {PostError} BAD_PARAMS, DATA_MISSING, DATA_CORRUPT (wrong file size), CANCELLED
 */
export async function checkData(opts: CheckOptions): Promise<CheckResult> {
  if (!(opts.fraction > 0 && opts.fraction <= 1)) throw new PostError('BAD_PARAMS', `fraction must be in (0, 1], got ${opts.fraction}`);
  const data = openPosData(opts.dir);
  const commitment = computeCommitment(data.metadata.nodeId, data.metadata.commitmentAtxId);
  const pick = opts.randomInt ?? ((max: number) => randomInt(max));
  const control = opts.control ?? new JobControl();
  const plan: { path: string; start: bigint; offset: number; count: number }[] = [];
  for (const file of data.files) {
    const runs = Math.ceil(Number(file.labels) / RUN_LABELS);
    const wanted = Math.min(runs, Math.max(1, Math.ceil((Number(file.labels) * opts.fraction) / RUN_LABELS)));
    const chosen = new Set<number>();
    if (wanted === runs) for (let r = 0; r < runs; r++) chosen.add(r);
    while (chosen.size < wanted) chosen.add(pick(runs));
    for (const r of [...chosen].sort((a, b) => a - b)) {
      const first = r * RUN_LABELS;
      plan.push({ path: file.path, start: file.firstLabel + BigInt(first), offset: first * LABEL_SIZE, count: Math.min(RUN_LABELS, Number(file.labels) - first) });
    }
  }
  const total = plan.reduce((n, p) => n + p.count, 0);
  const threads = opts.threads ?? 1;
  const pool = createLabelPool(threads, opts.scryptN);
  const bad: BadLabel[] = [];
  let checked = 0;
  try {
    const inFlight: { run: (typeof plan)[number]; result: Promise<Uint8Array> }[] = [];
    let next = 0;
    while (next < plan.length || inFlight.length > 0) {
      while (next < plan.length && inFlight.length < threads * 4) {
        const run = plan[next++]!;
        const result = pool.compute(commitment, run.start, run.count);
        result.catch(() => {});
        inFlight.push({ run, result });
      }
      await control.checkpoint();
      const { run, result } = inFlight.shift()!;
      const outputs = await result;
      const stored = readRun(run.path, run.offset, run.count * LABEL_SIZE);
      for (let i = 0; i < run.count; i++) {
        const expected = outputs.subarray(i * ENTIRE_LABEL_SIZE, i * ENTIRE_LABEL_SIZE + LABEL_SIZE);
        if (!equalBytes(stored.subarray(i * LABEL_SIZE, (i + 1) * LABEL_SIZE), expected)) {
          bad.push({ file: basename(run.path), offset: run.offset + i * LABEL_SIZE, index: run.start + BigInt(i) });
        }
      }
      checked += run.count;
      opts.onProgress?.(checked, total);
    }
  } finally {
    await pool.close();
  }
  return { labelsChecked: checked, bad };
}
