/**
 * Runner for post-k3-shuffle.json: the seeded BLAKE3-XOF partial Fisher–Yates gives post-rs's order.
 * @module
 */
import assert from 'node:assert/strict';
import { pickRandomValues } from '../../core/post/randomValues.js';
import { hexToBytes } from '../../core/util/bytes.js';
import { defineRunner } from './harness.js';

interface Vector {
  readonly seedHex: string;
  readonly count: number;
  readonly order: readonly number[];
}

export default defineRunner<Vector>({
  name: (v) => `shuffle of 0..${v.count - 1} with seed "${v.seedHex}"`,
  check(v) {
    const items = Array.from({ length: v.count }, (_, i) => i);
    assert.deepEqual(pickRandomValues(items, [hexToBytes(v.seedHex)], v.count), v.order);
    assert.deepEqual(pickRandomValues(items, [hexToBytes(v.seedHex)], 3), v.order.slice(0, 3), 'a K3 prefix is the same prefix');
  },
});
