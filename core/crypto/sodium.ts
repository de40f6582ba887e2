/**
 * The optional libsodium paths for Edwards25519 (native/sodium.c, built by build/buildNative.js; it loads the
 * system's libsodium at run time): the Ed25519 verify, about twice OpenSSL 3's speed and with no key import
 * (core/crypto/ed25519.ts tries it first; docs/protocol/primitives.md §2.1 item 11), and the scalar multiplications
 * of an ECVRF verification, which make the check about 4.7 times faster than on @noble/curves alone
 * (core/crypto/ecvrf.ts; docs/protocol/primitives.md §3.1). Absent when the addon was not built, when the machine
 * has no libsodium (1.0.17 or later), or when SMESHER_NATIVE_ED25519=0; the node then uses OpenSSL and @noble/curves
 * with the same verdicts (the unit tests run the vectors and random inputs through both). Loads the addon once per
 * thread.
 * @module
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const ADDON_PATH = join(import.meta.dirname, '..', '..', 'native', 'build', 'Release', 'sodium.node');

/** What the addon offers once it found libsodium. */
export interface Sodium {
  /** The library file the addon loaded. */
  readonly library: string;
  /**
   * libsodium's `crypto_sign_ed25519_verify_detached` (its default, non-compat rules): whether it accepts
   * `signature` over `message` under `publicKey`.
   * @throws {RangeError} when the key is not 32 bytes or the signature not 64
   */
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
  /**
   * U = s*B - c*Y, V = s*H - c*Gamma and 8*Gamma as canonical encodings into `out` (96 bytes), or false when
   * libsodium refused a step (a point outside the prime-order subgroup or not canonically encoded, a zero scalar,
   * an identity product): the caller then computes them another way.
   * @param c - 16 bytes, little-endian; `s` 32 bytes, little-endian, below the group order
   * @throws {RangeError} on wrong lengths
   */
  ecvrfPoints(y: Uint8Array, gamma: Uint8Array, h: Uint8Array, c: Uint8Array, s: Uint8Array, out: Uint8Array): boolean;
}

interface Addon extends Sodium {
  readonly available: boolean;
}

let loaded: { readonly sodium: Sodium | undefined } | undefined;

/** libsodium where the node uses it, or undefined for OpenSSL and @noble/curves alone (see the module comment). */
export function sodium(): Sodium | undefined {
  if (process.env.SMESHER_NATIVE_ED25519 === '0') return undefined;
  if (loaded === undefined) loaded = { sodium: loadSodium() };
  return loaded.sodium;
}

/**
 * Loads the addon at `path` (the built one by default); undefined when there is no file, it does not load, or it
 * found no libsodium. {@link sodium} caches this; tests call it with other paths.
 */
export function loadSodium(path: string = ADDON_PATH): Sodium | undefined {
  if (!existsSync(path)) return undefined;
  let addon: Addon;
  try {
    addon = createRequire(import.meta.url)(path) as Addon;
  } catch {
    // A build for another platform or Node ABI: OpenSSL and noble give the same verdicts, only slower.
    return undefined;
  }
  return addon.available ? addon : undefined;
}
