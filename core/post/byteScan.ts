/**
 * Finds the bytes at or below a limit in a buffer with the kernel's SIMD `scanLe` (16 bytes per step): the proving
 * scan's filter, where nearly every byte is a miss and a per-hit `Buffer.indexOf` call would cost more than the
 * AES itself. Works in 64 KiB pieces so its WebAssembly memory stays small. No I/O.
 * @module
 */
import { instantiateKernel, type KernelExports } from './kernel.js';

const PIECE = 64 * 1024;
/** Above the kernel module's static data (under 1 KiB of it, from address 1024). */
const DATA_AT = 4096;
const OUT_AT = DATA_AT + PIECE;

export class ByteScanner {
  readonly #wasm: KernelExports;
  readonly #data: Uint8Array;
  readonly #out: Uint32Array;
  #hits = new Uint32Array(4096);

  constructor() {
    this.#wasm = instantiateKernel(OUT_AT + 4 * PIECE);
    this.#data = new Uint8Array(this.#wasm.memory.buffer, DATA_AT, PIECE);
    this.#out = new Uint32Array(this.#wasm.memory.buffer, OUT_AT, PIECE);
  }

  /**
   * Offsets of the bytes of `buf` that are <= `limit`, ascending. The returned view is reused by the next call.
   * `buf.length` must be a multiple of 64 (whole runs of 4 labels); a shorter tail is scanned in JS.
   */
  scan(buf: Uint8Array, limit: number): Uint32Array {
    let count = 0;
    const whole = buf.length - (buf.length % 64);
    for (let start = 0; start < whole; start += PIECE) {
      const piece = buf.subarray(start, Math.min(start + PIECE, whole));
      this.#data.set(piece);
      const found = this.#wasm.scanLe(DATA_AT, piece.length, limit, OUT_AT);
      if (count + found > this.#hits.length) {
        const grown = new Uint32Array(Math.max(this.#hits.length * 2, count + found));
        grown.set(this.#hits.subarray(0, count));
        this.#hits = grown;
      }
      for (let i = 0; i < found; i++) this.#hits[count + i] = this.#out[i]! + start;
      count += found;
    }
    for (let at = whole; at < buf.length; at++) {
      if (buf[at]! > limit) continue;
      if (count === this.#hits.length) {
        const grown = new Uint32Array(this.#hits.length * 2);
        grown.set(this.#hits);
        this.#hits = grown;
      }
      this.#hits[count++] = at;
    }
    return this.#hits.subarray(0, count);
  }
}
