/**
 * The fast label kernel: the whole label (PBKDF2-HMAC-Keccak-512, ROMix with a WebAssembly SIMD ChaCha20/8 over four
 * labels at once, PBKDF2 again) runs in asm/romix.ts, compiled by build/buildKernel.js. One kernel owns one
 * WebAssembly memory of about 512·(N+1) bytes plus 4 KiB, so a worker thread's footprint is bounded by N, not by how
 * many labels it computes.
 * Synchronous and single-threaded; I/O only to load the .wasm once per thread.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENTIRE_LABEL_SIZE } from './labelInput.js';
import { PostError } from './errors.js';
import { abytes, aint } from '../util/assert.js';

const WASM_PATH = join(import.meta.dirname, 'kernel', 'romix.wasm');
const LANES = 4;
const CHUNK_BYTES = 128;
const PAGE_BYTES = 65536;

/** Rounds `n` up to a multiple of `to`. */
export const alignUp = (n: number, to: number): number => Math.ceil(n / to) * to;
/** The largest N the kernel accepts: 2^20 means 512 MiB of scratch per thread, far beyond any network's 8192. */
export const MAX_SCRYPT_N = 1 << 20;

/** The slice of the WebAssembly JS API used here; declared locally because the core lib (ES2023, no DOM) lacks it. */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object;
  readonly Instance: new (module: object, imports: object) => { readonly exports: object };
}
const wasmApi = (globalThis as unknown as { readonly WebAssembly: WasmApi }).WebAssembly;

/** The exports of asm/romix.ts. */
export interface KernelExports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  romix4(io: number, scratch: number, n: number): void;
  labels4(commitment: number, start: bigint, out: number, io: number, scratch: number, work: number, n: number): void;
  workBytes(): number;
  heapBase(): number;
  filterPiece(piece: number, len: number, pieceStart: number, limit: number, hits: number, tags: number, count: number): number;
  bucketTies(data: number, hits: number, tags: number, from: number, count: number, labels: number, bucketHits: number, counts: number, cap: number): number;
  settleBucket(enc: number, bucketHits: number, n: number, lsb: bigint, tags: number): void;
  collectGood(hits: number, tags: number, count: number, out: number): number;
}

let compiled: object | undefined;

function loadModule(): object {
  if (compiled !== undefined) return compiled;
  let bytes: Buffer;
  try {
    bytes = readFileSync(WASM_PATH);
  } catch (err) {
    throw new PostError('KERNEL_MISSING', `label kernel ${WASM_PATH} is missing; run npm install (it runs build/buildKernel.js)`, {}, { cause: err });
  }
  compiled = new wasmApi.Module(bytes);
  return compiled;
}

/**
 * A new instance of the kernel module with at least `bytes` of its own linear memory.
 * @throws {PostError} KERNEL_MISSING when the .wasm was not built
 */
export function instantiateKernel(bytes: number): KernelExports {
  // `bytes` counts from address 0, so it includes the static data below heapBase().
  const exports = new wasmApi.Instance(loadModule(), {}).exports as unknown as KernelExports;
  const pages = Math.ceil(bytes / PAGE_BYTES) - exports.memory.buffer.byteLength / PAGE_BYTES;
  if (pages > 0) exports.memory.grow(pages);
  return exports;
}

/** Checks that `n` is a power of two the kernel supports. @throws {RangeError} */
export function assertScryptN(n: number): void {
  aint(n, 2, MAX_SCRYPT_N, 'scrypt N');
  if ((n & (n - 1)) !== 0) throw new RangeError(`scrypt N: ${n} is not a power of two`);
}

export interface LabelKernel {
  readonly n: number;
  /**
   * Computes the full 32-byte outputs of labels `start .. start+count-1` into `out` (count·32 bytes).
   * @throws {RangeError} when `out` is too small
   */
  compute(commitment: Uint8Array, start: bigint, count: number, out: Uint8Array): void;
}

/**
 * Creates a kernel instance for scrypt cost `n` (its own WebAssembly memory).
 * @throws {PostError} KERNEL_MISSING when the .wasm was not built; {RangeError} for a bad `n`
 */
export function createLabelKernel(n: number): LabelKernel {
  assertScryptN(n);
  // Layout above the module's static data (the Keccak constants): commitment, 4 outputs, io, work, scratch.
  const probe = instantiateKernel(0);
  const commitmentAt = alignUp(probe.heapBase(), 64);
  const outAt = commitmentAt + 32;
  const ioAt = outAt + LANES * ENTIRE_LABEL_SIZE;
  const workAt = ioAt + LANES * CHUNK_BYTES;
  const scratchAt = alignUp(workAt + probe.workBytes(), 64);
  const exports = instantiateKernel(scratchAt + 512 * (n + 1));
  const memory = new Uint8Array(exports.memory.buffer);
  const outputs = memory.subarray(outAt, outAt + LANES * ENTIRE_LABEL_SIZE);

  return {
    n,
    compute(commitment, start, count, out) {
      abytes(commitment, 32, 'commitment');
      aint(count, 0, 2 ** 31, 'count');
      if (out.length < count * ENTIRE_LABEL_SIZE) throw new RangeError(`out: need ${count * ENTIRE_LABEL_SIZE} bytes, got ${out.length}`);
      memory.set(commitment, commitmentAt);
      for (let done = 0; done < count; done += LANES) {
        // A partial last group still runs four lanes (the SIMD step costs the same); the extra outputs are dropped.
        exports.labels4(commitmentAt, start + BigInt(done), outAt, ioAt, scratchAt, workAt, n);
        const lanes = Math.min(LANES, count - done);
        out.set(outputs.subarray(0, lanes * ENTIRE_LABEL_SIZE), done * ENTIRE_LABEL_SIZE);
      }
    },
  };
}
