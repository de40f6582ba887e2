/**
 * BIP-39 mnemonics as Spacemesh wallets use them (docs/protocol/wallet.md §1): English wordlist, 12 words (128-bit
 * entropy) or 24 words (256-bit), checksum validated, seed = PBKDF2 of the normalised phrase with an empty
 * passphrase (64 bytes). Randomness comes in as an argument so the module stays pure and testable.
 * @module
 */
import { entropyToMnemonic, mnemonicToSeedSync, validateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { WalletError } from './errors.js';

export type MnemonicWordCount = 12 | 24;

/** The word counts Spacemesh wallets create and restore. */
export const MNEMONIC_WORD_COUNTS: readonly MnemonicWordCount[] = [12, 24];

/** Random bytes source (node:crypto `randomBytes` at the entry points, a fixed stream in tests). */
export type RandomBytes = (length: number) => Uint8Array;

/**
 * A new mnemonic of `wordCount` words from `random`.
 * @throws {WalletError} INVALID_MNEMONIC when `wordCount` is not 12 or 24
 */
export function generateMnemonic(wordCount: MnemonicWordCount, random: RandomBytes): string {
  if (!MNEMONIC_WORD_COUNTS.includes(wordCount)) {
    throw new WalletError('INVALID_MNEMONIC', `a mnemonic has 12 or 24 words, not ${String(wordCount)}`);
  }
  const entropy = random(wordCount === 12 ? 16 : 32);
  return entropyToMnemonic(entropy, wordlist);
}

/**
 * The canonical form of a typed phrase: NFKD, lower case, single spaces. Users paste phrases with line breaks,
 * numbering tabs and capitals; only the words matter.
 */
export function normalizeMnemonic(phrase: string): string {
  return phrase.normalize('NFKD').toLowerCase().trim().split(/\s+/).join(' ');
}

/**
 * Checks a phrase and returns its canonical form. The message names the problem (count, unknown word position,
 * checksum) but never the words themselves.
 * @throws {WalletError} INVALID_MNEMONIC
 */
export function checkMnemonic(phrase: unknown): string {
  if (typeof phrase !== 'string') throw new WalletError('INVALID_MNEMONIC', 'the mnemonic must be text');
  const normalized = normalizeMnemonic(phrase);
  const words = normalized === '' ? [] : normalized.split(' ');
  if (!MNEMONIC_WORD_COUNTS.includes(words.length as MnemonicWordCount)) {
    throw new WalletError('INVALID_MNEMONIC', `a mnemonic has 12 or 24 words, got ${words.length}`);
  }
  const known = new Set(wordlist);
  const unknown = words.findIndex((w) => !known.has(w));
  if (unknown >= 0) {
    throw new WalletError('INVALID_MNEMONIC', `word ${unknown + 1} is not in the BIP-39 English wordlist`);
  }
  if (!validateMnemonic(normalized, wordlist)) {
    throw new WalletError('INVALID_MNEMONIC', 'the mnemonic checksum is wrong (a word is mistyped or out of order)');
  }
  return normalized;
}

/** True when `phrase` is a valid 12- or 24-word English mnemonic. */
export function isValidMnemonic(phrase: unknown): boolean {
  try {
    checkMnemonic(phrase);
    return true;
  } catch {
    return false;
  }
}

/**
 * The 64-byte BIP-39 seed of a valid mnemonic (empty passphrase, as smapp and the Spacemesh SDK use).
 * @throws {WalletError} INVALID_MNEMONIC
 */
export function mnemonicToSeed(phrase: string): Uint8Array {
  return mnemonicToSeedSync(checkMnemonic(phrase), '');
}
