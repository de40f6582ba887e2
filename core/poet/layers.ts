/**
 * Where one layer of a Merkle tree keeps its nodes: the {@link LayerStore} contract and the in-memory store. The
 * file-backed store that lets lower layers of a long round spill to disk is in layerFile.ts. Pure.
 * @module
 */
import { NODE_SIZE } from './hash.js';

/** An append-only array of 32-byte nodes. */
export interface LayerStore {
  /** Nodes stored. */
  readonly width: number;
  append(node: Uint8Array): void;
  /** Node `index` (< width); the returned bytes may be a view the store reuses, so copy them to keep them. */
  read(index: number): Uint8Array;
  /** Drops nodes from `width` on (crash recovery: the layer may run ahead of the last checkpoint). */
  truncate(width: number): void;
  /** Makes appended nodes durable (file stores); a no-op in memory. */
  sync(): void;
  close(): void;
}

/** Creates the store for layer `height` (0 = leaves). */
export type LayerFactory = (height: number) => LayerStore;

const INITIAL_CAPACITY_NODES = 64;

/** A layer held in one growable buffer. */
export class MemoryLayer implements LayerStore {
  private data = new Uint8Array(INITIAL_CAPACITY_NODES * NODE_SIZE);
  private count = 0;

  get width(): number {
    return this.count;
  }

  append(node: Uint8Array): void {
    const end = (this.count + 1) * NODE_SIZE;
    if (end > this.data.length) {
      const grown = new Uint8Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data.set(node, this.count * NODE_SIZE);
    this.count++;
  }

  read(index: number): Uint8Array {
    if (index < 0 || index >= this.count) throw new RangeError(`layer read ${index} outside 0..${this.count - 1}`);
    return this.data.subarray(index * NODE_SIZE, (index + 1) * NODE_SIZE);
  }

  truncate(width: number): void {
    this.count = Math.min(this.count, width);
  }

  sync(): void {}

  close(): void {}
}

/** Every layer in memory: membership trees, tests and short rounds. */
export const memoryLayers: LayerFactory = () => new MemoryLayer();
