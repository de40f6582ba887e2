/**
 * The fast label kernel: PBKDF2-HMAC-Keccak-512 in JS (@noble/hashes) around a WebAssembly SIMD ROMix that mixes
 * four labels at once (asm/romix.ts, compiled by build/buildKernel.js). One kernel owns one WebAssembly memory of
 * 512·(N+2) bytes, so a worker thread's footprint is bounded by N, not by how many labels it computes.
 * Synchronous and single-threaded; I/O only to load the .wasm once per thread.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENTIRE_LABEL_SIZE, PASSWORD_SIZE, writePassword } from './labelInput.js';
import { PostError } from './errors.js';
import { pbkdf2Keccak512 } from './scryptJane.js';
import { abytes, aint } from '../util/assert.js';

const WASM_PATH = join(import.meta.dirname, 'kernel', 'romix.wasm');
const LANES = 4;
const CHUNK_BYTES = 128;
const PAGE_BYTES = 65536;
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
  scanLe(data: number, len: number, limit: number, out: number): number;
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
  const ioOffset = 1024; // above the (empty) static data of the stub runtime
  const scratchOffset = ioOffset + LANES * CHUNK_BYTES;
  const needed = scratchOffset + 512 * (n + 1);
  const exports = instantiateKernel(needed);
  const io = new Uint8Array(exports.memory.buffer, ioOffset, LANES * CHUNK_BYTES);
  const passwords = Array.from({ length: LANES }, () => new Uint8Array(PASSWORD_SIZE));
  const empty = new Uint8Array(0);

  return {
    n,
    compute(commitment, start, count, out) {
      abytes(commitment, 32, 'commitment');
      aint(count, 0, 2 ** 31, 'count');
      if (out.length < count * ENTIRE_LABEL_SIZE) throw new RangeError(`out: need ${count * ENTIRE_LABEL_SIZE} bytes, got ${out.length}`);
      for (let done = 0; done < count; done += LANES) {
        const lanes = Math.min(LANES, count - done);
        for (let lane = 0; lane < LANES; lane++) {
          // Unused lanes repeat the last real label: the SIMD step costs the same either way.
          const index = start + BigInt(done + Math.min(lane, lanes - 1));
          writePassword(passwords[lane]!, commitment, index);
          io.set(pbkdf2Keccak512(passwords[lane]!, empty, CHUNK_BYTES), lane * CHUNK_BYTES);
        }
        exports.romix4(ioOffset, scratchOffset, n);
        for (let lane = 0; lane < lanes; lane++) {
          const mixed = io.subarray(lane * CHUNK_BYTES, (lane + 1) * CHUNK_BYTES);
          out.set(pbkdf2Keccak512(passwords[lane]!, mixed, ENTIRE_LABEL_SIZE), (done + lane) * ENTIRE_LABEL_SIZE);
        }
      }
    },
  };
}
