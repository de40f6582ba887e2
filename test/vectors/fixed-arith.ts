/**
 * Runner for fixed-arith.json: spacemeshos/fixed's own exact expectations for Div, Mul, From/String and the
 * From/Float round trip, against core/util/fixed.ts.
 * @module
 */
import assert from 'node:assert/strict';
import { div, formatFixed, fromFloat, mul, toFloat } from '../../core/util/fixed.js';
import { defineRunner } from './harness.js';

interface ArithVector {
  file: string;
  op: 'div' | 'mul' | 'from' | 'roundtrip';
  x: number;
  y?: number;
  s?: string;
}

export default defineRunner<ArithVector>({
  name: (v) => `${v.file}: ${v.op}(${v.x}${v.y === undefined ? '' : `, ${v.y}`})${v.s === undefined ? '' : ` = ${v.s}`}`,
  check(v) {
    const x = fromFloat(v.x);
    switch (v.op) {
      case 'div':
      case 'mul': {
        const y = fromFloat(v.y!);
        assert.equal(formatFixed(v.op === 'div' ? div(x, y) : mul(x, y)), v.s);
        return;
      }
      case 'from':
        assert.equal(formatFixed(x), v.s);
        assert.equal(toFloat(x), v.x);
        return;
      case 'roundtrip':
        assert.equal(toFloat(x), v.x);
        return;
    }
  },
});
