/**
 * Account keys: SLIP-10 ed25519 derivation from a BIP-39 seed on hardened Spacemesh paths, and the account's
 * address, which is the wallet-template principal of its public key in bech32 with the network's HRP (spec
 * docs/protocol/vm-and-transactions.md §2; docs/protocol/wallet.md §2). Pure.
 * @module
 */
import { HDKey } from 'micro-key-producer/slip10.js';
import { PUBLIC_KEY_LENGTH, SEED_LENGTH, publicKeyFromSeed } from '../crypto/ed25519.js';
import { encodeAddress } from '../types/address.js';
import { walletPrincipal } from '../types/templates.js';
import { abytes } from '../util/assert.js';
import { concatBytes } from '../util/bytes.js';
import { accountPath, formatPath } from './hdPath.js';

/** One derived account key. `secretKey` is the 32-byte ed25519 private seed: keep it out of logs. */
export interface AccountKey {
  /** Canonical path, `m/44'/540'/0'/0'/i'`. */
  readonly path: string;
  readonly secretKey: Uint8Array;
  readonly publicKey: Uint8Array;
}

/**
 * Derives the key at `path` (hardened only) from a 64-byte BIP-39 seed (or any SLIP-10 master seed).
 * @throws {WalletError} INVALID_PATH for a path that is not hardened-only `44'/540'/...`
 * @throws {TypeError | RangeError} when `seed` is not a Uint8Array of 16 to 64 bytes
 */
export function deriveKey(seed: Uint8Array, path: string): AccountKey {
  abytes(seed, undefined, 'seed');
  if (seed.length < 16 || seed.length > 64) throw new RangeError('seed: expected 16 to 64 bytes');
  const canonical = formatPath(path);
  const node = HDKey.fromMasterSeed(seed).derive(canonical);
  const secretKey = node.privateKey.slice();
  return { path: canonical, secretKey, publicKey: publicKeyFromSeed(secretKey) };
}

/**
 * The key of account `index` (`m/44'/540'/0'/0'/index'`).
 * @throws {WalletError} INVALID_PATH for a bad index
 */
export function deriveAccountKey(seed: Uint8Array, index: number): AccountKey {
  return deriveKey(seed, accountPath(index));
}

/**
 * The bech32 address of the wallet account owned by `publicKey`.
 * @throws {TypeError | RangeError} when `publicKey` is not 32 bytes
 */
export function accountAddress(publicKey: Uint8Array, hrp: string): string {
  return encodeAddress(walletPrincipal(publicKey), hrp);
}

/** smapp's 64-byte `secretKey` field: the private seed followed by the public key (Go's ed25519.PrivateKey). */
export function toExtendedSecretKey(key: Pick<AccountKey, 'secretKey' | 'publicKey'>): Uint8Array {
  abytes(key.secretKey, SEED_LENGTH, 'secretKey');
  abytes(key.publicKey, PUBLIC_KEY_LENGTH, 'publicKey');
  return concatBytes(key.secretKey, key.publicKey);
}
