/**
 * The optional libsodium Ed25519 verify (native/sodiumVerify.c, built by build/buildNative.js; it loads the system's
 * libsodium at run time). About twice OpenSSL 3's speed and with no key import, so core/crypto/ed25519.ts tries it
 * first (docs/protocol/primitives.md §2.1 item 11). Absent when the addon was not built, when the machine has no
 * libsodium, or when SMESHER_NATIVE_ED25519=0; verification then goes through OpenSSL with the same verdicts (the
 * unit tests run every edge vector through both). Loads the addon once per thread.
 * @module
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const ADDON_PATH = join(import.meta.dirname, '..', '..', 'native', 'build', 'Release', 'sodium_verify.node');

/** libsodium's `crypto_sign_ed25519_verify_detached` (its default, non-compat rules). */
export interface SodiumVerifier {
  /** The library file the addon loaded. */
  readonly library: string;
  /**
   * Whether libsodium accepts `signature` over `message` under `publicKey`.
   * @throws {RangeError} when the key is not 32 bytes or the signature not 64
   */
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
}

interface Addon {
  readonly available: boolean;
  readonly library: string;
  verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
}

let loaded: { readonly verifier: SodiumVerifier | undefined } | undefined;

/** The verifier the node uses: libsodium's, or undefined for OpenSSL alone (see the module comment). */
export function sodiumVerifier(): SodiumVerifier | undefined {
  if (process.env.SMESHER_NATIVE_ED25519 === '0') return undefined;
  if (loaded === undefined) loaded = { verifier: loadSodiumVerifier() };
  return loaded.verifier;
}

/**
 * Loads the addon at `path` (the built one by default); undefined when there is no file, it does not load, or it
 * found no libsodium. {@link sodiumVerifier} caches this; tests call it with other paths.
 */
export function loadSodiumVerifier(path: string = ADDON_PATH): SodiumVerifier | undefined {
  if (!existsSync(path)) return undefined;
  let addon: Addon;
  try {
    addon = createRequire(import.meta.url)(path) as Addon;
  } catch {
    // A build for another platform or Node ABI: OpenSSL gives the same verdicts, only slower.
    return undefined;
  }
  if (!addon.available) return undefined;
  return { library: addon.library, verify: (publicKey, message, signature) => addon.verify(publicKey, message, signature) };
}
