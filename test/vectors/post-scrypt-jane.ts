/**
 * Runner for post-scrypt-jane.json: the reference scrypt-jane reproduces the library's own self-tests.
 * @module
 */
import assert from 'node:assert/strict';
import { scryptJane } from '../../core/post/scryptJane.js';
import { bytesToHex, utf8 } from '../../core/util/bytes.js';
import { defineRunner } from './harness.js';

interface Vector {
  readonly password: string;
  readonly salt: string;
  readonly n: number;
  readonly r: number;
  readonly p: number;
  readonly output: string;
}

export default defineRunner<Vector>({
  name: (v) => `scrypt-jane("${v.password}", "${v.salt}", N=${v.n}, r=${v.r}, p=${v.p})`,
  check(v) {
    const out = scryptJane(utf8(v.password), utf8(v.salt), v.n, v.r, v.p, v.output.length / 2);
    assert.equal(bytesToHex(out), v.output);
  },
});
