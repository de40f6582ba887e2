/**
 * Runner for post-difficulty.json: K1 proving difficulty, k2pow scaling by units, and the VRF nonce target.
 * @module
 */
import assert from 'node:assert/strict';
import { provingDifficulty, scalePowDifficulty } from '../../core/post/difficulty.js';
import { vrfTarget } from '../../core/post/vrfNonce.js';
import { bytesToHex, hexToBytes } from '../../core/util/bytes.js';
import { defineRunner } from './harness.js';

type Vector =
  | { readonly kind: 'proving'; readonly k1: number; readonly numLabels: string; readonly difficulty: string }
  | { readonly kind: 'scale'; readonly difficulty: string; readonly numUnits: number; readonly scaled: string }
  | { readonly kind: 'vrf'; readonly numLabels: string; readonly target: string };

export default defineRunner<Vector>({
  name: (v) => v.kind,
  check(v) {
    if (v.kind === 'proving') assert.equal(provingDifficulty(v.k1, BigInt(v.numLabels)), BigInt(v.difficulty));
    else if (v.kind === 'scale') assert.equal(bytesToHex(scalePowDifficulty(hexToBytes(v.difficulty, 32), v.numUnits)), v.scaled);
    else assert.equal(bytesToHex(vrfTarget(BigInt(v.numLabels))), v.target);
  },
});
