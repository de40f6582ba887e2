/**
 * Runner for poet-posw.json: grows the toy PoSW tree with the real label chain, checks its root and the
 * Fiat–Shamir indices, then proves and verifies it.
 * @module
 */
import assert from 'node:assert/strict';
import { LabelHasher, fiatShamir, merkleNodeHash } from '../../core/poet/hash.js';
import { buildPoswProof } from '../../core/poet/proof.js';
import { MerkleTree } from '../../core/poet/tree.js';
import { verifyPoswProof } from '../../core/poet/verify.js';
import { bytesToHex, hexToBytes } from '../../core/util/bytes.js';
import { defineRunner } from './harness.js';

interface Vector {
  statement: string;
  leafCount: number;
  root: string;
  t: number;
  indices: number[];
}

export default defineRunner<Vector>({
  name: (v) => `${v.leafCount} leaves, T = ${v.t}`,
  check(v) {
    const statement = hexToBytes(v.statement);
    const tree = new MerkleTree(merkleNodeHash(statement));
    const labels = new LabelHasher(statement);
    for (let i = 0; i < v.leafCount; i++) tree.addLeaf(labels.label(i, tree.parkedNodes));
    assert.equal(bytesToHex(tree.root()), v.root);
    assert.deepEqual(fiatShamir(tree.root(), v.leafCount, v.t), v.indices);
    const proof = buildPoswProof(tree, v.t);
    verifyPoswProof(proof, statement, v.t);
  },
});
