/**
 * Worker-thread entry for label computation: receives {@link LabelTask}s, computes them with this thread's own
 * kernel (one WebAssembly memory sized by N) and transfers the 32-byte outputs back. Started by labelPool.ts,
 * which registers tsx in the thread first. I/O: the worker message port only.
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { createLabelKernel, type LabelKernel } from './kernel.js';
import { ENTIRE_LABEL_SIZE } from './labelInput.js';
import type { LabelTask, LabelTaskResult } from './labelPool.js';

const kernels = new Map<number, LabelKernel>();

parentPort?.on('message', (task: LabelTask) => {
  try {
    let kernel = kernels.get(task.n);
    if (kernel === undefined) {
      // One N per worker in practice; a new N replaces the old kernel so memory stays bounded.
      kernels.clear();
      kernel = createLabelKernel(task.n);
      kernels.set(task.n, kernel);
    }
    const outputs = new Uint8Array(task.count * ENTIRE_LABEL_SIZE);
    kernel.compute(task.commitment, BigInt(task.start), task.count, outputs);
    const result: LabelTaskResult = { id: task.id, outputs };
    parentPort?.postMessage(result, [outputs.buffer]);
  } catch (err) {
    const result: LabelTaskResult = { id: task.id, error: (err as Error).message };
    parentPort?.postMessage(result);
  }
});
