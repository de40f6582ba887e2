/**
 * Worker-thread entry for proving: reads one run of labels from a data file itself (so data never crosses
 * threads) and scans it with {@link NonceScanner}. I/O: reads the data file; the worker message port.
 * @module
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { NonceScanner, type GoodIndices, type ScanParams } from './proveScan.js';
import { serveWorker } from './workerPool.js';

export interface ScanTask {
  readonly path: string;
  readonly offset: number;
  readonly length: number;
  readonly startIndex: bigint;
  readonly params: ScanParams;
}

let cached: { key: string; scanner: NonceScanner } | undefined;
let buffer = new Uint8Array(0);

/** Reads `length` bytes at `offset` of `path` into a reused buffer. */
export function readRun(path: string, offset: number, length: number, into?: Uint8Array): Uint8Array {
  const out = into !== undefined && into.length >= length ? into.subarray(0, length) : new Uint8Array(length);
  const fd = openSync(path, 'r');
  try {
    let read = 0;
    while (read < length) {
      const n = readSync(fd, out, read, length - read, offset + read);
      if (n === 0) break;
      read += n;
    }
    return out.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

if (parentPort !== null) {
  serveWorker<ScanTask, GoodIndices>(parentPort, (task) => {
    // Ciphers depend only on the pass; rebuild them when the challenge, groups or difficulty change.
    const key = `${Buffer.from(task.params.challenge).toString('hex')}:${task.params.groups.map((g) => `${g.group}/${g.pow}`).join(',')}:${task.params.difficulty}:${task.params.k2}`;
    if (cached?.key !== key) cached = { key, scanner: new NonceScanner(task.params) };
    if (buffer.length < task.length) buffer = new Uint8Array(task.length);
    const data = readRun(task.path, task.offset, task.length, buffer);
    const found: GoodIndices = new Map();
    cached.scanner.scan(data, task.startIndex, found);
    return { result: found };
  });
}
