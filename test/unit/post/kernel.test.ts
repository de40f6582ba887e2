/**
 * The WebAssembly SIMD kernel is bit-exact against the readable reference for random commitments, indices,
 * batch sizes (including partial 4-lane groups) and small N.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createLabelKernel, assertScryptN } from '../../../core/post/kernel.js';
import { referenceLabel } from '../../../core/post/labelsReference.js';
import { bytesToHex } from '../../../core/util/bytes.js';

describe('label kernel', () => {
  it('matches the reference scrypt-jane for random inputs', () => {
    const kernels = new Map([2, 4, 16, 64].map((n) => [n, createLabelKernel(n)]));
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.bigInt({ min: 0n, max: (1n << 64n) - 16n }),
        fc.integer({ min: 1, max: 9 }),
        fc.constantFrom(2, 4, 16, 64),
        (commitment, start, count, n) => {
          const out = new Uint8Array(count * 32);
          kernels.get(n)!.compute(commitment, start, count, out);
          for (let i = 0; i < count; i++) {
            const expected = referenceLabel(commitment, start + BigInt(i), n);
            assert.equal(bytesToHex(out.subarray(i * 32, i * 32 + 32)), bytesToHex(expected), `label ${start + BigInt(i)} N=${n}`);
          }
        },
      ),
      { numRuns: 60, seed: 20261124 },
    );
  });

  it('rejects N that is not a power of two or out of range', () => {
    assert.throws(() => assertScryptN(3), RangeError);
    assert.throws(() => assertScryptN(1), RangeError);
    assert.throws(() => createLabelKernel(1 << 21), RangeError);
  });

  it('rejects an output buffer that is too small', () => {
    assert.throws(() => createLabelKernel(2).compute(new Uint8Array(32), 0n, 2, new Uint8Array(63)), RangeError);
  });
});
