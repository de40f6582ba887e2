/**
 * The optional native AES-NI scan (native/aesScan.c, built by build/buildNative.js): AES-128 fused with the
 * proving filter, writing hits straight into the scanner's WebAssembly memory. About twice node:crypto's AES
 * throughput, and no per-piece output buffer to copy. Absent when the addon was not built (no compiler, not
 * x86-64), when the CPU lacks AES-NI, or when SMESHER_NATIVE_AES=0; the scanner then uses node:crypto, which
 * gives the same results (tests compare the two). Loads the addon once per thread.
 * @module
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const ADDON_PATH = join(import.meta.dirname, '..', '..', 'native', 'build', 'Release', 'aes_scan.node');

/** The addon's functions; offsets are byte offsets into `mem`, the scanner's WebAssembly memory. */
export interface NativeAes {
  /** The 176 bytes of AES-128 encryption round keys for `key` (16 bytes). */
  expandKey(key: Uint8Array): Uint8Array;
  /**
   * Encrypts `len` bytes of labels at `dataAt` and appends each output byte <= `limit`: its offset plus
   * `pieceStart` (u32) at `hitsAt`, and a tag (1 for a tie with the limit, else 0) at `tagsAt`. Returns the count.
   */
  scanPiece(roundKeys: Uint8Array, mem: Uint8Array, dataAt: number, len: number, pieceStart: number, limit: number, hitsAt: number, tagsAt: number, count: number): number;
  /** AES-128-ECB of `len` bytes (a multiple of 16) from `inAt` to `outAt`. */
  encrypt(roundKeys: Uint8Array, mem: Uint8Array, inAt: number, outAt: number, len: number): void;
}

interface Addon extends NativeAes {
  readonly available: boolean;
}

let loaded: { readonly aes: NativeAes | undefined } | undefined;

/** The native AES scan, or undefined where it cannot run (see the module comment). */
export function nativeAes(): NativeAes | undefined {
  if (loaded === undefined) loaded = { aes: load() };
  return loaded.aes;
}

function load(): NativeAes | undefined {
  if (process.env.SMESHER_NATIVE_AES === '0' || !existsSync(ADDON_PATH)) return undefined;
  try {
    const addon = createRequire(import.meta.url)(ADDON_PATH) as Addon;
    return addon.available ? addon : undefined;
  } catch {
    // A build for another platform or Node ABI: node:crypto does the same work, only slower.
    return undefined;
  }
}
