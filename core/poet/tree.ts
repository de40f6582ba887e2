/**
 * The incremental Merkle tree PoET grows leaf by leaf (spacemeshos/merkle-tree `merkle.go`): each layer parks a
 * left node until its right sibling arrives, the parked nodes feed the next leaf's label, and an unbalanced tree is
 * padded on the fly with 32 zero bytes. Node storage is delegated to one {@link LayerStore} per layer, so lower
 * layers of a long round can live in files while memory stays bounded. Pure apart from what the stores do.
 * @module
 */
import { PoetError } from './errors.js';
import { type NodeHash, ZERO_NODE } from './hash.js';
import { type LayerFactory, type LayerStore, memoryLayers } from './layers.js';

/** `ceil(log2(width))`: the root's height for a tree of `width` leaves (merkle-tree `RootHeightFromWidth`). */
export function rootHeight(width: number): number {
  if (width <= 1) return 0;
  let height = 0;
  for (let w = 1; w < width; w *= 2) height++;
  return height;
}

/**
 * An append-only Merkle tree of 32-byte leaves.
 *
 * The value of any position (height h, index i) is defined recursively, which is what merkle-tree's on-the-fly
 * padding computes: 32 zero bytes when the position's first leaf `i·2^h` is not in the tree yet, the stored node
 * when the subtree is complete, and otherwise `hash(left child, right child)`.
 */
export class MerkleTree {
  private readonly layers: LayerStore[] = [];
  private readonly parked: (Uint8Array | null)[] = [];
  private count = 0;

  /**
   * @param hash - the node hash (statement-salted sha256 for PoSW, blake3 0x01 for membership)
   * @param layerFactory - where each layer's nodes go; everything in memory by default
   */
  constructor(
    private readonly hash: NodeHash,
    private readonly layerFactory: LayerFactory = memoryLayers,
  ) {}

  /**
   * Reopens a tree whose layer stores already hold the nodes of its first `leafCount` leaves (after a restart).
   * Layers that ran ahead of `leafCount` are cut back; upper layers that are short (kept in memory, so lost) are
   * recomputed from the layer below, and the parked nodes are read back from the layer ends.
   * @throws {PoetError} BAD_STATE when the leaf layer holds fewer than `leafCount` leaves
   */
  static resume(hash: NodeHash, layerFactory: LayerFactory, leafCount: number): MerkleTree {
    const tree = new MerkleTree(hash, layerFactory);
    tree.count = leafCount;
    for (let h = 0; h === 0 || Math.floor(leafCount / 2 ** h) >= 1; h++) {
      const expected = Math.floor(leafCount / 2 ** h);
      const store = tree.layer(h);
      if (h === 0 && store.width < expected) {
        throw new PoetError('BAD_STATE', `leaf layer holds ${store.width} leaves, checkpoint says ${expected}`);
      }
      store.truncate(expected);
      const below = tree.layers[h - 1];
      for (let j = store.width; j < expected; j++) {
        store.append(hash(below!.read(2 * j), below!.read(2 * j + 1)));
      }
      tree.parked[h] = expected % 2 === 1 ? store.read(expected - 1).slice() : null;
    }
    return tree;
  }

  /** Leaves added so far. */
  get leafCount(): number {
    return this.count;
  }

  /**
   * The parked node of each layer, lowest first, `null` where none is waiting: the left siblings the next leaf's
   * label depends on. The array is the tree's own; read it, do not keep or change it.
   */
  get parkedNodes(): readonly (Uint8Array | null)[] {
    return this.parked;
  }

  /** Height of the root: `ceil(log2(leafCount))`. */
  get height(): number {
    return rootHeight(this.count);
  }

  /**
   * Appends a leaf. The tree keeps `value` (and the parents it computes) without copying: do not change it later.
   * @throws whatever the layer store throws (a full disk)
   */
  addLeaf(value: Uint8Array): void {
    let node = value;
    for (let h = 0; ; h++) {
      this.layer(h).append(node);
      const left = this.parked[h];
      if (left === null || left === undefined) {
        this.parked[h] = node;
        break;
      }
      this.parked[h] = null;
      node = this.hash(left, node);
    }
    this.count++;
  }

  /**
   * The root, with zero padding for an unbalanced tree (merkle-tree `RootAndProof`).
   * @throws {PoetError} BAD_STATE for an empty tree
   */
  root(): Uint8Array {
    if (this.count === 0) throw new PoetError('BAD_STATE', 'an empty tree has no root');
    return this.nodeAt(this.height, 0);
  }

  /**
   * The value of position (`height`, `index`), padding included (see the class comment). Returns a copy.
   * @throws {RangeError} on a negative position
   */
  nodeAt(height: number, index: number): Uint8Array {
    if (height < 0 || index < 0) throw new RangeError(`no node at height ${height}, index ${index}`);
    if (index * 2 ** height >= this.count) return ZERO_NODE.slice();
    const store = this.layers[height];
    if (store !== undefined && index < store.width) return store.read(index).slice();
    // Only positions on the tree's right edge get here: one child is stored or zero, so this is O(height).
    return this.hash(this.nodeAt(height - 1, 2 * index), this.nodeAt(height - 1, 2 * index + 1));
  }

  /** Makes every layer's appended nodes durable (before a checkpoint names them). */
  sync(): void {
    for (const store of this.layers) store.sync();
  }

  /** Releases the layer stores (closes files). */
  close(): void {
    for (const store of this.layers) store.close();
  }

  private layer(height: number): LayerStore {
    let store = this.layers[height];
    if (store === undefined) {
      store = this.layerFactory(height);
      this.layers[height] = store;
    }
    return store;
  }
}
