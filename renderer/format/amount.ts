/**
 * Formatting coin amounts for people. The API carries amounts as decimal strings of smidge (1 SMH = 10^9 smidge,
 * docs/protocol/primitives.md §5); the UI shows SMH with only the digits that matter. Pure.
 * @module
 */

export const SMIDGE_PER_SMH = 1_000_000_000n;

/**
 * `"1500000000"` → `"1.5 SMH"`; amounts below 0.001 SMH are shown in smidge so a small reward is never "0 SMH".
 * @throws {RangeError} when `smidge` is not a non-negative integer string
 */
export function formatSmidge(smidge: string | bigint): string {
  if (typeof smidge === 'string' && !/^\d+$/.test(smidge)) throw new RangeError(`not an amount: ${smidge}`);
  const value = BigInt(smidge);
  if (value < 0n) throw new RangeError('amount is negative');
  if (value !== 0n && value < SMIDGE_PER_SMH / 1000n) return `${value.toLocaleString('en-US')} smidge`;
  const whole = value / SMIDGE_PER_SMH;
  const fraction = (value % SMIDGE_PER_SMH).toString().padStart(9, '0').replace(/0+$/, '');
  return `${whole.toLocaleString('en-US')}${fraction ? `.${fraction}` : ''} SMH`;
}
