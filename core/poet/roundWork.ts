/**
 * One round's sequential work from start (or checkpoint) to proof, as the in-process runner and the worker thread
 * both run it: open the tree (new, or resumed from the checkpoint's leaf count), grow it with checkpoints to
 * `execution.json`, build the proof. I/O (tree files, checkpoints).
 * @module
 */
import { SECURITY_PARAM, merkleNodeHash } from './hash.js';
import { tieredLayers } from './layerFile.js';
import { type PoswProof, buildPoswProof } from './proof.js';
import { RoundStore } from './roundStore.js';
import { MerkleTree } from './tree.js';
import { runSequentialWork } from './work.js';

/** What a round's work needs; plain data, so it crosses to a worker thread as is. */
export interface RoundWorkParams {
  readonly dataDir: string;
  readonly round: number;
  readonly statement: Uint8Array;
  /** The checkpoint's leaf count; 0 for a round starting now. */
  readonly resumeFrom: number;
  readonly memoryFromHeight: number;
  readonly checkpointEveryLeaves: number;
  /** The pace: at most this many leaves in the round (0: no bound, full speed until the round's end). */
  readonly maxLeaves: number;
}

/** When to stop: the round's end has passed, or the service is stopping. */
export interface RoundWorkControl {
  readonly isOver: () => boolean;
  readonly signal: AbortSignal;
}

/**
 * Runs the round's work to its proof.
 * @throws the signal's reason after a final checkpoint when aborted; {PoetError} BAD_STATE when the tree files do
 *   not hold the checkpoint's leaves; fs errors
 */
export async function doRoundWork(params: RoundWorkParams, control: RoundWorkControl): Promise<PoswProof> {
  const store = new RoundStore(params.dataDir);
  const { round, statement, resumeFrom } = params;
  const layers = tieredLayers({
    dir: await store.treeDir(round),
    memoryFromHeight: params.memoryFromHeight,
    resumeLeafCount: resumeFrom,
  });
  const hash = merkleNodeHash(statement);
  const tree = resumeFrom > 0 ? MerkleTree.resume(hash, layers, resumeFrom) : new MerkleTree(hash, layers);
  try {
    await runSequentialWork({
      tree,
      statement,
      isOver: control.isOver,
      minLeaves: SECURITY_PARAM,
      maxLeaves: params.maxLeaves,
      signal: control.signal,
      checkpointEveryLeaves: params.checkpointEveryLeaves,
      checkpoint: async (leafCount) => {
        // Layer files first: the checkpoint may only name leaves that are already durable.
        tree.sync();
        await store.writeExecution(round, { statement, leafCount });
      },
    });
    return buildPoswProof(tree);
  } finally {
    tree.close();
  }
}
