/**
 * Spacemesh HD derivation paths (docs/protocol/wallet.md §2): `m/44'/540'/0'/0'/i'`, coin type 540, every component
 * hardened, because SLIP-10 ed25519 has no public (non-hardened) derivation. Following the Spacemesh SDK, paths of
 * 2 to 5 components under `44'/540'` are accepted; smapp writes the same path with or without the leading `m/`.
 * Pure.
 * @module
 */
import { WalletError } from './errors.js';

export const HARDENED_OFFSET = 0x8000_0000;
export const BIP44_PURPOSE = 44;
export const SPACEMESH_COIN_TYPE = 540;
const MAX_COMPONENT = HARDENED_OFFSET - 1;

/**
 * The path of account `index`: `m/44'/540'/0'/0'/index'`.
 * @throws {WalletError} INVALID_PATH when `index` is not an integer in [0, 2^31)
 */
export function accountPath(index: number): string {
  if (!Number.isSafeInteger(index) || index < 0 || index > MAX_COMPONENT) {
    throw new WalletError('INVALID_PATH', `account index must be a whole number in 0..${MAX_COMPONENT}`);
  }
  return `m/${BIP44_PURPOSE}'/${SPACEMESH_COIN_TYPE}'/0'/0'/${index}'`;
}

/**
 * Parses a path into its component numbers (without the hardened bit), checking it is a Spacemesh path.
 * @throws {WalletError} INVALID_PATH
 */
export function parsePath(path: unknown): number[] {
  if (typeof path !== 'string') throw new WalletError('INVALID_PATH', 'a derivation path must be text');
  const parts = path.replace(/^m\//, '').split('/');
  if (parts.length < 2 || parts.length > 5) {
    throw new WalletError('INVALID_PATH', `path "${path}" must have 2 to 5 components`);
  }
  const out = parts.map((part) => {
    const match = /^(\d{1,10})'$/.exec(part);
    if (match === null) {
      throw new WalletError('INVALID_PATH', `path "${path}": component "${part}" is not hardened (SLIP-10 ed25519 needs ')`);
    }
    const n = Number(match[1]);
    if (n > MAX_COMPONENT) throw new WalletError('INVALID_PATH', `path "${path}": component ${n} is too large`);
    return n;
  });
  if (out[0] !== BIP44_PURPOSE || out[1] !== SPACEMESH_COIN_TYPE) {
    throw new WalletError('INVALID_PATH', `path "${path}" must start with 44'/540' (Spacemesh)`);
  }
  return out;
}

/** The canonical `m/...'` text of a path (adds the `m/` smapp sometimes leaves out). @throws {WalletError} INVALID_PATH */
export function formatPath(path: string): string {
  return `m/${parsePath(path)
    .map((n) => `${n}'`)
    .join('/')}`;
}

/** The account index of a standard five-component path, or undefined for another shape. */
export function accountIndexOf(path: string): number | undefined {
  try {
    const parts = parsePath(path);
    return parts.length === 5 && parts[2] === 0 && parts[3] === 0 ? parts[4] : undefined;
  } catch {
    return undefined;
  }
}
