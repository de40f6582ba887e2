/**
 * HD paths and account keys: hardened-only Spacemesh paths, smapp's path spellings, and derivation by index.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { publicKeyFromSeed } from '../../../core/crypto/ed25519.js';
import { decodeAddress } from '../../../core/types/address.js';
import { walletPrincipal } from '../../../core/types/templates.js';
import { WalletError } from '../../../core/wallet/errors.js';
import { accountIndexOf, accountPath, formatPath, parsePath } from '../../../core/wallet/hdPath.js';
import { accountAddress, deriveAccountKey, deriveKey, toExtendedSecretKey } from '../../../core/wallet/keys.js';
import { mnemonicToSeed } from '../../../core/wallet/mnemonic.js';
import { FILM_ADDRESS_0, FILM_MNEMONIC } from './helpers.js';

const seed = mnemonicToSeed(FILM_MNEMONIC);

describe('HD paths', () => {
  it('formats account paths and reads smapp spellings', () => {
    assert.equal(accountPath(0), "m/44'/540'/0'/0'/0'");
    assert.equal(accountPath(7), "m/44'/540'/0'/0'/7'");
    assert.equal(formatPath("44'/540'/0'/0'/3'"), "m/44'/540'/0'/0'/3'");
    assert.deepEqual(parsePath("m/44'/540'"), [44, 540]);
    assert.equal(accountIndexOf("44'/540'/0'/0'/12'"), 12);
    assert.equal(accountIndexOf("m/44'/540'/2'/0'/1'"), undefined);
    assert.equal(accountIndexOf('0/0/0'), undefined);
  });

  it('rejects non-hardened, foreign and malformed paths', () => {
    for (const bad of ["m/44'/540'/0'/0'/0", "m/44'/60'/0'/0'/0'", "m/44'", "m/44'/540'/0'/0'/0'/0'", 'm/x', "m/44'/540'/2147483648'", 7]) {
      assert.throws(() => parsePath(bad), (err) => err instanceof WalletError && err.code === 'INVALID_PATH', String(bad));
    }
    assert.throws(() => accountPath(-1), WalletError);
    assert.throws(() => accountPath(2 ** 31), WalletError);
  });

  it('round-trips every index (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), (i) => accountIndexOf(accountPath(i)) === i));
  });
});

describe('account keys', () => {
  it('derives distinct, consistent keys per index', () => {
    const k0 = deriveAccountKey(seed, 0);
    const k1 = deriveAccountKey(seed, 1);
    assert.notDeepEqual(k0.publicKey, k1.publicKey);
    assert.deepEqual(k1.publicKey, publicKeyFromSeed(k1.secretKey));
    assert.deepEqual(deriveKey(seed, "44'/540'/0'/0'/1'"), k1, 'path without m/ is the same key');
    assert.equal(accountAddress(k0.publicKey, 'sm'), FILM_ADDRESS_0);
    assert.deepEqual(decodeAddress(accountAddress(k1.publicKey, 'stest'), 'stest'), walletPrincipal(k1.publicKey));
    const extended = toExtendedSecretKey(k0);
    assert.deepEqual(extended.subarray(0, 32), k0.secretKey);
    assert.deepEqual(extended.subarray(32), k0.publicKey);
  });

  it('refuses non-hardened derivation and bad seeds', () => {
    assert.throws(() => deriveKey(seed, "m/44'/540'/0'/0'/0"), WalletError);
    assert.throws(() => deriveKey(new Uint8Array(8), accountPath(0)), RangeError);
  });
});
