/**
 * Smesher identities (docs/architecture.md §6; go-spacemesh `node/node.go` key files): one ed25519 key per
 * `--units` entry in `<network-dir>/identities/smesher-<i>.key`, each the hex of the 64-byte private key
 * (seed || public key) as go-spacemesh writes it, mode 0600, created atomically on first use. Each identity has its
 * own PoS directory `<post-dir>/post-<i>` and a coinbase. Key material is never logged. I/O.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { EdSigner } from '../crypto/ed25519.js';
import { walletPrincipal } from '../types/templates.js';
import { writeFileAtomicSync } from '../util/atomicFile.js';
import { bytesToHex, equalBytes, hexToBytes } from '../util/bytes.js';
import { ActivationError } from './errors.js';

export interface Identity {
  readonly index: number;
  readonly signer: EdSigner;
  /** The node id: the ed25519 public key. */
  readonly nodeId: Uint8Array;
  readonly coinbase: Uint8Array;
  readonly numUnits: number;
  readonly postDir: string;
}

export interface IdentityOptions {
  /** `<network-dir>/identities`. */
  readonly keyDir: string;
  readonly postDir: string;
  /** One identity per entry. */
  readonly units: readonly number[];
  readonly genesisId: Uint8Array;
  /** Where rewards go; default: each identity's own wallet-template address. */
  readonly coinbase?: Uint8Array;
}

const KEY_FILE_MODE = 0o600;

/** The key file of identity `index`. */
export function keyFilePath(keyDir: string, index: number): string {
  return join(keyDir, `smesher-${index}.key`);
}

/**
 * Loads (creating when missing) one identity per `units` entry.
 * @throws {ActivationError} IDENTITY_INVALID for a key file that is unreadable, malformed, readable by others, or
 *   whose public half does not match its seed
 */
export function loadIdentities(opts: IdentityOptions): Identity[] {
  mkdirSync(opts.keyDir, { recursive: true, mode: 0o700 });
  return opts.units.map((numUnits, index) => {
    const path = keyFilePath(opts.keyDir, index);
    const seed = readOrCreateKey(path);
    const signer = new EdSigner(seed, opts.genesisId);
    seed.fill(0);
    return {
      index,
      signer,
      nodeId: signer.publicKey,
      coinbase: opts.coinbase ?? walletPrincipal(signer.publicKey),
      numUnits,
      postDir: join(opts.postDir, `post-${index}`),
    };
  });
}

function readOrCreateKey(path: string): Uint8Array {
  let text: string;
  try {
    const st = statSync(path);
    // Like ssh: a private key others can read is refused rather than silently used.
    if (process.platform !== 'win32' && (st.mode & 0o077) !== 0) {
      throw new ActivationError('IDENTITY_INVALID', `${path} is readable by others (mode ${(st.mode & 0o777).toString(8)}); run chmod 600 on it`, { path });
    }
    text = readFileSync(path, 'utf8').trim();
  } catch (err) {
    if (err instanceof ActivationError) throw err;
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new ActivationError('IDENTITY_INVALID', `cannot read ${path}: ${(err as Error).message}`, { path });
    }
    return createKey(path);
  }
  let key: Uint8Array;
  try {
    key = hexToBytes(text, 64, 'key');
  } catch {
    throw new ActivationError('IDENTITY_INVALID', `${path} is not a key file (expected 128 hex characters)`, { path });
  }
  const seed = key.slice(0, 32);
  const publicKey = new EdSigner(seed, new Uint8Array(20)).publicKey;
  if (!equalBytes(publicKey, key.subarray(32))) {
    throw new ActivationError('IDENTITY_INVALID', `${path}: the public key does not match the private key`, { path });
  }
  key.fill(0);
  return seed;
}

function createKey(path: string): Uint8Array {
  const seed = new Uint8Array(randomBytes(32));
  const publicKey = new EdSigner(seed, new Uint8Array(20)).publicKey;
  writeFileAtomicSync(path, `${bytesToHex(seed)}${bytesToHex(publicKey)}`, { mode: KEY_FILE_MODE });
  return seed;
}
