/**
 * File-backed layer stores, so a long round's tree does not have to fit in memory: layers below a chosen height
 * are appended to `layer_<h>.bin` through a small write buffer, layers at or above it stay in memory (they are
 * 2^h times smaller). The same layout as poet's `layercache_<h>.bin` with `MinMemoryLayer`. I/O (synchronous: the
 * sequential-work loop calls it between hashes and a 64 KiB write every 2048 leaves costs nothing next to them).
 * @module
 */
import { closeSync, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { NODE_SIZE } from './hash.js';
import { type LayerFactory, type LayerStore, MemoryLayer } from './layers.js';

/** Bytes buffered before a write: 2048 nodes. */
const WRITE_BUFFER_BYTES = 64 * 1024;

/** The file name of layer `height`. */
export function layerFileName(height: number): string {
  return `layer_${height}.bin`;
}

/** One layer in a file: whole nodes, in order, nothing else. */
export class FileLayer implements LayerStore {
  private readonly fd: number;
  private readonly pending = new Uint8Array(WRITE_BUFFER_BYTES);
  private pendingBytes = 0;
  private fileBytes: number;

  /**
   * Opens (creating when missing) the file at `path`, keeping at most `keepWidth` nodes already in it.
   * @throws the fs error when the file cannot be opened
   */
  constructor(path: string, keepWidth: number) {
    this.fd = openSync(path, existsSync(path) ? 'r+' : 'w+');
    // Whole nodes only: a crash can leave a torn node at the end, and nodes past the checkpoint are not trusted.
    const wholeNodes = Math.floor(fstatSync(this.fd).size / NODE_SIZE);
    this.fileBytes = Math.min(wholeNodes, keepWidth) * NODE_SIZE;
    ftruncateSync(this.fd, this.fileBytes);
  }

  get width(): number {
    return (this.fileBytes + this.pendingBytes) / NODE_SIZE;
  }

  append(node: Uint8Array): void {
    if (this.pendingBytes === WRITE_BUFFER_BYTES) this.flush();
    this.pending.set(node, this.pendingBytes);
    this.pendingBytes += NODE_SIZE;
  }

  read(index: number): Uint8Array {
    const offset = index * NODE_SIZE;
    if (index < 0 || offset >= this.fileBytes + this.pendingBytes) {
      throw new RangeError(`layer read ${index} outside 0..${this.width - 1}`);
    }
    if (offset >= this.fileBytes) return this.pending.slice(offset - this.fileBytes, offset - this.fileBytes + NODE_SIZE);
    const out = new Uint8Array(NODE_SIZE);
    const got = readSync(this.fd, out, 0, NODE_SIZE, offset);
    if (got !== NODE_SIZE) throw new RangeError(`layer file ended at node ${index}`);
    return out;
  }

  truncate(width: number): void {
    if (width >= this.width) return;
    this.flush();
    this.fileBytes = width * NODE_SIZE;
    ftruncateSync(this.fd, this.fileBytes);
  }

  sync(): void {
    this.flush();
    fsyncSync(this.fd);
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private flush(): void {
    let written = 0;
    while (written < this.pendingBytes) {
      written += writeSync(this.fd, this.pending, written, this.pendingBytes - written, this.fileBytes + written);
    }
    this.fileBytes += this.pendingBytes;
    this.pendingBytes = 0;
  }
}

export interface TieredLayersOptions {
  /** Directory of the layer files (must exist). */
  readonly dir: string;
  /** Layers below this height go to files; the rest stay in memory. At least 1, so the leaves are always on disk. */
  readonly memoryFromHeight: number;
  /** When resuming: the checkpoint's leaf count; each file keeps only the nodes those leaves made. 0 = a new tree. */
  readonly resumeLeafCount?: number;
}

/**
 * Layer stores for a PoSW tree: files below `memoryFromHeight`, memory above.
 * @throws {RangeError} when `memoryFromHeight` < 1
 */
export function tieredLayers(options: TieredLayersOptions): LayerFactory {
  if (!(options.memoryFromHeight >= 1)) throw new RangeError('memoryFromHeight: the leaf layer must be on disk');
  const resume = options.resumeLeafCount ?? 0;
  return (height) =>
    height < options.memoryFromHeight
      ? new FileLayer(join(options.dir, layerFileName(height)), Math.floor(resume / 2 ** height))
      : new MemoryLayer();
}
