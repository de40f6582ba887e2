/**
 * Bytes, argument checks and coded errors.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { abytes, aint } from '../../../core/util/assert.js';
import {
  bigintToBytesLE,
  bytesToBigintLE,
  bytesToHex,
  compareBytes,
  equalBytes,
  hexToBytes,
  readU64le,
  u64be,
  u64le,
} from '../../../core/util/bytes.js';
import { CodedError, errorMessage, hasErrorCode } from '../../../core/util/errors.js';

describe('bytes', () => {
  it('parses hex strictly', () => {
    assert.deepEqual(hexToBytes('00ffAB'), Uint8Array.from([0, 255, 171]));
    assert.throws(() => hexToBytes('abc'), /even-length/);
    assert.throws(() => hexToBytes('0x00'), /even-length/);
    assert.throws(() => hexToBytes('zz'), /even-length/);
    assert.throws(() => hexToBytes(12), TypeError);
    assert.throws(() => hexToBytes('00', 2, 'nodeId'), /nodeId: expected 2 bytes of hex, got 1/);
  });

  it('round-trips hex and little-endian integers', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (b) => equalBytes(hexToBytes(bytesToHex(b)), b)));
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (n) => readU64le(u64le(n)) === n && bytesToBigintLE(bigintToBytesLE(n, 8)) === n));
    assert.equal(bytesToHex(u64be(1)), '0000000000000001');
    assert.throws(() => bigintToBytesLE(256n, 1), RangeError);
  });

  it('compares like Go bytes.Compare', () => {
    assert.ok(compareBytes(Uint8Array.of(1), Uint8Array.of(1, 0)) < 0);
    assert.ok(compareBytes(Uint8Array.of(2), Uint8Array.of(1, 9)) > 0);
    assert.equal(compareBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2)), 0);
    assert.equal(equalBytes(Uint8Array.of(1), Uint8Array.of(1, 2)), false);
  });
});

describe('assert helpers', () => {
  it('throw TypeError for a wrong type and RangeError for a wrong value, naming the field', () => {
    assert.throws(() => abytes('x', 32, 'nodeId'), { name: 'TypeError', message: 'nodeId: expected Uint8Array, got string' });
    assert.throws(() => abytes(new Uint8Array(31), 32, 'nodeId'), { name: 'RangeError', message: 'nodeId: expected 32 bytes, got 31' });
    assert.throws(() => aint(1.5, 0, 10, 'units'), TypeError);
    assert.throws(() => aint(11, 0, 10, 'units'), { name: 'RangeError', message: 'units: 11 is outside [0, 10]' });
  });
});

describe('CodedError', () => {
  it('crosses a boundary as a plain object and keeps its code', () => {
    const err = new CodedError('WRONG_PASSWORD', 'wrong password', { file: 'w.json' });
    const back = CodedError.fromObject(JSON.parse(JSON.stringify(err.toObject())) as ReturnType<typeof err.toObject>);
    assert.equal(back.code, 'WRONG_PASSWORD');
    assert.equal(back.message, 'wrong password');
    assert.deepEqual(back.meta, { file: 'w.json' });
    assert.ok(hasErrorCode(back, 'WRONG_PASSWORD'));
    assert.equal(errorMessage('plain'), 'plain');
  });
});
