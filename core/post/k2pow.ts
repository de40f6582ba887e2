/**
 * k2pow (docs/protocol/post.md §2.5) behind an interface: each group of 16 nonces costs a proof of work so that grinding
 * nonces is expensive. The real scheme is RandomX; the networks Smesher ships use the trivial all-0xFF difficulty
 * (docs/protocol/presets.md §2), implemented here. A RandomX implementation plugs in behind the same interface later. Pure.
 * @module
 */
import { PostError } from './errors.js';

export interface K2PowInput {
  readonly nonceGroup: number;
  /** The first 8 bytes of the challenge. */
  readonly challenge8: Uint8Array;
  /** The per-identity target (already divided by NumUnits), 32 bytes big-endian. */
  readonly difficulty: Uint8Array;
  readonly minerId: Uint8Array;
}

export interface K2Pow {
  /** Finds a pow for one nonce group. @throws {PostError} BAD_PARAMS when the difficulty is not supported */
  prove(input: K2PowInput): Promise<bigint>;
  /** Checks a pow. @throws {PostError} PROOF_INVALID when it does not meet the difficulty */
  verify(input: K2PowInput, pow: bigint): void;
}

/** True for the trivial difficulty of our presets: 32 bytes of 0xFF before scaling by units. */
export function isTrivialPowDifficulty(unscaled: Uint8Array): boolean {
  return unscaled.length === 32 && unscaled.every((b) => b === 0xff);
}

/**
 * k2pow for the trivial difficulty: pow 0 for every group, and every pow accepted. Only valid where the network's
 * unscaled difficulty is all 0xFF, which the caller checks with {@link isTrivialPowDifficulty}; with RandomX a
 * hash would be below that target with probability 1 − 1/NumUnits, so this deliberately skips the hash.
 */
export const trivialK2Pow: K2Pow = {
  prove: () => Promise.resolve(0n),
  verify: () => {},
};

/**
 * Picks the k2pow for a network's difficulty.
 * @throws {PostError} BAD_PARAMS for a non-trivial difficulty (RandomX is not built in yet)
 */
export function k2PowFor(unscaledDifficulty: Uint8Array): K2Pow {
  if (isTrivialPowDifficulty(unscaledDifficulty)) return trivialK2Pow;
  throw new PostError('BAD_PARAMS', 'only the trivial all-0xFF k2pow difficulty is supported (RandomX k2pow is not built in)');
}
