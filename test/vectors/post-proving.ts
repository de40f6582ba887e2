/**
 * Runner for post-proving.json: the nonce scanner reproduces post-rs's proving vector.
 * @module
 */
import assert from 'node:assert/strict';
import { provingDifficulty } from '../../core/post/difficulty.js';
import { mergeGoodIndices, NonceScanner, type GoodIndices } from '../../core/post/proveScan.js';
import { utf8 } from '../../core/util/bytes.js';
import { defineRunner } from './harness.js';

interface Vector {
  readonly challenge: string;
  readonly numLabels: string;
  readonly k1: number;
  readonly k2: number;
  readonly dataModulus: number;
  readonly dataBytes: number;
  readonly nonceGroup: number;
  readonly pow: string;
  readonly nonce: number;
  readonly indices: readonly number[];
}

export default defineRunner<Vector>({
  name: (v) => `proving vector: nonce ${v.nonce}, K2 ${v.k2}`,
  check(v) {
    const data = new Uint8Array(v.dataBytes).map((_, j) => j % v.dataModulus);
    const scanner = new NonceScanner({
      challenge: utf8(v.challenge),
      groups: [{ group: v.nonceGroup, pow: BigInt(v.pow) }],
      difficulty: provingDifficulty(v.k1, BigInt(v.numLabels)),
      k2: v.k2,
    });
    const found: GoodIndices = new Map();
    scanner.scan(data, 0n, found);
    const winner = mergeGoodIndices(new Map(), found, v.k2);
    assert.equal(winner?.nonce, v.nonce);
    assert.deepEqual(winner.indices, v.indices.map(BigInt));
  },
});
