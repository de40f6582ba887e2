/**
 * The WebAssembly side of the proving scan: one kernel instance whose memory holds a sub-run of labels, the AES
 * output piece being filtered, the candidate hits with their tags, and 16 per-nonce buckets of tied labels. The
 * per-hit work (filter, bucketing, verdicts, collecting the good ones) runs there; JS only calls AES. Sized for
 * the worst case (every label a tie for one nonce), about 13.6 MiB per scanner. No I/O.
 * @module
 */
import { alignUp, instantiateKernel, type KernelExports } from './kernel.js';

/** Labels bytes per sub-run: what one set of 16 lazy AES calls per group covers. */
export const SUB_RUN_BYTES = 512 * 1024;
/** Bytes per AES call: L2-sized, a multiple of 64 for the filter. */
export const AES_PIECE_BYTES = 64 * 1024;
/** Bucket capacity in labels: every label of a sub-run could tie for the same nonce. */
const CAP = SUB_RUN_BYTES / 16;

export class ScanMemory {
  readonly wasm: KernelExports;
  readonly u8: Uint8Array;
  readonly u32: Uint32Array;
  readonly dataAt: number;
  readonly pieceAt: number;
  readonly hitsAt: number;
  readonly tagsAt: number;
  readonly labelsAt: number;
  readonly bucketHitsAt: number;
  readonly countsAt: number;
  readonly encAt: number;
  readonly cap = CAP;

  constructor() {
    const probe = instantiateKernel(0);
    this.dataAt = alignUp(probe.heapBase(), 64);
    this.pieceAt = this.dataAt + SUB_RUN_BYTES;
    this.hitsAt = this.pieceAt + AES_PIECE_BYTES;
    this.tagsAt = this.hitsAt + 4 * SUB_RUN_BYTES;
    this.labelsAt = this.tagsAt + SUB_RUN_BYTES;
    this.bucketHitsAt = this.labelsAt + 16 * CAP * 16;
    this.countsAt = this.bucketHitsAt + 16 * CAP * 4;
    this.encAt = this.countsAt + 64;
    this.wasm = instantiateKernel(this.encAt + CAP * 16);
    this.u8 = new Uint8Array(this.wasm.memory.buffer);
    this.u32 = new Uint32Array(this.wasm.memory.buffer);
  }
}
