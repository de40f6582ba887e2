/**
 * Worker-thread entry for label computation: computes {@link LabelTask}s with this thread's own kernel (one
 * WebAssembly memory sized by N) and transfers the 32-byte outputs back. Started by labelPool.ts through
 * workerPool.ts. I/O: the worker message port only.
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { createLabelKernel, type LabelKernel } from './kernel.js';
import { ENTIRE_LABEL_SIZE } from './labelInput.js';
import type { LabelTask } from './labelPool.js';
import { serveWorker } from './workerPool.js';

let kernel: LabelKernel | undefined;

if (parentPort !== null) {
  serveWorker<LabelTask, Uint8Array>(parentPort, (task) => {
    // One N per worker in practice; a different N replaces the kernel so memory stays bounded.
    if (kernel?.n !== task.n) kernel = createLabelKernel(task.n);
    const outputs = new Uint8Array(task.count * ENTIRE_LABEL_SIZE);
    kernel.compute(task.commitment, BigInt(task.start), task.count, outputs);
    return { result: outputs, transfer: [outputs.buffer] };
  });
}
