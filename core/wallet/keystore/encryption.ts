/**
 * Encrypting and decrypting a wallet's secrets in the smapp format. Decryption follows the file's own parameters
 * (salt, iterations, hash, IV); encryption always writes AES-256-GCM with a fresh random IV. The derived key is
 * returned to the caller so an unlocked wallet can re-save without running PBKDF2 again. Pure apart from CPU time.
 * @module
 */
import { bytesToHex } from '../../util/bytes.js';
import { WalletError } from '../errors.js';
import { type RandomBytes } from '../mnemonic.js';
import { GCM_IV_BYTES, type KdfHash, deriveKey, deriveLegacyKey, gcmDecrypt, gcmEncrypt, legacyCtr } from './cipher.js';
import { parseSecrets, readHex } from './parse.js';
import type { GcmCrypto, WalletCrypto, WalletSecrets } from './types.js';

/** A PBKDF2 key with the parameters that produced it: what the next save writes into the file. */
export interface DerivedKey {
  readonly key: Uint8Array;
  readonly salt: Uint8Array;
  readonly iterations: number;
  readonly hash: KdfHash;
}

export const WRONG_PASSWORD_MESSAGE = 'wrong password';

/**
 * Encrypts `secrets` under `key` with a random IV.
 * @returns the file's `crypto` section
 */
export function encryptSecrets(secrets: WalletSecrets, key: DerivedKey, random: RandomBytes): GcmCrypto {
  const iv = random(GCM_IV_BYTES);
  const plaintext = new TextEncoder().encode(JSON.stringify(secrets));
  try {
    return {
      cipher: 'AES-GCM',
      cipherText: bytesToHex(gcmEncrypt(key.key, iv, plaintext)),
      cipherParams: { iv: bytesToHex(iv) },
      kdf: 'PBKDF2',
      kdfparams: { dklen: 256, hash: key.hash === 'sha512' ? 'SHA-512' : 'SHA-256', salt: bytesToHex(key.salt), iterations: key.iterations },
    };
  } finally {
    plaintext.fill(0);
  }
}

export interface Decrypted {
  readonly secrets: WalletSecrets;
  /** The key for re-saving with the file's parameters; null for the legacy cipher, which is never written. */
  readonly key: DerivedKey | null;
}

/**
 * Decrypts a wallet's `crypto` section with `password`.
 * @throws {WalletError} WRONG_PASSWORD when the password does not open it; BAD_WALLET_FILE when it opens but holds
 * no valid secrets; INVALID_PASSWORD for an empty password
 */
export async function decryptSecrets(crypto: WalletCrypto, password: string): Promise<Decrypted> {
  if (crypto.cipher === 'AES-128-CTR') {
    const key = await deriveLegacyKey(password);
    const plaintext = legacyCtr(key, readHex(crypto.cipherText, 'crypto.cipherText'));
    key.fill(0);
    // CTR has no tag: a wrong password yields noise, which is caught by the JSON/shape check.
    const text = decodeUtf8(plaintext);
    plaintext.fill(0);
    try {
      return { secrets: parseSecrets(text ?? ''), key: null };
    } catch {
      throw wrongPassword();
    }
  }
  const { salt, iterations, hash } = crypto.kdfparams;
  const saltBytes = readHex(salt, 'crypto.kdfparams.salt');
  const iv = readHex(crypto.cipherParams.iv, 'crypto.cipherParams.iv', GCM_IV_BYTES);
  const sealed = readHex(crypto.cipherText, 'crypto.cipherText');
  // smcli labels its files "SHA-256" but derives with SHA-512 (wallet/store.go), so a SHA-256 label gets both tries.
  const hashes: KdfHash[] = hash === 'SHA-512' ? ['sha512'] : ['sha256', 'sha512'];
  for (const candidate of hashes) {
    const key = await deriveKey(password, saltBytes, iterations, candidate);
    const plaintext = gcmDecrypt(key, iv, sealed);
    if (plaintext === null) {
      key.fill(0);
      continue;
    }
    const text = decodeUtf8(plaintext);
    plaintext.fill(0);
    if (text === null) throw new WalletError('BAD_WALLET_FILE', 'not a wallet file: the decrypted secrets are not UTF-8 text');
    return { secrets: parseSecrets(text), key: { key, salt: saltBytes, iterations, hash: candidate } };
  }
  throw wrongPassword();
}

function wrongPassword(): WalletError {
  return new WalletError('WRONG_PASSWORD', WRONG_PASSWORD_MESSAGE);
}

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}
