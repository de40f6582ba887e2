/**
 * Runner for address.json: bech32 address parsing (with the expected rejection) and GenerateAddress.
 * @module
 */
import assert from 'node:assert/strict';
import { AddressError, decodeAddress, encodeAddress, generateAddress } from '../../core/types/address.js';
import { bytesToHex, hexToBytes, utf8 } from '../../core/util/bytes.js';
import { defineRunner } from './harness.js';

type AddressVector =
  | { kind: 'parse'; hrp: string; text: string; bytes?: string; error?: string }
  | { kind: 'generate'; hrp: string; data?: string; dataUtf8?: string; text: string };

export default defineRunner<AddressVector>({
  name: (v) => `${v.kind} ${v.text}`,
  check(v) {
    if (v.kind === 'parse') {
      if (v.error !== undefined) {
        assert.throws(() => decodeAddress(v.text, v.hrp), (e: unknown) => e instanceof AddressError && e.code === v.error);
        return;
      }
      const bytes = decodeAddress(v.text, v.hrp);
      assert.equal(bytesToHex(bytes), v.bytes);
      assert.equal(encodeAddress(bytes, v.hrp), v.text);
      return;
    }
    const data = v.data !== undefined ? hexToBytes(v.data) : utf8(v.dataUtf8 ?? '');
    assert.equal(encodeAddress(generateAddress(data), v.hrp), v.text);
  },
});
