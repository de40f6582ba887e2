/**
 * Building Merkle proofs in the order a validator consumes them (docs/protocol/poet.md §4; merkle-tree `proving.go` and
 * `validation.go`): walk up from the first proven leaf; at each height, when the sibling subtree holds the next
 * proven leaf, descend into it (those leaves prove it); otherwise the sibling's value is the next proof node. Zero
 * padding nodes of an unbalanced tree appear as ordinary proof nodes. Pure (reads nodes through a callback).
 * @module
 */
import { PoetError } from './errors.js';
import { SECURITY_PARAM, fiatShamir } from './hash.js';
import { type MerkleTree, rootHeight } from './tree.js';

/** A partial Merkle tree: the PoSW proof body (poet `shared.MerkleProof`). */
export interface MerkleProof {
  readonly root: Uint8Array;
  /** The proven leaves, in ascending index order. */
  readonly provenLeaves: readonly Uint8Array[];
  readonly proofNodes: readonly Uint8Array[];
}

/** A complete PoSW proof: the Merkle proof plus the number of leaves it covers (go-spacemesh `types.PoetProof`). */
export interface PoswProof extends MerkleProof {
  readonly leafCount: number;
}

/** Reads the value of a tree position, padding included ({@link MerkleTree.nodeAt}). */
export type NodeReader = (height: number, index: number) => Uint8Array;

/** The sibling of index `i` on its layer, without 32-bit bit operations (indices go up to 2^53). */
export function siblingIndex(i: number): number {
  return i % 2 === 0 ? i + 1 : i - 1;
}

/**
 * The proof nodes proving `indices` in a tree of `leafCount` leaves, in validator order.
 * @param indices - distinct leaf indices in ascending order, each below `leafCount`
 * @throws {RangeError} when `indices` is empty, unsorted or out of range
 */
export function collectProofNodes(readNode: NodeReader, leafCount: number, indices: readonly number[]): Uint8Array[] {
  if (indices.length === 0) throw new RangeError('indices: at least one leaf to prove');
  indices.forEach((index, k) => {
    if (!Number.isSafeInteger(index) || index < 0 || index >= leafCount || (k > 0 && index <= indices[k - 1]!)) {
      throw new RangeError(`indices: ${index} at ${k} is not ascending within 0..${leafCount - 1}`);
    }
  });
  const top = rootHeight(leafCount);
  const nodes: Uint8Array[] = [];
  let next = 0;
  const walk = (stopAt: number): void => {
    let index = indices[next++]!;
    for (let height = 0; height !== stopAt; height++) {
      const sibling = siblingIndex(index);
      const following = indices[next];
      if (following !== undefined && Math.floor(following / 2 ** height) === sibling) {
        walk(height);
      } else {
        if (height >= top) break;
        nodes.push(readNode(height, sibling));
      }
      index = Math.floor(index / 2);
    }
  };
  walk(Number.POSITIVE_INFINITY);
  return nodes;
}

/**
 * The PoSW proof of a finished tree: root, the Fiat–Shamir leaves and their proof nodes (poet `generateProof`).
 * @param t - proven leaves (T = 150 in every network; smaller only for toy vectors)
 * @throws {PoetError} BAD_STATE when the tree has fewer than `t` leaves (no valid proof exists)
 */
export function buildPoswProof(tree: MerkleTree, t: number = SECURITY_PARAM): PoswProof {
  const leafCount = tree.leafCount;
  if (leafCount < t) throw new PoetError('BAD_STATE', `a proof needs at least ${t} leaves, the tree has ${leafCount}`);
  const root = tree.root();
  const indices = fiatShamir(root, leafCount, t);
  const readNode: NodeReader = (h, i) => tree.nodeAt(h, i);
  return {
    root,
    provenLeaves: indices.map((i) => tree.nodeAt(0, i)),
    proofNodes: collectProofNodes(readNode, leafCount, indices),
    leafCount,
  };
}
