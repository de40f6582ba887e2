/**
 * The incremental Merkle tree: padding, parked nodes, file-backed layers and resuming after a restart.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NODE_SIZE, ZERO_NODE, merkleNodeHash } from '../../../core/poet/hash.js';
import { FileLayer, tieredLayers } from '../../../core/poet/layerFile.js';
import { MemoryLayer } from '../../../core/poet/layers.js';
import { MerkleTree, rootHeight } from '../../../core/poet/tree.js';
import { bytesToHex } from '../../../core/util/bytes.js';
import { filled, growPoswTree, tempDir } from './helpers.js';

const hash = merkleNodeHash(filled(9));

function leaf(i: number): Uint8Array {
  const out = new Uint8Array(NODE_SIZE);
  new DataView(out.buffer).setUint32(0, i + 1);
  return out;
}

/** The padded root computed the obvious way: pad each layer to even width with zero nodes and hash up. */
function naiveRoot(leaves: Uint8Array[]): Uint8Array {
  let layer = leaves;
  const height = rootHeight(leaves.length);
  for (let h = 0; h < height; h++) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < layer.length; i += 2) next.push(hash(layer[i]!, layer[i + 1] ?? ZERO_NODE));
    layer = next;
  }
  return layer[0]!;
}

describe('MerkleTree', () => {
  it('computes ceil(log2) root heights', () => {
    assert.deepEqual([1, 2, 3, 4, 5, 8, 9, 16, 17].map(rootHeight), [0, 1, 2, 2, 3, 3, 4, 4, 5]);
  });

  it('pads unbalanced trees with zero nodes at every height', () => {
    const leaves: Uint8Array[] = [];
    const tree = new MerkleTree(hash);
    for (let n = 1; n <= 40; n++) {
      leaves.push(leaf(n - 1));
      tree.addLeaf(leaf(n - 1));
      assert.equal(bytesToHex(tree.root()), bytesToHex(naiveRoot(leaves)), `root of ${n} leaves`);
    }
  });

  it('parks a left node exactly where bit h of the next leaf index is 1', () => {
    const tree = new MerkleTree(hash);
    for (let n = 0; n < 70; n++) {
      tree.parkedNodes.forEach((node, h) => assert.equal(node !== null, Math.floor(n / 2 ** h) % 2 === 1, `n ${n} h ${h}`));
      tree.addLeaf(leaf(n));
    }
  });

  it('gives the same nodes with layers in files as in memory', (t) => {
    const { dir, cleanup } = tempDir();
    t.after(cleanup);
    const statement = filled(3);
    const inMemory = growPoswTree(statement, 300);
    const onDisk = growPoswTree(statement, 300, tieredLayers({ dir, memoryFromHeight: 3 }));
    assert.equal(bytesToHex(onDisk.root()), bytesToHex(inMemory.root()));
    for (const [h, i] of [[0, 0], [0, 299], [1, 149], [2, 74], [3, 37], [5, 9], [8, 1]] as const) {
      assert.equal(bytesToHex(onDisk.nodeAt(h, i)), bytesToHex(inMemory.nodeAt(h, i)), `node ${h}/${i}`);
    }
    onDisk.close();
  });

  it('resumes from a checkpoint even when files ran ahead of it', (t) => {
    const { dir, cleanup } = tempDir();
    t.after(cleanup);
    const statement = filled(4);
    const reference = growPoswTree(statement, 500);
    // Grow 347 leaves, "checkpoint" at 301, keep writing past it, then drop everything in memory (a crash).
    const first = growPoswTree(statement, 347, tieredLayers({ dir, memoryFromHeight: 4 }));
    first.close();
    const resumed = MerkleTree.resume(merkleNodeHash(statement), tieredLayers({ dir, memoryFromHeight: 4, resumeLeafCount: 301 }), 301);
    assert.equal(resumed.leafCount, 301);
    const partial = growPoswTree(statement, 301);
    assert.deepEqual(resumed.parkedNodes.map((p) => p && bytesToHex(p)), partial.parkedNodes.map((p) => p && bytesToHex(p)));
    // Same parked nodes means the label chain continues identically; feed the uninterrupted tree's leaves.
    while (resumed.leafCount < 500) resumed.addLeaf(reference.nodeAt(0, resumed.leafCount));
    assert.equal(bytesToHex(resumed.root()), bytesToHex(reference.root()));
    resumed.close();
  });

  it('refuses to resume past the leaves on disk', (t) => {
    const { dir, cleanup } = tempDir();
    t.after(cleanup);
    growPoswTree(filled(5), 20, tieredLayers({ dir, memoryFromHeight: 2 })).close();
    assert.throws(
      () => MerkleTree.resume(hash, tieredLayers({ dir, memoryFromHeight: 2, resumeLeafCount: 50 }), 50),
      (err: Error & { code?: string }) => err.code === 'BAD_STATE',
    );
  });
});

describe('layer stores', () => {
  it('reads back buffered and flushed nodes and truncates', (t) => {
    const { dir, cleanup } = tempDir();
    t.after(cleanup);
    const file = new FileLayer(`${dir}/l.bin`, 0);
    const memory = new MemoryLayer();
    for (let i = 0; i < 5000; i++) {
      file.append(leaf(i));
      memory.append(leaf(i));
    }
    for (const i of [0, 2047, 2048, 4095, 4999]) assert.deepEqual(file.read(i), memory.read(i).slice());
    file.truncate(3000);
    assert.equal(file.width, 3000);
    assert.throws(() => file.read(3000), RangeError);
    file.sync();
    file.close();
    const reopened = new FileLayer(`${dir}/l.bin`, 10_000);
    assert.equal(reopened.width, 3000);
    assert.deepEqual(reopened.read(2999), leaf(2999));
    reopened.close();
  });
});
