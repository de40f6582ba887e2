/**
 * The sequential-work loop (docs/protocol/poet.md §3; poet `prover.sequentialWork`): leaf i = H400(statement, BE64(i) ||
 * parked nodes), appended to the tree, until the round's end and at least T leaves. The loop runs on the caller's
 * thread in slices of a few milliseconds and yields between them, so a PoET embedded in the node never holds the
 * event loop (or the worker's message port) for long; it checkpoints every so many leaves through a callback. When
 * to stop comes in as a predicate (the injected Clock in process, a message in a worker); the only I/O is what the
 * tree's layer stores and the checkpoint callback do.
 * @module
 */
import { type Clock, abortReason } from '../util/clock.js';
import { type LabelPath, LabelHasher } from './hash.js';
import type { NativeChain } from './nativeChain.js';
import type { MerkleTree } from './tree.js';

/**
 * Leaves per slice between yields, by label path: about 5 ms each (node:crypto about 3,000 leaves/s, the native
 * plain C chain about 10,000, the SHA extensions 50,000 and more); a yield costs microseconds.
 */
const SLICE_LEAVES: Readonly<Record<LabelPath, number>> = { 'node:crypto': 16, c: 64, 'sha-ni': 256 };

export interface WorkOptions {
  readonly tree: MerkleTree;
  readonly statement: Uint8Array;
  /** True once the round's end has passed; asked once per slice. The loop stops when it is true... */
  readonly isOver: () => boolean;
  /** ...and the tree holds at least this many leaves (T: a proof needs them). */
  readonly minLeaves: number;
  /**
   * The pace: the loop stops once the tree holds this many leaves (never fewer than `minLeaves`), even before the
   * round's end. 0 or absent: no bound, the work runs at full speed until `isOver()`.
   */
  readonly maxLeaves?: number;
  /** Called with the leaf count every `checkpointEveryLeaves` leaves, on abort and at the end. */
  readonly checkpoint?: (leafCount: number) => Promise<void>;
  readonly checkpointEveryLeaves?: number;
  /** Stops the work (after a checkpoint); the promise then rejects with the signal's reason. */
  readonly signal?: AbortSignal;
  /** Leaves to add per slice before yielding; {@link SLICE_LEAVES} for the label path by default. */
  readonly sliceLeaves?: number;
  /** The label chain: `null` for node:crypto; the PoET's own choice (core/poet/nativeChain.ts) by default. */
  readonly native?: NativeChain | null;
}

/** The usual end condition: the clock has reached `endMs`. */
export function endsAt(clock: Clock, endMs: number): () => boolean {
  return () => clock.now() >= endMs;
}

/**
 * Grows `tree` until `isOver()` (and `minLeaves`), or up to `maxLeaves`.
 * @returns the final leaf count
 * @throws the signal's reason when aborted; whatever the layer stores or the checkpoint throw
 */
export async function runSequentialWork(options: WorkOptions): Promise<number> {
  const { tree, signal } = options;
  const labels = new LabelHasher(options.statement, options.native);
  const every = options.checkpointEveryLeaves ?? Number.POSITIVE_INFINITY;
  const slice = options.sliceLeaves ?? SLICE_LEAVES[labels.path];
  const cap = options.maxLeaves ? Math.max(options.maxLeaves, options.minLeaves) : Number.POSITIVE_INFINITY;
  let lastCheckpoint = tree.leafCount;
  for (;;) {
    if (signal?.aborted) {
      await options.checkpoint?.(tree.leafCount);
      throw abortReason(signal);
    }
    if (tree.leafCount >= cap || (tree.leafCount >= options.minLeaves && options.isOver())) break;
    const leaves = Math.min(slice, cap - tree.leafCount);
    for (let k = 0; k < leaves; k++) tree.addLeaf(labels.label(tree.leafCount, tree.parkedNodes));
    if (tree.leafCount - lastCheckpoint >= every) {
      lastCheckpoint = tree.leafCount;
      await options.checkpoint?.(tree.leafCount);
    }
    await yieldToEventLoop();
  }
  await options.checkpoint?.(tree.leafCount);
  return tree.leafCount;
}

/** Lets timers, sockets and other callbacks run before the next slice. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
