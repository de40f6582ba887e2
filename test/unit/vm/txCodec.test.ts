/**
 * The wallet template's gas schedule and transaction decoder: the spec's gas figures, and the decoder's refusals of
 * truncated, extended, foreign and oversized input.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EdSigner } from '../../../core/crypto/ed25519.js';
import { walletPrincipal } from '../../../core/types/templates.js';
import { VmError } from '../../../core/vm/errors.js';
import { baseGas, fixedGas, maxGas, sizeGas, txFee } from '../../../core/vm/gas.js';
import { TX_SIZE_LIMIT, decodeWalletTx } from '../../../core/vm/txCodec.js';
import { buildSpend } from '../../../core/wallet/tx.js';

const genesis = new Uint8Array(20).fill(7);
const signer = new EdSigner(new Uint8Array(32).fill(1), genesis);
const other = walletPrincipal(new EdSigner(new Uint8Array(32).fill(2), genesis).publicKey);

function vmCode(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof VmError) return err.code;
    throw err;
  }
  return assert.fail('expected a VmError');
}

describe('gas', () => {
  it('follows the gas schedule (docs/protocol/vm-and-transactions.md §5)', () => {
    assert.equal(baseGas('spend'), 23_000n);
    assert.equal(baseGas('spawn'), 53_000n);
    assert.equal(fixedGas('spend'), 4138n + 7032n);
    assert.equal(fixedGas('spawn'), 45_000n);
    assert.equal(sizeGas(128n, 120), 1920n);
    assert.equal(sizeGas(128n, 121), 2048n, 'a started 8-byte word is charged whole');
    assert.equal(maxGas('spend', 120), 36_090n);
    assert.equal(maxGas('spawn', 148), 100_432n);
    assert.equal(txFee('spend', 120, 3n), 108_270n);
  });
});

describe('decoding transactions', () => {
  const spend = buildSpend(signer, { nonce: 5n, gasPrice: 2n, destination: other, amount: 10n }).raw;
  it('rejects truncated, extended, foreign and oversized input', () => {
    const bad: Array<[string, Uint8Array]> = [
      ['truncated', spend.subarray(0, spend.length - 1)],
      ['trailing byte', Uint8Array.from([...spend, 0])],
      ['version 1', Uint8Array.from([4, ...spend.subarray(1)])],
      ['method 17', (() => { const b = spend.slice(); b[25] = 17 << 2; return b; })()],
      ['empty', new Uint8Array(0)],
      ['too large', new Uint8Array(TX_SIZE_LIMIT + 1)],
    ];
    for (const [name, raw] of bad) assert.equal(vmCode(() => decodeWalletTx(raw)), 'MALFORMED', name);
  });
});
