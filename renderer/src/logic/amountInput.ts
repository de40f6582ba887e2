/**
 * Reading an amount the user typed in SMH ("1.5", "0,25") into smidge text for the API, refusing anything that is
 * not exact (more than 9 decimals, signs, exponents) rather than rounding someone's money. Pure.
 * @module
 */

/** `"1.5"` → `"1500000000"`; null when the text is not a positive SMH amount with at most 9 decimals. */
export function parseSmh(text: string): string | null {
  const m = /^\s*(\d+)(?:[.,](\d{1,9}))?\s*$/.exec(text);
  if (m === null) return null;
  const smidge = BigInt(m[1]!) * 1_000_000_000n + BigInt((m[2] ?? '').padEnd(9, '0') || '0');
  return smidge > 0n ? smidge.toString() : null;
}
