/**
 * Worker-thread entry for proving: reads one run of labels from a data file itself, straight into the scanner's
 * memory (so data never crosses threads), and scans it with {@link NonceScanner}. I/O: reads the data file; the worker message port.
 * @module
 */
import { closeSync, openSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import type { ScanTask } from './prove.js';
import { NonceScanner, type GoodIndices } from './proveScan.js';
import { serveWorker } from './workerPool.js';

let cached: { key: string; scanner: NonceScanner } | undefined;

if (parentPort !== null) {
  serveWorker<ScanTask, GoodIndices>(parentPort, (task) => {
    // Ciphers depend only on the pass; rebuild them when the challenge, groups or difficulty change.
    const key = `${Buffer.from(task.params.challenge).toString('hex')}:${task.params.groups.map((g) => `${g.group}/${g.pow}`).join(',')}:${task.params.difficulty}:${task.params.k2}`;
    if (cached?.key !== key) cached = { key, scanner: new NonceScanner(task.params) };
    const found: GoodIndices = new Map();
    const fd = openSync(task.path, 'r');
    try {
      cached.scanner.scanFile(fd, task.offset, task.length, task.startIndex, found);
    } finally {
      closeSync(fd);
    }
    return { result: found };
  });
}
