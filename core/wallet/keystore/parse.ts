/**
 * Validation of wallet files and of their decrypted secrets: everything read from disk is checked field by field
 * before use, so a truncated, foreign or hand-edited file fails with a clear message instead of a crash later.
 * Messages name fields, never values (a decrypted value may be secret). Pure.
 * @module
 */
import { publicKeyFromSeed } from '../../crypto/ed25519.js';
import { bytesToHex, equalBytes, hexToBytes } from '../../util/bytes.js';
import { WalletError } from '../errors.js';
import type { AccountEntry, Contact, KdfParams, WalletCrypto, WalletFileJson, WalletMeta, WalletSecrets } from './types.js';

/** Wallet files are small; anything larger is not one (and is not read into memory as JSON). */
export const MAX_WALLET_FILE_BYTES = 4 * 1024 * 1024;

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function bad(message: string): never {
  throw new WalletError('BAD_WALLET_FILE', `not a wallet file: ${message}`);
}

function str(obj: Json, key: string, where: string, fallback?: string): string {
  const v = obj[key];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'string') bad(`${where}.${key} must be a string`);
  return v;
}

/** Hex as smapp and smcli write it: plain, sometimes with `0x`. */
export function readHex(value: string, where: string, length?: number): Uint8Array {
  try {
    return hexToBytes(value.replace(/^0x/i, ''), length, where);
  } catch {
    return bad(`${where} must be ${length === undefined ? '' : `${length} bytes of `}hex`);
  }
}

/**
 * Parses the text of a wallet file (the public part and the encrypted envelope; nothing is decrypted).
 * @throws {WalletError} BAD_WALLET_FILE for text that is not a wallet file; UNSUPPORTED_FORMAT for an unknown cipher
 * or KDF
 */
export function parseWalletFile(text: string): WalletFileJson {
  if (text.length > MAX_WALLET_FILE_BYTES) bad('larger than any wallet file');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The parser's message quotes the input; the public part is harmless, but keep one rule for all file errors.
    bad(text.trim() === '' ? 'the file is empty' : 'not valid JSON (truncated or damaged?)');
  }
  if (!isObject(json)) bad('expected a JSON object');
  if (!isObject(json.crypto)) bad('missing the "crypto" section');
  const meta = parseMeta(json.meta);
  return { meta, crypto: parseCrypto(json.crypto) };
}

function parseMeta(value: unknown): WalletMeta {
  const meta = isObject(value) ? value : {};
  return {
    ...meta,
    displayName: str(meta, 'displayName', 'meta', 'Unknown wallet'),
    created: str(meta, 'created', 'meta', ''),
    type: str(meta, 'type', 'meta', 'local-node'),
    genesisID: str(meta, 'genesisID', 'meta', ''),
    remoteApi: str(meta, 'remoteApi', 'meta', ''),
  };
}

function parseCrypto(crypto: Json): WalletCrypto {
  const cipher = crypto.cipher;
  const cipherText = str(crypto, 'cipherText', 'crypto');
  readHex(cipherText, 'crypto.cipherText');
  if (cipher === 'AES-128-CTR') {
    if (cipherText.length === 0) bad('crypto.cipherText is empty');
    return { cipher, cipherText };
  }
  if (cipher !== 'AES-GCM') {
    throw new WalletError('UNSUPPORTED_FORMAT', `unsupported wallet cipher ${JSON.stringify(cipher)} (expected AES-GCM or AES-128-CTR)`);
  }
  if (crypto.kdf !== 'PBKDF2') {
    throw new WalletError('UNSUPPORTED_FORMAT', `unsupported key derivation ${JSON.stringify(crypto.kdf)} (expected PBKDF2)`);
  }
  if (!isObject(crypto.cipherParams)) bad('missing crypto.cipherParams');
  const iv = str(crypto.cipherParams, 'iv', 'crypto.cipherParams');
  readHex(iv, 'crypto.cipherParams.iv', 12);
  if (readHex(cipherText, 'crypto.cipherText').length < 16) bad('crypto.cipherText is shorter than the GCM tag');
  return { cipher, cipherText, cipherParams: { iv }, kdf: 'PBKDF2', kdfparams: parseKdfParams(crypto.kdfparams) };
}

/** go-spacemesh and smapp use at most a few million iterations; far more is a hostile file (minutes of CPU). */
const MAX_ITERATIONS = 100_000_000;

function parseKdfParams(value: unknown): KdfParams {
  if (!isObject(value)) bad('missing crypto.kdfparams');
  const { dklen, iterations } = value;
  const hash = str(value, 'hash', 'crypto.kdfparams');
  const salt = str(value, 'salt', 'crypto.kdfparams');
  if (dklen !== 256) throw new WalletError('UNSUPPORTED_FORMAT', `unsupported key length ${JSON.stringify(dklen)} bits (expected 256)`);
  if (hash !== 'SHA-512' && hash !== 'SHA-256') {
    throw new WalletError('UNSUPPORTED_FORMAT', `unsupported PBKDF2 hash ${JSON.stringify(hash)}`);
  }
  if (typeof iterations !== 'number' || !Number.isSafeInteger(iterations) || iterations < 1 || iterations > MAX_ITERATIONS) {
    bad(`crypto.kdfparams.iterations must be a whole number in 1..${MAX_ITERATIONS}`);
  }
  if (readHex(salt, 'crypto.kdfparams.salt').length < 8) bad('crypto.kdfparams.salt is shorter than 8 bytes');
  return { dklen, hash, salt, iterations };
}

/**
 * Parses decrypted secrets. Called only after decryption succeeded, so a failure means a damaged or foreign
 * plaintext (or, for the unauthenticated legacy cipher, a wrong password: the caller decides which).
 * @throws {WalletError} BAD_WALLET_FILE naming the field, never its value
 */
export function parseSecrets(plaintext: string): WalletSecrets {
  let json: unknown;
  try {
    json = JSON.parse(plaintext);
  } catch {
    return bad('the decrypted secrets are not JSON');
  }
  if (!isObject(json)) bad('the decrypted secrets are not a JSON object');
  const accounts = json.accounts ?? [];
  const contacts = json.contacts ?? [];
  if (!Array.isArray(accounts)) bad('secrets.accounts must be a list');
  if (!Array.isArray(contacts)) bad('secrets.contacts must be a list');
  return {
    ...json,
    mnemonic: str(json, 'mnemonic', 'secrets', ''),
    accounts: accounts.map((a, i) => parseAccount(a, i)),
    contacts: contacts.map((c, i) => parseContact(c, i)),
  };
}

function parseAccount(value: unknown, index: number): AccountEntry {
  const where = `secrets.accounts[${index}]`;
  if (!isObject(value)) bad(`${where} must be an object`);
  const publicKey = readHex(str(value, 'publicKey', where), `${where}.publicKey`, 32);
  const secretKey = readHex(str(value, 'secretKey', where), `${where}.secretKey`);
  if (secretKey.length !== 64 && secretKey.length !== 32) bad(`${where}.secretKey must be 32 or 64 bytes of hex`);
  // A key pair that does not match would sign for another account than the one shown: refuse it outright.
  const derived = publicKeyFromSeed(secretKey.subarray(0, 32));
  if (!equalBytes(derived, publicKey) || (secretKey.length === 64 && !equalBytes(secretKey.subarray(32), publicKey))) {
    bad(`${where}: the secret key does not belong to the public key`);
  }
  secretKey.fill(0);
  return {
    ...value,
    displayName: str(value, 'displayName', where, `Account ${index}`),
    created: str(value, 'created', where, ''),
    path: str(value, 'path', where),
    publicKey: bytesToHex(publicKey),
    secretKey: (value.secretKey as string).replace(/^0x/i, '').toLowerCase(),
  };
}

function parseContact(value: unknown, index: number): Contact {
  const where = `secrets.contacts[${index}]`;
  if (!isObject(value)) bad(`${where} must be an object`);
  return { ...value, address: str(value, 'address', where), nickname: str(value, 'nickname', where, '') };
}
