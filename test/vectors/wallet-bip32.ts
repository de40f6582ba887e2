/**
 * Runner for wallet-bip32.json: SLIP-10 derivation from a BIP-39 mnemonic or a raw seed, and the account principal.
 * @module
 */
import assert from 'node:assert/strict';
import { deriveAccountKey, deriveKey } from '../../core/wallet/keys.js';
import { mnemonicToSeed } from '../../core/wallet/mnemonic.js';
import { walletPrincipal } from '../../core/types/templates.js';
import { bytesToHex, utf8 } from '../../core/util/bytes.js';
import { defineRunner } from './harness.js';

interface Bip32Vector {
  name: string;
  seedAscii?: string;
  mnemonic?: string;
  index?: number;
  path: string;
  secretKey: string;
  publicKey: string;
  principal?: string;
}

export default defineRunner<Bip32Vector>({
  name: (v) => v.name,
  check(v) {
    const key =
      v.mnemonic !== undefined
        ? deriveAccountKey(mnemonicToSeed(v.mnemonic), v.index ?? 0)
        : deriveKey(utf8(v.seedAscii ?? assert.fail('vector has neither mnemonic nor seed')), v.path);
    assert.equal(key.path, v.path);
    assert.equal(bytesToHex(key.secretKey), v.secretKey);
    assert.equal(bytesToHex(key.publicKey), v.publicKey);
    if (v.principal !== undefined) assert.equal(bytesToHex(walletPrincipal(key.publicKey)), v.principal);
  },
});
