/**
 * PoSW proofs: building in validator order, verifying, rejecting tampered proofs, and the PoetProof codec.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodePoetProof, encodePoetProof, poetProofRef } from '../../../core/poet/codec.js';
import { type NodeHash, ZERO_NODE, fiatShamir, merkleNodeHash } from '../../../core/poet/hash.js';
import { type PoswProof, buildPoswProof, collectProofNodes } from '../../../core/poet/proof.js';
import { MerkleTree } from '../../../core/poet/tree.js';
import { verifyPoswProof, walkPartialTree } from '../../../core/poet/verify.js';
import { blake3 } from '../../../core/crypto/hash.js';
import { bytesToHex } from '../../../core/util/bytes.js';
import { filled, growPoswTree } from './helpers.js';

const statement = filled(0xab);
const tree = growPoswTree(statement, 333);
const proof = buildPoswProof(tree);

function isInvalid(err: unknown): boolean {
  return (err as { code?: string }).code === 'INVALID_PROOF';
}

function flipped(node: Uint8Array): Uint8Array {
  const copy = node.slice();
  copy[7]! ^= 0x10;
  return copy;
}

interface Flagged {
  readonly v: Uint8Array;
  /** On the path of a proven leaf (merkle-tree `OnProvenPath`). */
  readonly on: boolean;
}

/**
 * An independent oracle for the proof node order: a port of merkle-tree's in-tree proof accumulation
 * (`Tree.AddLeaf` + `RootAndProof` with leaves to prove, merkle.go at 43eac1e). Its own tests assert that
 * `GenerateProof` (what PoET ships) returns exactly this list, so matching it means matching the Go prover.
 */
function incrementalProof(leaves: readonly Uint8Array[], prove: ReadonlySet<number>, hash: NodeHash): Uint8Array[] {
  const parking: (Flagged | null)[] = [];
  const proof: Uint8Array[] = [];
  leaves.forEach((value, i) => {
    let node: Flagged = { v: value, on: prove.has(i) };
    for (let h = 0; ; h++) {
      const left = parking[h];
      if (!left) {
        parking[h] = node;
        break;
      }
      if (node.on && !left.on) proof.push(left.v);
      if (left.on && !node.on) proof.push(node.v);
      node = { v: hash(left.v, node.v), on: left.on || node.on };
      parking[h] = null;
    }
  });
  const zero: Flagged = { v: ZERO_NODE, on: false };
  let ephemeral: Flagged | null = null;
  const top = parking.length - 1;
  for (let h = 0; h <= top; h++) {
    const parked = parking[h] ?? null;
    if (h === top && ephemeral === null) return proof;
    let pair: [Flagged, Flagged];
    if (parked && ephemeral) pair = [parked, ephemeral];
    else if (parked) pair = [parked, zero];
    else if (ephemeral) pair = [ephemeral, zero];
    else continue;
    const [l, r] = pair;
    const parent = { v: hash(l.v, r.v), on: l.on || r.on };
    if (parent.on) {
      if (!l.on) proof.push(l.v);
      if (!r.on) proof.push(r.v);
    }
    ephemeral = parent;
  }
  return proof;
}

describe('PoSW proof', () => {
  it('proves T = 150 Fiat–Shamir leaves and verifies', () => {
    assert.equal(proof.leafCount, 333);
    assert.equal(proof.provenLeaves.length, 150);
    assert.ok(proof.proofNodes.length > 0 && proof.proofNodes.length <= 150 * 36);
    verifyPoswProof(proof, statement);
  });

  it('rebuilds each proven leaf’s parked nodes from the partial tree', () => {
    const indices = fiatShamir(proof.root, 333, 150);
    const walked = walkPartialTree(indices, proof.provenLeaves, proof.proofNodes, merkleNodeHash(statement));
    const replay = new MerkleTree(merkleNodeHash(statement));
    let k = 0;
    for (let i = 0; i < 333; i++) {
      if (indices[k] === i) {
        const parked = replay.parkedNodes.filter((p) => p !== null).map(bytesToHex);
        assert.deepEqual(walked.leftSiblings[k]!.map(bytesToHex), parked, `leaf ${i}`);
        k++;
      }
      replay.addLeaf(tree.nodeAt(0, i));
    }
  });

  it('builds proofs any subset of leaves verifies with, in every tree shape', () => {
    const hash = merkleNodeHash(filled(1));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 70 }), fc.array(fc.nat(), { minLength: 1, maxLength: 12 }), (n, picks) => {
        const t = new MerkleTree(hash);
        for (let i = 0; i < n; i++) t.addLeaf(filled(i + 1));
        const indices = [...new Set(picks.map((p) => p % n))].sort((a, b) => a - b);
        const nodes = collectProofNodes((h, i) => t.nodeAt(h, i), n, indices);
        const walked = walkPartialTree(indices, indices.map((i) => t.nodeAt(0, i)), nodes, hash);
        return bytesToHex(walked.root) === bytesToHex(t.root()) && walked.height === t.height;
      }),
      { numRuns: 200 },
    );
  });

  it('orders proof nodes exactly as merkle-tree’s own prover does, padding included', () => {
    const hash = merkleNodeHash(filled(2));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.array(fc.nat(), { minLength: 1, maxLength: 40 }), (n, picks) => {
        const leaves = Array.from({ length: n }, (_, i) => filled((i % 250) + 1).map((b, j) => b ^ (j === 0 ? i >> 8 : 0)));
        const t = new MerkleTree(hash);
        for (const l of leaves) t.addLeaf(l);
        const indices = [...new Set(picks.map((p) => p % n))].sort((a, b) => a - b);
        const ours = collectProofNodes((h, i) => t.nodeAt(h, i), n, indices).map(bytesToHex);
        const theirs = incrementalProof(leaves, new Set(indices), hash).map(bytesToHex);
        assert.deepEqual(ours, theirs, `n ${n} indices ${indices.join(',')}`);
      }),
      { numRuns: 300 },
    );
    // And the real thing: the 150 Fiat–Shamir leaves of the 333-leaf PoSW tree.
    const leaves = Array.from({ length: 333 }, (_, i) => tree.nodeAt(0, i));
    const expected = incrementalProof(leaves, new Set(fiatShamir(proof.root, 333, 150)), merkleNodeHash(statement));
    assert.deepEqual(proof.proofNodes.map(bytesToHex), expected.map(bytesToHex));
  });

  it('rejects a tampered proof node, proven leaf, root or leaf count', () => {
    const nodes = [...proof.proofNodes];
    nodes[5] = flipped(nodes[5]!);
    assert.throws(() => verifyPoswProof({ ...proof, proofNodes: nodes }, statement), isInvalid);
    const leaves = [...proof.provenLeaves];
    leaves[42] = flipped(leaves[42]!);
    assert.throws(() => verifyPoswProof({ ...proof, provenLeaves: leaves }, statement), isInvalid);
    assert.throws(() => verifyPoswProof({ ...proof, root: flipped(proof.root) }, statement), isInvalid);
    for (const leafCount of [332, 334, 666, 149]) {
      assert.throws(() => verifyPoswProof({ ...proof, leafCount }, statement), isInvalid, `leafCount ${leafCount}`);
    }
    assert.throws(() => verifyPoswProof(proof, filled(0xac)), isInvalid, 'another statement');
  });

  it('rejects malformed proofs without throwing anything else', () => {
    const cases: PoswProof[] = [
      { ...proof, provenLeaves: proof.provenLeaves.slice(1) },
      { ...proof, proofNodes: proof.proofNodes.slice(0, -1) },
      { ...proof, proofNodes: [...proof.proofNodes, filled(0)] },
      { ...proof, proofNodes: [] },
      { ...proof, proofNodes: [proof.proofNodes[0]!.subarray(0, 31), ...proof.proofNodes.slice(1)] },
      { ...proof, root: new Uint8Array(31) },
    ];
    for (const [i, bad] of cases.entries()) assert.throws(() => verifyPoswProof(bad, statement), isInvalid, `case ${i}`);
  });

  it('needs at least T leaves', () => {
    assert.throws(() => buildPoswProof(growPoswTree(statement, 149)), /at least 150 leaves/);
  });
});

describe('PoetProof codec', () => {
  it('writes nodes as byte slices and round-trips', () => {
    const bytes = encodePoetProof(proof);
    // Root: length prefix 32 (compact 0x80) then the node; leaves: compact 150 = 0x5902.
    assert.equal(bytes[0], 0x80);
    assert.equal(bytesToHex(bytes.subarray(1, 33)), bytesToHex(proof.root));
    assert.equal(bytesToHex(bytes.subarray(33, 35)), '5902');
    const decoded = decodePoetProof(bytes);
    assert.equal(decoded.leafCount, 333);
    assert.deepEqual(decoded.proofNodes.map(bytesToHex), proof.proofNodes.map(bytesToHex));
    assert.equal(bytesToHex(poetProofRef(proof)), bytesToHex(blake3(bytes)));
  });

  it('rejects a node that is not 32 bytes and lists over their maximum', () => {
    const bytes = encodePoetProof(proof);
    const short = bytes.slice();
    short[0] = 31 << 2;
    assert.throws(() => decodePoetProof(short), (err: Error & { code?: string }) => err.code === 'INVALID_VALUE');
    assert.throws(() => encodePoetProof({ ...proof, provenLeaves: [...proof.provenLeaves, filled(1)] }), RangeError);
  });
});
