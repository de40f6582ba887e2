/**
 * The ciphers of the smapp wallet format on node:crypto (docs/protocol/wallet.md §3; smapp `desktop/aes-gcm.ts`,
 * `desktop/fileEncryptionService.ts`):
 * - current: key = PBKDF2-HMAC(password UTF-8, salt, iterations, 32 bytes), AES-256-GCM, 12-byte IV, 16-byte tag
 *   appended to the ciphertext;
 * - legacy: key = PBKDF2-HMAC-SHA512(password, "Spacemesh blockmesh", 1,000,000, 32 bytes) and AES-CTR with the
 *   counter block initialised to 5. The file says "AES-128-CTR", but aes-js sizes AES by the key, so it was AES-256.
 * Passwords are used byte for byte as UTF-8, without Unicode normalisation, as smapp does; normalising would
 * lock out a user whose password smapp encoded differently. Key derivation runs on libuv's thread pool (async), so a UI stays responsive during the 0.1-1 s it takes. I/O-free.
 * @module
 */
import { Buffer } from 'node:buffer';
import { createCipheriv, createDecipheriv, pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import { WalletError } from '../errors.js';

const pbkdf2Async = promisify(pbkdf2);

export const KEY_BYTES = 32;
export const GCM_IV_BYTES = 12;
export const GCM_TAG_BYTES = 16;
export const SALT_BYTES = 16;
/** OWASP's PBKDF2-HMAC-SHA512 figure, and smcli's default: the floor for every file Smesher writes. */
export const DEFAULT_KDF_ITERATIONS = 210_000;
export const LEGACY_SALT = 'Spacemesh blockmesh';
export const LEGACY_ITERATIONS = 1_000_000;
const LEGACY_COUNTER = 5;

export type KdfHash = 'sha512' | 'sha256';

/**
 * PBKDF2-HMAC of the password's UTF-8 bytes.
 * @throws {WalletError} INVALID_PASSWORD for an empty password
 */
export async function deriveKey(password: string, salt: Uint8Array, iterations: number, hash: KdfHash = 'sha512'): Promise<Uint8Array> {
  checkPassword(password);
  return new Uint8Array(await pbkdf2Async(password, salt, iterations, KEY_BYTES, hash));
}

/** AES-256-GCM: ciphertext with the tag appended, as WebCrypto and Go's `Seal` produce. */
export function gcmEncrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
  return new Uint8Array(Buffer.concat([cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]));
}

/**
 * Opens AES-256-GCM ciphertext with the tag appended.
 * @returns the plaintext, or null when authentication fails (wrong key or altered ciphertext)
 */
export function gcmDecrypt(key: Uint8Array, iv: Uint8Array, sealed: Uint8Array): Uint8Array | null {
  if (sealed.length < GCM_TAG_BYTES) return null;
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: GCM_TAG_BYTES });
  decipher.setAuthTag(sealed.subarray(sealed.length - GCM_TAG_BYTES));
  try {
    return new Uint8Array(Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - GCM_TAG_BYTES)), decipher.final()]));
  } catch {
    return null;
  }
}

/** The legacy key of a password (fixed salt, so the same password always gives the same key). */
export async function deriveLegacyKey(password: string): Promise<Uint8Array> {
  checkPassword(password);
  return new Uint8Array(await pbkdf2Async(password, LEGACY_SALT, LEGACY_ITERATIONS, KEY_BYTES, 'sha512'));
}

/** Legacy AES-256-CTR (encryption and decryption are the same operation). Unauthenticated: any key "works". */
export function legacyCtr(key: Uint8Array, data: Uint8Array): Uint8Array {
  const counter = new Uint8Array(16);
  counter[15] = LEGACY_COUNTER;
  const cipher = createCipheriv('aes-256-ctr', key, counter);
  return new Uint8Array(Buffer.concat([cipher.update(data), cipher.final()]));
}

function checkPassword(password: string): void {
  if (typeof password !== 'string' || password.length === 0) {
    throw new WalletError('INVALID_PASSWORD', 'the password must not be empty');
  }
}
