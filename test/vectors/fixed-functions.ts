/**
 * Runner for fixed-functions.json: the pieces of spacemeshos/fixed's BinCDF (exp, log, lgamma, the incomplete beta
 * function, division and the other arithmetic), bit for bit against results of the Go library.
 * @module
 */
import assert from 'node:assert/strict';
import { FixedOverflowError, add, div, divUint64, mul, rawFixed, sub } from '../../core/util/fixed.js';
import { exp56, ilog56, incomplete, lgamma, log56 } from '../../core/hare/fixedCdf.js';
import { defineRunner } from './harness.js';

interface FunctionVector {
  fn: 'exp56' | 'log56' | 'ilog56' | 'lgamma' | 'incomplete' | 'divUint64' | 'div' | 'mul' | 'add' | 'sub';
  x?: string;
  a?: string;
  b?: string;
  raw: string;
}

const hex = (x: bigint): string => x.toString(16).padStart(32, '0');
const fromHex = (s: string | undefined): bigint => BigInt(`0x${s!}`);
const int = (s: string | undefined): bigint => BigInt(s!);
const BINARY = { div, mul, add, sub } as const;

function evaluate(v: FunctionVector): bigint {
  switch (v.fn) {
    case 'exp56':
      return exp56(int(v.x));
    case 'log56':
      return rawFixed(log56(int(v.x)));
    case 'ilog56':
      return rawFixed(ilog56(int(v.x)));
    case 'lgamma':
      return lgamma(int(v.x));
    case 'incomplete':
      return incomplete(int(v.a), int(v.b), int(v.x));
    case 'divUint64':
      return divUint64(int(v.a), int(v.b));
    default:
      return BINARY[v.fn](fromHex(v.a), fromHex(v.b));
  }
}

export default defineRunner<FunctionVector>({
  name: (v) => `${v.fn}(${[v.x, v.a, v.b].filter((s) => s !== undefined).join(', ')}) = ${v.raw}`,
  check(v) {
    if (v.raw === 'panic') {
      assert.throws(() => evaluate(v), FixedOverflowError);
      return;
    }
    assert.equal(hex(evaluate(v)), v.raw);
  },
});
