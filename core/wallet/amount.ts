/**
 * Amounts: decimal SMH text to and from smidge (1 SMH = 10^9 smidge, docs/protocol/primitives.md §5).
 * Parsing is exact (no floating point) and strict: a value with more decimals than a smidge is an error, never
 * silently rounded. Pure.
 * @module
 */
import { WalletError } from './errors.js';

export const SMIDGE_PER_SMH = 1_000_000_000n;
export const SMH_DECIMALS = 9;
/** Balances and amounts are uint64 on chain. */
export const MAX_AMOUNT = (1n << 64n) - 1n;

const SMH_RE = /^(\d+)(?:\.(\d+))?$/;

/**
 * Parses decimal SMH text (`"1"`, `"0.5"`, `"12.000000001"`) into smidge.
 * @throws {WalletError} INVALID_AMOUNT for anything else: signs, exponents, separators, more than 9 decimals, or a
 * value above uint64
 */
export function parseSmh(text: unknown): bigint {
  if (typeof text !== 'string') throw new WalletError('INVALID_AMOUNT', 'the amount must be text like 1.5');
  const match = SMH_RE.exec(text.trim());
  if (match === null) {
    throw new WalletError('INVALID_AMOUNT', `"${text}" is not an amount in SMH (use digits and one dot, like 1.5)`);
  }
  const [, whole = '0', fraction = ''] = match;
  if (fraction.length > SMH_DECIMALS) {
    throw new WalletError('INVALID_AMOUNT', `"${text}" has more than ${SMH_DECIMALS} decimals (1 smidge = 0.000000001 SMH)`);
  }
  const smidge = BigInt(whole) * SMIDGE_PER_SMH + BigInt(fraction.padEnd(SMH_DECIMALS, '0'));
  if (smidge > MAX_AMOUNT) throw new WalletError('INVALID_AMOUNT', `"${text}" is larger than any balance can be`);
  return smidge;
}

/** Smidge as decimal SMH text without trailing zeros: 1500000000n -> "1.5", 1n -> "0.000000001". */
export function formatSmh(smidge: bigint): string {
  const negative = smidge < 0n;
  const abs = negative ? -smidge : smidge;
  const whole = abs / SMIDGE_PER_SMH;
  const fraction = (abs % SMIDGE_PER_SMH).toString().padStart(SMH_DECIMALS, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${whole}${fraction === '' ? '' : `.${fraction}`}`;
}
