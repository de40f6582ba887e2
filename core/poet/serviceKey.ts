/**
 * The PoET's identity key: a random ed25519 seed kept in `<dataDir>/service.key` (hex, mode 0600), created on first
 * start. Its public key is what `/v1/info` and every proof response carry. The seed never leaves this module's
 * caller and is never logged. I/O.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { publicKeyFromSeed } from '../crypto/ed25519.js';
import { bytesToHex, hexToBytes } from '../util/bytes.js';
import { PoetError } from './errors.js';
import { writeFileAtomic } from './files.js';

const KEY_FILE = 'service.key';

/**
 * Loads the service key, creating it when missing.
 * @returns the 32-byte public key
 * @throws {PoetError} BAD_STATE when the key file exists but does not hold a 32-byte hex seed
 */
export async function loadServiceKey(dataDir: string): Promise<Uint8Array> {
  const path = join(dataDir, KEY_FILE);
  let text: string | undefined;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  if (text === undefined) {
    const seed = randomBytes(32);
    await writeFileAtomic(path, `${bytesToHex(seed)}\n`, 0o600);
    return publicKeyFromSeed(seed);
  }
  let seed: Uint8Array;
  try {
    seed = hexToBytes(text.trim(), 32, KEY_FILE);
  } catch {
    // The message must not echo the file: it is a secret.
    throw new PoetError('BAD_STATE', `${path} does not hold a 32-byte hex key`);
  }
  return publicKeyFromSeed(seed);
}
