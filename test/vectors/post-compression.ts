/**
 * Runner for post-compression.json: bit-packed proof indices, required bits and expected lengths.
 * @module
 */
import assert from 'node:assert/strict';
import { compressIndices, decompressIndices, expectedIndicesBytes, requiredBits } from '../../core/post/compression.js';
import { bytesToHex } from '../../core/util/bytes.js';
import { defineRunner } from './harness.js';

type Vector =
  | { readonly kind: 'compress'; readonly indices: readonly string[]; readonly bits: number; readonly bytes: string }
  | { readonly kind: 'requiredBits'; readonly value: string; readonly bits: number }
  | { readonly kind: 'expectedBytes'; readonly bits: number; readonly k2: number; readonly bytes: number };

export default defineRunner<Vector>({
  name: (v) => v.kind,
  check(v) {
    if (v.kind === 'compress') {
      const packed = compressIndices(v.indices.map(BigInt), v.bits);
      assert.equal(bytesToHex(packed), v.bytes);
      const mask = (1n << BigInt(v.bits)) - 1n;
      assert.deepEqual(decompressIndices(packed, v.bits).slice(0, v.indices.length), v.indices.map((i) => BigInt(i) & mask));
    } else if (v.kind === 'requiredBits') {
      assert.equal(requiredBits(BigInt(v.value)), v.bits);
    } else {
      assert.equal(expectedIndicesBytes(v.bits, v.k2), v.bytes);
    }
  },
});
