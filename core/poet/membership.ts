/**
 * The membership tree (docs/protocol/poet.md §2, §5): a round's challenges, sorted by node id, are the raw leaves of a
 * Merkle tree with node hash `blake3(0x01 || left || right)` and zero padding; its root is the round's statement.
 * A smesher proves its challenge is in the statement with a one-leaf proof (go-spacemesh `MerkleProof{Nodes,
 * LeafIndex}`). Pure.
 * @module
 */
import { abytes } from '../util/assert.js';
import { compareBytes, equalBytes } from '../util/bytes.js';
import { PoetError } from './errors.js';
import { NODE_SIZE, membershipNodeHash } from './hash.js';
import { collectProofNodes } from './proof.js';
import { MerkleTree } from './tree.js';
import { walkPartialTree } from './verify.js';

/** One registration: a node id (its ed25519 public key) and the 32-byte challenge it registered. */
export interface Member {
  readonly nodeId: Uint8Array;
  readonly challenge: Uint8Array;
}

/** A smesher's proof that its challenge is a leaf of the statement (go-spacemesh `types.MerkleProof`). */
export interface MembershipProof {
  readonly leafIndex: number;
  readonly nodes: readonly Uint8Array[];
}

/** Members in the order PoET stores them (LevelDB keyed by node id): ascending node id bytes. Returns a copy. */
export function sortMembers<M extends Member>(members: readonly M[]): M[] {
  return [...members].sort((a, b) => compareBytes(a.nodeId, b.nodeId));
}

function membershipTree(challenges: readonly Uint8Array[]): MerkleTree {
  if (challenges.length === 0) throw new PoetError('BAD_STATE', 'a membership tree needs at least one challenge');
  const tree = new MerkleTree(membershipNodeHash);
  challenges.forEach((c, i) => {
    abytes(c, NODE_SIZE, `challenges[${i}]`);
    tree.addLeaf(c);
  });
  return tree;
}

/**
 * The statement of a round: the membership root over `challenges` in the given (node-id) order.
 * @throws {PoetError} BAD_STATE for an empty list; {TypeError | RangeError} for a challenge that is not 32 bytes
 */
export function membershipRoot(challenges: readonly Uint8Array[]): Uint8Array {
  return membershipTree(challenges).root();
}

/**
 * The membership proof of `challenge` among the round's `members` (the list `/v1/proofs/{round}` returns).
 * @throws {PoetError} NOT_FOUND when the challenge is not among the members
 */
export function buildMembershipProof(members: readonly Uint8Array[], challenge: Uint8Array): MembershipProof {
  abytes(challenge, NODE_SIZE, 'challenge');
  const leafIndex = members.findIndex((m) => equalBytes(m, challenge));
  if (leafIndex < 0) throw new PoetError('NOT_FOUND', 'the challenge is not a member of this round');
  const tree = membershipTree(members);
  return { leafIndex, nodes: collectProofNodes((h, i) => tree.nodeAt(h, i), tree.leafCount, [leafIndex]) };
}

/**
 * Checks that `challenge` is leaf `proof.leafIndex` of the tree whose root is `statement`.
 * @returns true when the proof verifies; false for any malformed or wrong proof
 */
export function verifyMembership(statement: Uint8Array, challenge: Uint8Array, proof: MembershipProof): boolean {
  try {
    const tree = walkPartialTree([proof.leafIndex], [challenge], proof.nodes, membershipNodeHash);
    return equalBytes(tree.root, statement);
  } catch (err) {
    if (err instanceof PoetError) return false;
    throw err;
  }
}
