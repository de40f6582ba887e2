/**
 * Runner for fixed-bincdf.json: spacemeshos/fixed's BinCDF test cases, checked as upstream checks them (within the
 * case set's epsilon of the reference CDF) and bit for bit against the Go library's own result.
 * @module
 */
import assert from 'node:assert/strict';
import { fromFloat, toFloat } from '../../core/util/fixed.js';
import { binCDF } from '../../core/hare/fixedCdf.js';
import { defineRunner } from './harness.js';

interface BinCdfVector {
  set: string;
  index: number;
  n: number;
  x: number;
  p: number;
  cdf: number;
  epsilon: number;
  pRaw: string;
  raw: string;
}

const hex = (x: bigint): string => x.toString(16).padStart(32, '0');

export default defineRunner<BinCdfVector>({
  name: (v) => `${v.set}[${v.index}]: BinCDF(${v.n}, ${v.p}, ${v.x}) ≈ ${v.cdf}`,
  check(v) {
    const p = fromFloat(v.p);
    assert.equal(hex(p), v.pRaw, 'From(p)');
    const got = binCDF(v.n, p, v.x);
    assert.ok(Math.abs(toFloat(got) - toFloat(fromFloat(v.cdf))) <= v.epsilon, `BinCDF ${toFloat(got)} not within ${v.epsilon} of ${v.cdf}`);
    assert.equal(hex(got), v.raw);
  },
});
