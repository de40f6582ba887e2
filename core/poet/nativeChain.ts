/**
 * The optional native label chain (native/poetChain.c, built by build/buildNative.js): `sha256^n` in one call, with
 * the x86 SHA extensions where the CPU has them (about 20x the node:crypto chain, which pays a call and a digest
 * buffer per link) and a plain C SHA-256 elsewhere (about 3x). Absent when the addon was not built (no compiler)
 * or when SMESHER_NATIVE_SHA=0; the PoET then chains node:crypto's `hash`, which gives the same bytes (the tests
 * compare every path with the vectors and with each other). SMESHER_NATIVE_SHA=c keeps the addon but forces its
 * plain C compression, the path of a CPU without SHA extensions. Loads the addon once per thread.
 * @module
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const ADDON_PATH = join(import.meta.dirname, '..', '..', 'native', 'build', 'Release', 'poet_chain.node');

/** Which compression a native chain runs: the x86 SHA extensions, or plain C. */
export type NativeChainKind = 'sha-ni' | 'c';

export interface NativeChain {
  readonly kind: NativeChainKind;
  /**
   * Writes `sha256^iterations(input)` to `out[0..32]`: SHA-256 of all of `input`, then `iterations - 1` more times
   * over the 32-byte digest. `out` may be `input`.
   * @throws {RangeError} when `iterations` is not a positive 32-bit integer or `out` is shorter than 32 bytes
   */
  chain(input: Uint8Array, iterations: number, out: Uint8Array): void;
}

interface Addon {
  readonly shaExtensions: boolean;
  chain(input: Uint8Array, iterations: number, out: Uint8Array, portable: boolean): void;
}

let loaded: { readonly chains: readonly NativeChain[] } | undefined;

/**
 * Every native chain this machine can run, fastest first (SHA extensions, then plain C); empty when the addon is
 * not built or does not load. Ignores SMESHER_NATIVE_SHA: tests and the benchmark measure every path there is.
 */
export function nativeChains(): readonly NativeChain[] {
  if (loaded === undefined) loaded = { chains: loadNativeChains() };
  return loaded.chains;
}

/** The chain the PoET uses: the fastest native one, or undefined for node:crypto (see the module comment). */
export function nativeChain(): NativeChain | undefined {
  const setting = process.env.SMESHER_NATIVE_SHA;
  if (setting === '0') return undefined;
  const chains = nativeChains();
  return setting === 'c' ? chains.find((c) => c.kind === 'c') : chains[0];
}

/**
 * Loads the addon at `path` (the built one by default) and lists its chains, fastest first; empty when there is no
 * file or it does not load. {@link nativeChains} caches this; tests call it with other paths.
 */
export function loadNativeChains(path: string = ADDON_PATH): NativeChain[] {
  if (!existsSync(path)) return [];
  let addon: Addon;
  try {
    addon = createRequire(import.meta.url)(path) as Addon;
  } catch {
    // A build for another platform or Node ABI: node:crypto does the same work, only slower.
    return [];
  }
  const plain: NativeChain = { kind: 'c', chain: (input, iterations, out) => addon.chain(input, iterations, out, true) };
  if (!addon.shaExtensions) return [plain];
  return [{ kind: 'sha-ni', chain: (input, iterations, out) => addon.chain(input, iterations, out, false) }, plain];
}
