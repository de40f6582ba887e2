/**
 * Building wallet transactions: builder checks and the encode/decode round trip (the gas schedule and the decoder's
 * checks are in test/unit/vm/txCodec.test.ts).
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { EdSigner, EdVerifier } from '../../../core/crypto/ed25519.js';
import { blake3 } from '../../../core/crypto/hash.js';
import { walletPrincipal } from '../../../core/types/templates.js';
import { WalletError } from '../../../core/wallet/errors.js';
import { maxGas } from '../../../core/vm/gas.js';
import { decodeWalletTx } from '../../../core/vm/txCodec.js';
import { buildSelfSpawn, buildSpend } from '../../../core/wallet/tx.js';

const genesis = new Uint8Array(20).fill(7);
const signer = new EdSigner(new Uint8Array(32).fill(1), genesis);
const other = walletPrincipal(new EdSigner(new Uint8Array(32).fill(2), genesis).publicKey);

function walletCode(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof WalletError) return err.code;
    throw err;
  }
  return assert.fail('expected a WalletError');
}

describe('building transactions', () => {
  it('refuses a zero gas price and values outside uint64', () => {
    assert.equal(walletCode(() => buildSelfSpawn(signer, { nonce: 0n, gasPrice: 0n })), 'INVALID_TRANSACTION');
    assert.equal(walletCode(() => buildSelfSpawn(signer, { nonce: -1n, gasPrice: 1n })), 'INVALID_TRANSACTION');
    assert.equal(walletCode(() => buildSpend(signer, { nonce: 0n, gasPrice: 1n, destination: other, amount: 1n << 64n })), 'INVALID_TRANSACTION');
    assert.equal(walletCode(() => buildSpend(signer, { nonce: 0n, gasPrice: 1n, destination: other.subarray(1), amount: 1n })), 'INVALID_TRANSACTION');
  });

  it('round-trips spends through the decoder with a valid signature and id (property)', () => {
    const verifier = new EdVerifier(genesis);
    const u64 = fc.bigInt({ min: 0n, max: (1n << 64n) - 1n });
    fc.assert(
      fc.property(u64, fc.bigInt({ min: 1n, max: (1n << 64n) - 1n }), u64, (nonce, gasPrice, amount) => {
        const tx = buildSpend(signer, { nonce, gasPrice, destination: other, amount });
        const decoded = decodeWalletTx(tx.raw);
        assert.equal(decoded.method, 'spend');
        assert.deepEqual(decoded.payload, { nonce, gasPrice });
        assert.deepEqual(decoded.args, { destination: other, amount });
        assert.ok(verifier.verifyTransaction(signer.publicKey, decoded.body, decoded.signature));
        assert.deepEqual(tx.id, blake3(tx.raw));
        assert.equal(tx.fee, maxGas('spend', tx.raw.length) * gasPrice);
      }),
      { numRuns: 100 },
    );
  });

  it('signs for one network only', () => {
    const tx = buildSelfSpawn(signer, { nonce: 0n, gasPrice: 1n });
    const decoded = decodeWalletTx(tx.raw);
    assert.ok(!new EdVerifier(new Uint8Array(20)).verifyTransaction(signer.publicKey, decoded.body, decoded.signature));
  });
});
