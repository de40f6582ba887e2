/**
 * Verifying PoET proofs (docs/protocol/poet.md §6; poet `verifier/verifier.go`, merkle-tree `validation.go`): rebuild the
 * partial tree from the proven leaves and the proof nodes, collecting for every proven leaf the left siblings on
 * its path (its parking snapshot), then recompute each proven leaf's label. Pure.
 *
 * Stricter than merkle-tree's validator in ways no honest proof notices: every proven leaf and every proof node
 * must be used, and the root must sit at height ceil(log2(leafCount)).
 * @module
 */
import { equalBytes } from '../util/bytes.js';
import { PoetError } from './errors.js';
import { NODE_SIZE, type NodeHash, SECURITY_PARAM, fiatShamir, labelHash, labelInput, merkleNodeHash } from './hash.js';
import { type NativeChain, nativeChain } from './nativeChain.js';
import { type PoswProof, siblingIndex } from './proof.js';
import { rootHeight } from './tree.js';

/** What a partial tree yields. */
export interface PartialTree {
  readonly root: Uint8Array;
  readonly height: number;
  /** Per proven leaf: the left siblings on its path, lowest first (exactly its parked nodes when it was added). */
  readonly leftSiblings: readonly (readonly Uint8Array[])[];
}

interface Walked {
  readonly node: Uint8Array;
  readonly height: number;
  readonly members: number[];
}

/**
 * Rebuilds a partial Merkle tree in validator order (see proof.ts).
 * @param indices - the proven leaves' indices, strictly ascending
 * @throws {PoetError} INVALID_PROOF when the inputs do not form a partial tree (wrong sizes, unsorted indices,
 *   proof nodes that run out inside a subtree or are left over, leaves not reached)
 */
export function walkPartialTree(
  indices: readonly number[],
  leaves: readonly Uint8Array[],
  proofNodes: readonly Uint8Array[],
  hash: NodeHash,
): PartialTree {
  if (leaves.length === 0 || leaves.length !== indices.length) {
    throw invalid(`${leaves.length} leaves for ${indices.length} indices`);
  }
  indices.forEach((index, k) => {
    if (!Number.isSafeInteger(index) || index < 0 || (k > 0 && index <= indices[k - 1]!)) {
      throw invalid(`leaf indices are not strictly ascending at ${k}`);
    }
  });
  for (const node of [...leaves, ...proofNodes]) {
    if (!(node instanceof Uint8Array) || node.length !== NODE_SIZE) throw invalid(`a node is not ${NODE_SIZE} bytes`);
  }
  const leftSiblings: Uint8Array[][] = leaves.map(() => []);
  let nextLeaf = 0;
  let nextProof = 0;

  const walk = (stopAt: number): Walked => {
    const first = nextLeaf++;
    let node = leaves[first]!;
    let index = indices[first]!;
    let members = [first];
    let height = 0;
    for (; height !== stopAt; height++) {
      const sibling = siblingIndex(index);
      const following = indices[nextLeaf];
      let siblingNode: Uint8Array;
      let siblingMembers: number[] = [];
      if (following !== undefined && Math.floor(following / 2 ** height) === sibling) {
        const sub = walk(height);
        siblingNode = sub.node;
        siblingMembers = sub.members;
      } else {
        const fromProof = proofNodes[nextProof++];
        if (fromProof === undefined) break;
        siblingNode = fromProof;
      }
      if (index % 2 === 1) {
        for (const m of members) leftSiblings[m]!.push(siblingNode);
        node = hash(siblingNode, node);
      } else {
        for (const m of siblingMembers) leftSiblings[m]!.push(node);
        members = members.concat(siblingMembers);
        node = hash(node, siblingNode);
      }
      index = Math.floor(index / 2);
    }
    if (stopAt !== Number.POSITIVE_INFINITY && height !== stopAt) throw invalid('proof nodes ran out inside a subtree');
    return { node, height, members };
  };

  const top = walk(Number.POSITIVE_INFINITY);
  if (nextLeaf !== leaves.length) throw invalid(`${leaves.length - nextLeaf} proven leaves outside the proven tree`);
  return { root: top.node, height: top.height, leftSiblings };
}

/**
 * Checks a PoSW proof against its statement (the round's membership root). The T label chains are most of the cost;
 * they run on the native chain where it is built (core/poet/nativeChain.ts).
 * @param t - proven leaves required (150 in every network)
 * @param native - the label chain to use; `null` for node:crypto; the PoET's own choice by default
 * @throws {PoetError} INVALID_PROOF naming the first check that fails: leaf count, partial tree, root, or a label
 */
export function verifyPoswProof(
  proof: PoswProof,
  statement: Uint8Array,
  t: number = SECURITY_PARAM,
  native: NativeChain | null | undefined = nativeChain(),
): void {
  const { root, provenLeaves, proofNodes, leafCount } = proof;
  if (!(root instanceof Uint8Array) || root.length !== NODE_SIZE) throw invalid('root is not 32 bytes');
  if (!Number.isSafeInteger(leafCount) || leafCount < t) throw invalid(`leaf count ${leafCount} is below T = ${t}`);
  if (provenLeaves.length !== t) throw invalid(`${provenLeaves.length} proven leaves, T = ${t}`);
  const indices = fiatShamir(root, leafCount, t);
  const tree = walkPartialTree(indices, provenLeaves, proofNodes, merkleNodeHash(statement));
  if (!equalBytes(tree.root, root)) throw invalid('the proof nodes do not lead to the root');
  if (tree.height !== rootHeight(leafCount)) {
    throw invalid(`root at height ${tree.height}, ${leafCount} leaves need ${rootHeight(leafCount)}`);
  }
  indices.forEach((index, k) => {
    const expected = labelHash(statement, labelInput(index, tree.leftSiblings[k]!), native);
    if (!equalBytes(expected, provenLeaves[k]!)) throw invalid(`label of leaf ${index} is wrong`);
  });
}

function invalid(message: string): PoetError {
  return new PoetError('INVALID_PROOF', `invalid PoET proof: ${message}`);
}
