/**
 * Runner for post-labels.json: both the reference and the WebAssembly kernel give the spec's label outputs.
 * @module
 */
import assert from 'node:assert/strict';
import { createLabelKernel } from '../../core/post/kernel.js';
import { referenceLabel } from '../../core/post/labelsReference.js';
import { bytesToHex, hexToBytes } from '../../core/util/bytes.js';
import { defineRunner } from './harness.js';

interface Vector {
  readonly commitment: string;
  readonly index: string;
  readonly n: number;
  readonly output: string;
}

export default defineRunner<Vector>({
  name: (v) => `label ${v.index} N=${v.n}`,
  check(v) {
    const commitment = hexToBytes(v.commitment, 32);
    assert.equal(bytesToHex(referenceLabel(commitment, BigInt(v.index), v.n)), v.output, 'reference');
    const out = new Uint8Array(32);
    createLabelKernel(v.n).compute(commitment, BigInt(v.index), 1, out);
    assert.equal(bytesToHex(out), v.output, 'kernel');
  },
});
