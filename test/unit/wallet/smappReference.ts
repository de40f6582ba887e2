/**
 * An independent implementation of the smapp wallet file algorithm for tests, written against the format as
 * documented (docs/protocol/wallet.md §3, smapp `desktop/aes-gcm.ts` and `fileEncryptionService.ts`) on WebCrypto, the
 * API smapp itself uses, so it shares no code with core/wallet (which uses node:crypto's cipher streams).
 * @module
 */
import { Buffer } from 'node:buffer';
import { webcrypto } from 'node:crypto';

type CryptoKey = webcrypto.CryptoKey;

const { subtle } = webcrypto;
const enc = new TextEncoder();

const hex = (bytes: ArrayBuffer | Uint8Array): string => Buffer.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes)).toString('hex');
const unhex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));

async function pbkdf2AesKey(password: string, salt: Uint8Array, iterations: number): Promise<CryptoKey> {
  const material = await subtle.importKey('raw', enc.encode(password), 'PBKDF2', false, ['deriveKey']);
  return subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-512', salt, iterations }, material, { name: 'AES-GCM', length: 256 }, true, [
    'encrypt',
    'decrypt',
  ]);
}

/** smapp's `encryptWallet`: PBKDF2-SHA512 key, IV = HMAC-SHA512(raw key, plaintext)[0:12], AES-GCM 128-bit tag. */
export async function smappEncryptGcm(secrets: unknown, password: string, salt: Uint8Array, iterations: number) {
  const key = await pbkdf2AesKey(password, salt, iterations);
  const plaintext = enc.encode(JSON.stringify(secrets));
  const raw = await subtle.exportKey('raw', key);
  const hmacKey = await subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-512' }, false, ['sign']);
  const iv = new Uint8Array(await subtle.sign('HMAC', hmacKey, plaintext)).slice(0, 12);
  const cipherText = await subtle.encrypt({ name: 'AES-GCM', iv, tagLength: 128 }, key, plaintext);
  return {
    cipher: 'AES-GCM',
    cipherText: hex(cipherText),
    cipherParams: { iv: hex(iv) },
    kdf: 'PBKDF2',
    kdfparams: { dklen: 256, hash: 'SHA-512', salt: hex(salt), iterations },
  };
}

/** smapp's `decryptGcm`: parameters from the file. Throws on a wrong password (GCM authentication). */
export async function smappDecryptGcm(crypto: {
  cipherText: string;
  cipherParams: { iv: string };
  kdfparams: { salt: string; iterations: number; hash: string; dklen: number };
}, password: string): Promise<unknown> {
  if (crypto.kdfparams.hash !== 'SHA-512' || crypto.kdfparams.dklen !== 256) throw new Error('not smapp parameters');
  const key = await pbkdf2AesKey(password, unhex(crypto.kdfparams.salt), crypto.kdfparams.iterations);
  const plaintext = await subtle.decrypt({ name: 'AES-GCM', iv: unhex(crypto.cipherParams.iv), tagLength: 128 }, key, unhex(crypto.cipherText));
  return JSON.parse(new TextDecoder().decode(plaintext)) as unknown;
}

/** smapp's legacy `encryptData`: PBKDF2-SHA512(password, "Spacemesh blockmesh", 1e6) and AES-CTR from counter 5. */
export async function smappEncryptLegacy(secrets: unknown, password: string) {
  const material = await subtle.importKey('raw', enc.encode(password), 'PBKDF2', false, ['deriveKey']);
  const key = await subtle.deriveKey(
    { name: 'PBKDF2', hash: 'SHA-512', salt: enc.encode('Spacemesh blockmesh'), iterations: 1_000_000 },
    material,
    { name: 'AES-CTR', length: 256 },
    false,
    ['encrypt'],
  );
  const counter = new Uint8Array(16);
  counter[15] = 5;
  const cipherText = await subtle.encrypt({ name: 'AES-CTR', counter, length: 64 }, key, enc.encode(JSON.stringify(secrets)));
  return { cipher: 'AES-128-CTR', cipherText: hex(cipherText) };
}
