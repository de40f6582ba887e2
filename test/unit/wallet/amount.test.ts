/**
 * SMH amounts: exact decimal parsing to smidge, clear refusals, and formatting back.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MAX_AMOUNT, formatSmh, parseSmh } from '../../../core/wallet/amount.js';
import { WalletError } from '../../../core/wallet/errors.js';

describe('amounts', () => {
  it('parses decimal SMH exactly', () => {
    const table: Array<[string, bigint]> = [
      ['1', 1_000_000_000n],
      ['0.5', 500_000_000n],
      ['0.000000001', 1n],
      ['12.000000001', 12_000_000_001n],
      [' 3.10 ', 3_100_000_000n],
      ['0', 0n],
      ['18446744073.709551615', MAX_AMOUNT],
    ];
    for (const [text, smidge] of table) assert.equal(parseSmh(text), smidge, text);
  });

  it('refuses more decimals than a smidge, signs, exponents and junk', () => {
    for (const text of ['0.0000000001', '1.1234567891', '-1', '+1', '1e9', '1,5', '.5', '1.', '', 'abc', '18446744073.709551616']) {
      assert.throws(() => parseSmh(text), (err) => err instanceof WalletError && err.code === 'INVALID_AMOUNT', text);
    }
    assert.throws(() => parseSmh(5), WalletError);
    assert.throws(() => parseSmh('1.0000000001'), /more than 9 decimals/);
  });

  it('formats smidge and round-trips (property)', () => {
    assert.equal(formatSmh(1_500_000_000n), '1.5');
    assert.equal(formatSmh(1n), '0.000000001');
    assert.equal(formatSmh(0n), '0');
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: MAX_AMOUNT }), (n) => parseSmh(formatSmh(n)) === n));
  });
});
