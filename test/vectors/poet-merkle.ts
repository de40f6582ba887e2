/**
 * Runner for poet-merkle.json: merkle-tree's 8-leaf root and the one-leaf proof order, built and verified.
 * @module
 */
import assert from 'node:assert/strict';
import { merkleNodeHash } from '../../core/poet/hash.js';
import { collectProofNodes } from '../../core/poet/proof.js';
import { MerkleTree } from '../../core/poet/tree.js';
import { walkPartialTree } from '../../core/poet/verify.js';
import { bytesToHex, hexToBytes, u64le } from '../../core/util/bytes.js';
import { defineRunner } from './harness.js';

interface Vector {
  leafCount: number;
  root: string;
  provenLeaf: number;
  proof: string[];
}

function leaf(i: number): Uint8Array {
  const out = new Uint8Array(32);
  out.set(u64le(i));
  return out;
}

export default defineRunner<Vector>({
  name: (v) => `${v.leafCount} leaves, prove ${v.provenLeaf}`,
  check(v) {
    // An empty statement turns PoET's salted node hash into merkle-tree's plain sha256(l || r).
    const hash = merkleNodeHash(new Uint8Array());
    const tree = new MerkleTree(hash);
    for (let i = 0; i < v.leafCount; i++) tree.addLeaf(leaf(i));
    assert.equal(bytesToHex(tree.root()), v.root);
    const nodes = collectProofNodes((h, i) => tree.nodeAt(h, i), v.leafCount, [v.provenLeaf]);
    assert.deepEqual(nodes.map(bytesToHex), v.proof);
    const walked = walkPartialTree([v.provenLeaf], [leaf(v.provenLeaf)], v.proof.map((n) => hexToBytes(n)), hash);
    assert.equal(bytesToHex(walked.root), v.root);
  },
});
