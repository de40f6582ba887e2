/**
 * PoST initialization (docs/protocol/post.md §1): writes `postdata_<i>.bin` + `postdata_metadata.json` as postcli does,
 * with labels computed by a worker-thread pool, the VRF nonce search, subranges of files, pause/resume/cancel and
 * progress events.
 *
 * Crash safety: labels are written strictly in index order, so after a kill -9 every file is a correct prefix
 * (a torn last label is cut off on restart). The nonce is not trusted from a checkpoint: a restart rescans the
 * labels already on disk (cheaply: only labels whose stored 16 bytes do not exceed the bound are recomputed), so
 * a resumed run ends with the same files and metadata as an uninterrupted one.
 *
 *   main thread:  scan existing ─ dispatch batches ─┬─ await oldest ─ write ─ nonce ─ progress ─┬─ ... ─ metadata
 *   workers:                                        └─ compute ────────────────────────────────┘
 * I/O: files in `dir`, worker threads.
 * @module
 */
import { closeSync, ftruncateSync, fstatSync, fsyncSync, mkdirSync, openSync, readSync, statfsSync, writeSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { JobControl } from './control.js';
import { PostError } from './errors.js';
import { assertScryptN, createLabelKernel, type LabelKernel } from './kernel.js';
import { computeCommitment, ENTIRE_LABEL_SIZE, LABEL_SIZE } from './labelInput.js';
import { createLabelPool } from './labelPool.js';
import { computeLayout, dataFileName, fileRange, listDataFiles, type Layout } from './layout.js';
import { readMetadata, writeMetadata, type PostMetadata } from './metadata.js';
import { makeProgress, RollingRate, type InitProgress } from './progress.js';
import { NonceTracker, vrfTarget } from './vrfNonce.js';
import { compareBytes, equalBytes } from '../util/bytes.js';
import { nullLogger, type Logger } from '../util/logger.js';

export const DEFAULT_MAX_FILE_SIZE = 4n * 1024n ** 3n;
const SCAN_CHUNK_LABELS = 65536;
/** More files than this means a max file size far too small for the data (and file indices beyond exact numbers). */
const MAX_FILES = 2 ** 31;
/** Labels per step of the search past the data: LastPosition advances by this, independent of threads. */
const EXTENDED_BATCH_LABELS = 1024;

export interface InitOptions {
  readonly dir: string;
  readonly nodeId: Uint8Array;
  readonly commitmentAtxId: Uint8Array;
  readonly numUnits: number;
  readonly labelsPerUnit: bigint;
  readonly scryptN: number;
  readonly maxFileSize?: bigint;
  readonly threads?: number;
  /** First and last file index to write (inclusive), as postcli `-fromFile/-toFile`. */
  readonly fromFile?: number;
  readonly toFile?: number;
  readonly onProgress?: (progress: InitProgress) => void;
  readonly control?: JobControl;
  readonly logger?: Logger;
  readonly now?: () => number;
  /** Replaces the VRF target; only tests of the search past the data use it. */
  readonly vrfTargetOverride?: Uint8Array;
}

export interface InitResult {
  readonly metadata: PostMetadata;
  /** Labels this run computed (0 when everything was already there). */
  readonly labelsComputed: number;
}

/** Labels per batch: ~50 ms of work at N = 8192, capped so cheap N still yields frequent progress. */
export function batchLabels(n: number): number {
  return Math.max(4, Math.min(16384, 4 * Math.floor(65536 / n)));
}

/**
 * Runs (or resumes) initialization.
 * @throws {PostError} BAD_PARAMS, METADATA_MISMATCH (other identity or parameters), DATA_CORRUPT (a file larger than
 *   its range, data without metadata), NO_SPACE, DIR_UNWRITABLE, CANCELLED
 */
export async function initialize(opts: InitOptions): Promise<InitResult> {
  const log = (opts.logger ?? nullLogger).child({ module: 'post-init' });
  const now = opts.now ?? Date.now;
  const control = opts.control ?? new JobControl();
  const maxFileSize = opts.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  validate(opts, maxFileSize);
  const layout = computeLayout(opts.labelsPerUnit, opts.numUnits, maxFileSize);
  if (layout.numFiles > MAX_FILES) throw new PostError('BAD_PARAMS', `${layout.numFiles} files of ${maxFileSize} bytes is too many; raise the max file size`);
  const fromFile = opts.fromFile ?? 0;
  const toFile = opts.toFile ?? layout.numFiles - 1;
  if (!Number.isSafeInteger(fromFile) || !Number.isSafeInteger(toFile) || fromFile < 0 || toFile < fromFile || toFile >= layout.numFiles) {
    throw new PostError('BAD_PARAMS', `file range ${fromFile}..${toFile} is outside 0..${layout.numFiles - 1}`);
  }
  const fullRange = fromFile === 0 && toFile === layout.numFiles - 1;
  const commitment = computeCommitment(opts.nodeId, opts.commitmentAtxId);
  const { dir } = opts;

  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new PostError('DIR_UNWRITABLE', `cannot create ${dir}: ${(err as Error).message}`, { dir }, { cause: err });
  }
  const existing = checkExisting(dir, opts, maxFileSize, layout);
  const sizes = existingLabelCounts(dir, layout, fromFile, toFile);
  let rangeTotal = 0n;
  let rangeDone = 0n;
  for (let f = fromFile; f <= toFile; f++) {
    rangeTotal += fileRange(layout, f).count;
    rangeDone += sizes.get(f) ?? 0n;
  }
  checkFreeSpace(dir, (rangeTotal - rangeDone) * BigInt(LABEL_SIZE));

  const base: PostMetadata = {
    nodeId: opts.nodeId,
    commitmentAtxId: opts.commitmentAtxId,
    labelsPerUnit: opts.labelsPerUnit,
    numUnits: opts.numUnits,
    maxFileSize,
  };
  // A search past the end of the data (see below) is state the data cannot reproduce: keep it across restarts.
  const extended =
    fullRange && existing?.lastPosition !== undefined && existing.lastPosition > layout.totalLabels
      ? { lastPosition: existing.lastPosition, nonce: existing.nonce !== undefined && existing.nonce >= layout.totalLabels ? existing.nonce : undefined }
      : undefined;
  // Identify the directory before the first label lands, so data never sits there without its owner's ids. An
  // existing (matching) file is left as it is until the final write, which a restart reproduces exactly.
  if (existing === undefined) writeMetadata(dir, base);

  const target = opts.vrfTargetOverride ?? vrfTarget(layout.totalLabels);
  const tracker = new NonceTracker(target);
  let mainKernel: LabelKernel | undefined;
  const recompute = (index: bigint): Uint8Array => {
    mainKernel ??= createLabelKernel(opts.scryptN);
    const out = new Uint8Array(ENTIRE_LABEL_SIZE);
    mainKernel.compute(commitment, index, 1, out);
    return out;
  };
  for (let f = fromFile; f <= toFile; f++) scanFileForNonce(dir, layout, f, sizes.get(f) ?? 0n, tracker, recompute);
  if (extended?.nonce !== undefined) tracker.offer(extended.nonce, recompute(extended.nonce));

  const threads = opts.threads ?? Math.min(availableParallelism(), 8);
  const batch = batchLabels(opts.scryptN);
  const pool = createLabelPool(threads, opts.scryptN);
  const rate = new RollingRate();
  let done = Number(rangeDone);
  let computed = 0;
  const emit = (file: number): void => {
    rate.add(now(), done);
    opts.onProgress?.(makeProgress(done, Number(rangeTotal), rate.rate(), file));
  };
  log.info('initialization started', { dir, numUnits: opts.numUnits, totalLabels: layout.totalLabels, fromFile, toFile, threads, resumeAt: done });

  try {
    for (let f = fromFile; f <= toFile; f++) {
      const range = fileRange(layout, f);
      const have = sizes.get(f) ?? 0n;
      if (have === range.count) continue;
      emit(f);
      const fd = openFile(join(dir, dataFileName(f)));
      try {
        const inFlight: { start: bigint; count: number; result: Promise<Uint8Array> }[] = [];
        let next = range.start + have;
        const end = range.start + range.count;
        const labels = new Uint8Array(batch * LABEL_SIZE);
        while (next < end || inFlight.length > 0) {
          while (next < end && inFlight.length < threads * 2 && !control.paused && !control.cancelled) {
            const count = Number(end - next < BigInt(batch) ? end - next : BigInt(batch));
            const result = pool.compute(commitment, next, count);
            result.catch(() => {}); // observed below, in order; this only silences rejections of dropped batches
            inFlight.push({ start: next, count, result });
            next += BigInt(count);
          }
          if (inFlight.length === 0) {
            await control.checkpoint();
            rate.reset();
            continue;
          }
          if (control.cancelled) await control.checkpoint();
          const job = inFlight.shift()!;
          const outputs = await job.result;
          for (let i = 0; i < job.count; i++) {
            labels.set(outputs.subarray(i * ENTIRE_LABEL_SIZE, i * ENTIRE_LABEL_SIZE + LABEL_SIZE), i * LABEL_SIZE);
          }
          writeAll(fd, labels.subarray(0, job.count * LABEL_SIZE), Number(job.start - range.start) * LABEL_SIZE);
          tracker.offerBatch(job.start, outputs, job.count);
          done += job.count;
          computed += job.count;
          emit(f);
        }
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      log.info('file completed', { file: dataFileName(f), labels: range.count });
    }

    let lastPosition = extended?.lastPosition;
    if (tracker.best === undefined && fullRange) {
      // No label of the data is below the target: keep computing labels past the end (not stored), recording how
      // far the search got in LastPosition so a restart continues instead of starting over (post issue #187).
      // Batches have a fixed size from the end of the data, so the result does not depend on threads or restarts.
      let position = lastPosition ?? layout.totalLabels;
      const step = Math.min(batch, EXTENDED_BATCH_LABELS);
      log.warn('no VRF nonce in the data; searching past the end', { from: position });
      while (tracker.best === undefined) {
        await control.checkpoint();
        const results = Array.from({ length: threads }, (_, i) => pool.compute(commitment, position + BigInt(i * step), step));
        for (const r of results) r.catch(() => {});
        for (const result of results) {
          const outputs = await result;
          tracker.offerBatch(position, outputs, step);
          position += BigInt(step);
          computed += step;
          if (tracker.best !== undefined) break;
          writeMetadata(dir, { ...base, lastPosition: position });
        }
      }
      lastPosition = position;
    }

    const best = tracker.best;
    const metadata: PostMetadata = {
      ...base,
      ...(best === undefined ? {} : { nonce: best.index, nonceValue: best.value.slice(0, LABEL_SIZE) }),
      ...(lastPosition === undefined ? {} : { lastPosition }),
    };
    writeMetadata(dir, metadata);
    log.info('initialization done', { dir, nonce: best?.index, labelsComputed: computed });
    return { metadata, labelsComputed: computed };
  } finally {
    await pool.close();
  }
}

function validate(opts: InitOptions, maxFileSize: bigint): void {
  if (!(opts.nodeId instanceof Uint8Array) || opts.nodeId.length !== 32) throw new PostError('BAD_PARAMS', 'node id must be 32 bytes');
  if (!(opts.commitmentAtxId instanceof Uint8Array) || opts.commitmentAtxId.length !== 32) throw new PostError('BAD_PARAMS', 'commitment ATX id must be 32 bytes');
  if (!Number.isSafeInteger(opts.numUnits) || opts.numUnits < 1 || opts.numUnits > 0xffff_ffff) throw new PostError('BAD_PARAMS', `units must be in 1..${0xffff_ffff}, got ${opts.numUnits}`);
  if (opts.labelsPerUnit < 1n || opts.labelsPerUnit >= 1n << 60n) throw new PostError('BAD_PARAMS', `labels per unit must be positive, got ${opts.labelsPerUnit}`);
  if (maxFileSize < BigInt(LABEL_SIZE) || maxFileSize % BigInt(LABEL_SIZE) !== 0n) throw new PostError('BAD_PARAMS', `max file size must be a positive multiple of 16 bytes, got ${maxFileSize}`);
  if (opts.threads !== undefined && (!Number.isSafeInteger(opts.threads) || opts.threads < 1 || opts.threads > 256)) throw new PostError('BAD_PARAMS', `threads must be in 1..256, got ${opts.threads}`);
  try {
    assertScryptN(opts.scryptN);
  } catch (err) {
    throw new PostError('BAD_PARAMS', (err as Error).message, {}, { cause: err });
  }
}

/** Refuses a directory that holds another identity's or another configuration's data. */
function checkExisting(dir: string, opts: InitOptions, maxFileSize: bigint, layout: Layout): PostMetadata | undefined {
  const existing = readMetadata(dir);
  const files = listDataFiles(dir);
  if (existing === undefined) {
    if (files.length > 0) throw new PostError('DATA_CORRUPT', `${dir} holds postdata files but no postdata_metadata.json; refusing to touch them`, { dir });
    return undefined;
  }
  const mismatch = (field: string, found: string, expected: string): PostError =>
    new PostError('METADATA_MISMATCH', `${dir} belongs to other data: ${field} is ${found}, expected ${expected}`, { dir, field });
  const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
  if (!equalBytes(existing.nodeId, opts.nodeId)) throw mismatch('NodeId', hex(existing.nodeId), hex(opts.nodeId));
  if (!equalBytes(existing.commitmentAtxId, opts.commitmentAtxId)) throw mismatch('CommitmentAtxId', hex(existing.commitmentAtxId), hex(opts.commitmentAtxId));
  if (existing.labelsPerUnit !== opts.labelsPerUnit) throw mismatch('LabelsPerUnit', `${existing.labelsPerUnit}`, `${opts.labelsPerUnit}`);
  if (existing.numUnits !== opts.numUnits) throw mismatch('NumUnits', `${existing.numUnits}`, `${opts.numUnits}`);
  if (existing.maxFileSize !== maxFileSize) throw mismatch('MaxFileSize', `${existing.maxFileSize}`, `${maxFileSize}`);
  const extra = files.find((f) => f >= layout.numFiles);
  if (extra !== undefined) throw new PostError('DATA_CORRUPT', `${dataFileName(extra)} is beyond the ${layout.numFiles} files of this configuration`, { dir, file: dataFileName(extra) });
  return existing;
}

/** Labels already in each file of the range; a torn last label (kill -9 mid-write) is cut off here. */
function existingLabelCounts(dir: string, layout: Layout, fromFile: number, toFile: number): Map<number, bigint> {
  const counts = new Map<number, bigint>();
  for (const f of listDataFiles(dir)) {
    if (f < fromFile || f > toFile) continue;
    const path = join(dir, dataFileName(f));
    const fd = openFile(path);
    try {
      const size = BigInt(fstatSync(fd).size);
      const expected = fileRange(layout, f).count * BigInt(LABEL_SIZE);
      if (size > expected) throw new PostError('DATA_CORRUPT', `${path} is ${size} bytes, more than the ${expected} of its labels`, { file: dataFileName(f), size: Number(size) });
      if (size % BigInt(LABEL_SIZE) !== 0n) ftruncateSync(fd, Number(size - (size % BigInt(LABEL_SIZE))));
      counts.set(f, size / BigInt(LABEL_SIZE));
    } finally {
      closeSync(fd);
    }
  }
  return counts;
}

/** Offers every stored label that could beat the current bound; the full output is recomputed for those only. */
function scanFileForNonce(dir: string, layout: Layout, f: number, have: bigint, tracker: NonceTracker, recompute: (index: bigint) => Uint8Array): void {
  if (have === 0n) return;
  const { start } = fileRange(layout, f);
  const fd = openFile(join(dir, dataFileName(f)));
  const buf = new Uint8Array(SCAN_CHUNK_LABELS * LABEL_SIZE);
  try {
    for (let at = 0n; at < have; at += BigInt(SCAN_CHUNK_LABELS)) {
      const count = Number(have - at < BigInt(SCAN_CHUNK_LABELS) ? have - at : BigInt(SCAN_CHUNK_LABELS));
      readAll(fd, buf.subarray(0, count * LABEL_SIZE), Number(at) * LABEL_SIZE);
      for (let i = 0; i < count; i++) {
        const bound = tracker.bound;
        if (buf[i * LABEL_SIZE]! > bound[0]!) continue;
        if (compareBytes(buf.subarray(i * LABEL_SIZE, (i + 1) * LABEL_SIZE), bound.subarray(0, LABEL_SIZE)) > 0) continue;
        const index = start + at + BigInt(i);
        tracker.offer(index, recompute(index));
      }
    }
  } finally {
    closeSync(fd);
  }
}

function checkFreeSpace(dir: string, needed: bigint): void {
  const stats = statfsSync(dir, { bigint: true });
  const free = stats.bavail * stats.bsize;
  if (free < needed) {
    throw new PostError('NO_SPACE', `${dir} has ${free} bytes free, initialization needs ${needed} more`, { dir, free: Number(free), needed: Number(needed) });
  }
}

function openFile(path: string): number {
  try {
    // 'a' creates the file when missing without truncating it; writes then go through an 'r+' descriptor because
    // positional writes on an append-mode descriptor are ignored on Linux.
    closeSync(openSync(path, 'a'));
    return openSync(path, 'r+');
  } catch (err) {
    throw new PostError('DIR_UNWRITABLE', `cannot open ${path}: ${(err as Error).message}`, { path }, { cause: err });
  }
}

function writeAll(fd: number, data: Uint8Array, position: number): void {
  let written = 0;
  while (written < data.length) written += writeSync(fd, data, written, data.length - written, position + written);
}

function readAll(fd: number, into: Uint8Array, position: number): void {
  let read = 0;
  while (read < into.length) {
    const n = readSync(fd, into, read, into.length - read, position + read);
    if (n === 0) throw new PostError('DATA_CORRUPT', 'unexpected end of a postdata file');
    read += n;
  }
}
