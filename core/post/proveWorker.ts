/**
 * Worker-thread entry for proving: reads one run of labels from a data file itself (so data never crosses
 * threads) and scans it with {@link NonceScanner}. I/O: reads the data file; the worker message port.
 * @module
 */
import { parentPort } from 'node:worker_threads';
import type { ScanTask } from './prove.js';
import { NonceScanner, type GoodIndices } from './proveScan.js';
import { readRun } from './readRun.js';
import { serveWorker } from './workerPool.js';

let cached: { key: string; scanner: NonceScanner } | undefined;
let buffer = new Uint8Array(0);

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
