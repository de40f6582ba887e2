/**
 * The fee choices the send form offers: gas price multiples with what each buys. Proposals take the highest-fee
 * transaction first (core/mempool/pool.ts), so a higher price only matters when a layer is full; the node prices
 * each one by a dry run (fee = gas used × gas price), so the user sees SMH, never "gas". Pure.
 * @module
 */
import { SMIDGE_PER_SMH } from '../../format/amount.js';

export interface FeeChoice {
  readonly name: string;
  /** Decimal smidge per gas unit, as `wallet.send` takes it. */
  readonly gasPrice: string;
  readonly means: string;
}

export const FEE_CHOICES: readonly FeeChoice[] = [
  { name: 'Normal', gasPrice: '1', means: 'the node’s default; enough while layers have room' },
  { name: 'Fast', gasPrice: '2', means: 'twice the price: ahead of normal transactions when a layer is full' },
  { name: 'Priority', gasPrice: '5', means: 'five times the price: first in a busy layer' },
];

/** What a dry run said for one choice: its price, or why the node would refuse it. */
export type FeeQuote<Q> = { readonly choice: FeeChoice; readonly quote: Q } | { readonly choice: FeeChoice; readonly error: string };

/**
 * The choice to preselect: the one the user had if the node priced it, else the cheapest priced one; null when
 * every dry run failed (then the form shows the first refusal instead of a confirmation).
 */
export function pickQuote<Q>(quotes: readonly FeeQuote<Q>[], wanted: string): string | null {
  const priced = quotes.filter((q) => 'quote' in q);
  return (priced.find((q) => q.choice.gasPrice === wanted) ?? priced[0])?.choice.gasPrice ?? null;
}

/**
 * A fee in SMH, exact: `formatSmidge` writes small amounts in smidge, which hides how small a fee is next to the
 * amount, so the confirmation adds this ("0.00002 SMH").
 */
export function feeInSmh(smidge: string): string {
  const value = BigInt(smidge);
  const fraction = (value % SMIDGE_PER_SMH).toString().padStart(9, '0').replace(/0+$/, '');
  return `${(value / SMIDGE_PER_SMH).toString()}${fraction ? `.${fraction}` : ''} SMH`;
}
