/**
 * The WebAssembly side of the proving scan: one kernel instance whose memory holds a sub-run of labels, the AES
 * output piece being filtered, the candidate hits with their tags, and 16 per-nonce buckets of tied labels. The
 * per-hit work (filter, bucketing, verdicts, collecting the good ones) runs there; JS only calls AES. Hits and
 * buckets have fixed capacities (the scanner settles early when they fill), so memory stays under 7 MiB per
 * scanner whatever the difficulty. No I/O.
 * @module
 */
import { alignUp, instantiateKernel, type KernelExports } from './kernel.js';

/**
 * Labels bytes per sub-run: one read, then every nonce group over it. Large, because each settle costs 16 small
 * per-nonce AES calls (about 2 µs of node:crypto overhead each): at 4 MiB and mainnet-like difficulty that is one
 * settle per sub-run, a few percent of the AES time.
 */
export const SUB_RUN_BYTES = 4 * 1024 * 1024;
/** Bytes per AES call: L2-sized, a multiple of 64 for the filter. */
export const AES_PIECE_BYTES = 64 * 1024;
/** Capacities; the defaults suit real work, tests shrink them to exercise the early settles. */
export interface ScanCapacities {
  /** Hits held before settling; a piece adds at most AES_PIECE_BYTES, so at least that many. */
  readonly hits: number;
  /** Tied labels per nonce bucket per pass; mainnet-like difficulty ties about 1,024 per nonce per sub-run. */
  readonly bucket: number;
}

export const DEFAULT_CAPACITIES: ScanCapacities = { hits: 256 * 1024, bucket: 4096 };

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
  /** Tied labels per nonce bucket. */
  readonly cap: number;
  readonly hitsCap: number;

  constructor(capacities: ScanCapacities = DEFAULT_CAPACITIES) {
    if (capacities.hits < AES_PIECE_BYTES || capacities.bucket < 1) throw new RangeError('scan capacities too small');
    this.cap = capacities.bucket;
    this.hitsCap = capacities.hits;
    const probe = instantiateKernel(0);
    this.dataAt = alignUp(probe.heapBase(), 64);
    this.pieceAt = this.dataAt + SUB_RUN_BYTES;
    this.hitsAt = this.pieceAt + AES_PIECE_BYTES;
    this.tagsAt = this.hitsAt + 4 * this.hitsCap;
    this.labelsAt = this.tagsAt + this.hitsCap;
    this.bucketHitsAt = this.labelsAt + 16 * this.cap * 16;
    this.countsAt = this.bucketHitsAt + 16 * this.cap * 4;
    this.encAt = this.countsAt + 64;
    this.wasm = instantiateKernel(this.encAt + this.cap * 16);
    this.u8 = new Uint8Array(this.wasm.memory.buffer);
    this.u32 = new Uint32Array(this.wasm.memory.buffer);
  }
}
