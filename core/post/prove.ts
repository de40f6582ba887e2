/**
 * Proof generation (docs/protocol/post.md §2.3): passes over all PoS data with a range of nonces (groups of 16) until some
 * nonce collects K2 good labels. Data is read in large sequential runs; with several threads each run is read and
 * scanned by a worker, and results are merged in index order so the proof does not depend on the thread count.
 * I/O: reads the PoS directory; worker threads.
 * @module
 */
import { closeSync, openSync } from 'node:fs';
import { JobControl } from './control.js';
import { openPosData } from './dataFiles.js';
import { provingDifficulty, scalePowDifficulty } from './difficulty.js';
import { PostError } from './errors.js';
import { k2PowFor, type K2Pow } from './k2pow.js';
import { LABEL_SIZE } from './labelInput.js';
import type { Proof, ProofMetadata } from './proof.js';
import { compressIndices, requiredBits } from './compression.js';
import { mergeGoodIndices, NonceScanner, type GoodIndices, type NonceGroupPow, type ScanParams } from './proveScan.js';
import { createWorkerPool, type WorkerPool } from './workerPool.js';
import { NONCES_PER_AES } from './cipher.js';
import { nullLogger, type Logger } from '../util/logger.js';

/** Nonce groups are a u8 in k2pow, so nonces stay below 256·16. */
export const MAX_NONCE = 256 * NONCES_PER_AES;
const DEFAULT_RUN_BYTES = 4 * 1024 * 1024;

export interface ProveProgress {
  readonly pass: number;
  readonly nonceStart: number;
  readonly nonceEnd: number;
  readonly bytesDone: number;
  readonly bytesTotal: number;
}

export interface ProveOptions {
  readonly dir: string;
  readonly challenge: Uint8Array;
  readonly k1: number;
  readonly k2: number;
  /** Nonces per pass, a multiple of 16 (post-rs `nonces_size`). */
  readonly nonces?: number;
  readonly threads?: number;
  /** The network's k2pow difficulty before division by units (32 bytes big-endian). */
  readonly powDifficulty: Uint8Array;
  readonly k2pow?: K2Pow;
  /** Bytes per sequential read (a multiple of 16). */
  readonly runBytes?: number;
  readonly onProgress?: (progress: ProveProgress) => void;
  readonly control?: JobControl;
  readonly logger?: Logger;
}

export interface ProveResult {
  readonly proof: Proof;
  readonly metadata: ProofMetadata;
  /** The K2 good indices, unpacked (for logs and tests). */
  readonly indices: readonly bigint[];
}

const ENTRY = new URL('./prove.worker.ts', import.meta.url).href;

/** One run of labels for a proving worker: it reads the bytes itself, so data never crosses threads. */
export interface ScanTask {
  readonly path: string;
  readonly offset: number;
  readonly length: number;
  readonly startIndex: bigint;
  readonly params: ScanParams;
}

/**
 * Generates a proof for `challenge` over the data in `opts.dir`.
 * @throws {PostError} BAD_PARAMS, DATA_MISSING, DATA_CORRUPT, NO_PROOF (no nonce below 4096 found K2 labels), CANCELLED
 */
export async function generateProof(opts: ProveOptions): Promise<ProveResult> {
  const log = (opts.logger ?? nullLogger).child({ module: 'post-prove' });
  const control = opts.control ?? new JobControl();
  const noncesPerPass = opts.nonces ?? NONCES_PER_AES;
  const threads = opts.threads ?? 1;
  const runBytes = opts.runBytes ?? DEFAULT_RUN_BYTES;
  if (opts.challenge.length !== 32) throw new PostError('BAD_PARAMS', 'challenge must be 32 bytes');
  if (!Number.isSafeInteger(noncesPerPass) || noncesPerPass <= 0 || noncesPerPass % NONCES_PER_AES !== 0 || noncesPerPass > MAX_NONCE) {
    throw new PostError('BAD_PARAMS', `nonces must be a positive multiple of 16 up to ${MAX_NONCE}, got ${noncesPerPass}`);
  }
  if (!Number.isSafeInteger(opts.k2) || opts.k2 < 1 || opts.k2 > 10_000) throw new PostError('BAD_PARAMS', `K2 must be in 1..10000, got ${opts.k2}`);
  if (!Number.isSafeInteger(threads) || threads < 1 || threads > 256) throw new PostError('BAD_PARAMS', `threads must be in 1..256, got ${threads}`);
  if (runBytes < LABEL_SIZE || runBytes % LABEL_SIZE !== 0) throw new PostError('BAD_PARAMS', 'runBytes must be a positive multiple of 16');

  const data = openPosData(opts.dir);
  const { metadata, layout } = data;
  const difficulty = provingDifficulty(opts.k1, layout.totalLabels);
  const powTarget = scalePowDifficulty(opts.powDifficulty, metadata.numUnits);
  const k2pow = opts.k2pow ?? k2PowFor(opts.powDifficulty);
  const bytesTotal = Number(layout.totalLabels) * LABEL_SIZE;
  const pool: WorkerPool<ScanTask, GoodIndices> | undefined = threads > 1 ? createWorkerPool(ENTRY, threads) : undefined;

  try {
    for (let start = 0, pass = 0; start < MAX_NONCE; start += noncesPerPass, pass++) {
      const end = Math.min(start + noncesPerPass, MAX_NONCE);
      const groups: NonceGroupPow[] = [];
      for (let g = start / NONCES_PER_AES; g < end / NONCES_PER_AES; g++) {
        await control.checkpoint();
        const pow = await k2pow.prove({ nonceGroup: g, challenge8: opts.challenge.subarray(0, 8), difficulty: powTarget, minerId: metadata.nodeId });
        groups.push({ group: g, pow });
      }
      const params: ScanParams = { challenge: opts.challenge, groups, difficulty, k2: opts.k2 };
      log.debug('proving pass', { pass, nonceStart: start, nonceEnd: end });
      const found = await scanAll(data.files, params, runBytes, pool, threads, control, (bytesDone) =>
        opts.onProgress?.({ pass, nonceStart: start, nonceEnd: end, bytesDone, bytesTotal }),
      );
      if (found !== undefined) {
        const pow = groups.find((g) => g.group === Math.floor(found.nonce / NONCES_PER_AES))!.pow;
        const proof: Proof = { nonce: found.nonce, indices: compressIndices(found.indices, requiredBits(layout.totalLabels)), pow };
        log.info('proof found', { nonce: found.nonce, pass });
        return {
          proof,
          indices: found.indices,
          metadata: { nodeId: metadata.nodeId, commitmentAtxId: metadata.commitmentAtxId, challenge: opts.challenge, numUnits: metadata.numUnits, labelsPerUnit: metadata.labelsPerUnit },
        };
      }
    }
    throw new PostError('NO_PROOF', `no nonce below ${MAX_NONCE} found ${opts.k2} good labels; K1/K2 do not fit this data`);
  } finally {
    await pool?.close();
  }
}

/** One pass over all files in index order; resolves to the winner, if any. */
async function scanAll(
  files: ReturnType<typeof openPosData>['files'],
  params: ScanParams,
  runBytes: number,
  pool: WorkerPool<ScanTask, GoodIndices> | undefined,
  threads: number,
  control: JobControl,
  progress: (bytesDone: number) => void,
): Promise<{ nonce: number; indices: bigint[] } | undefined> {
  const runs: ScanTask[] = [];
  for (const file of files) {
    const size = Number(file.labels) * LABEL_SIZE;
    for (let offset = 0; offset < size; offset += runBytes) {
      runs.push({ path: file.path, offset, length: Math.min(runBytes, size - offset), startIndex: file.firstLabel + BigInt(offset / LABEL_SIZE), params });
    }
  }
  const total: GoodIndices = new Map();
  let bytesDone = 0;
  if (pool === undefined) {
    const scanner = new NonceScanner(params);
    for (const run of runs) {
      await control.checkpoint();
      const found: GoodIndices = new Map();
      const fd = openSync(run.path, 'r');
      try {
        scanner.scanFile(fd, run.offset, run.length, run.startIndex, found);
      } finally {
        closeSync(fd);
      }
      const winner = mergeGoodIndices(total, found, params.k2);
      bytesDone += run.length;
      progress(bytesDone);
      if (winner !== undefined) return winner;
    }
    return undefined;
  }
  const inFlight: Promise<GoodIndices>[] = [];
  let next = 0;
  try {
    while (next < runs.length || inFlight.length > 0) {
      while (next < runs.length && inFlight.length < threads * 2) {
        const result = pool.run(runs[next]!);
        result.catch(() => {}); // awaited below in order; dropped ones (after a win) must not surface
        inFlight.push(result);
        next++;
      }
      await control.checkpoint();
      const found = await inFlight.shift()!;
      const winner = mergeGoodIndices(total, found, params.k2);
      bytesDone += runs[next - inFlight.length - 1]!.length;
      progress(bytesDone);
      if (winner !== undefined) return winner;
    }
    return undefined;
  } finally {
    inFlight.length = 0;
  }
}
