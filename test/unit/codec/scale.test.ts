/**
 * SCALE codec: field-named errors, length limits, strictness, and fast-check properties (round trips for every
 * combinator; arbitrary bytes either decode to a value that re-encodes to the same bytes or fail with ScaleError).
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  bool,
  byteSlice,
  type Codec,
  compact8,
  compact16,
  compact32,
  compact64,
  decode,
  decodePrefix,
  encode,
  fixedBytes,
  option,
  ScaleError,
  string,
  struct,
  vec,
} from '../../../core/codec/index.js';
import { hexToBytes } from '../../../core/util/bytes.js';

const Votes = struct('Votes', {
  base: fixedBytes(20),
  support: vec(struct('Vote', { id: fixedBytes(20), layer: compact32, height: compact64 }), 10),
  abstain: vec(compact32, 10),
});
const Ballot = struct('InnerBallot', {
  layer: compact32,
  epochData: option(struct('EpochData', { beacon: fixedBytes(4), eligibilityCount: compact32 })),
  votes: Votes,
  note: string(16),
  flag: bool,
  blob: byteSlice(8),
});

const sampleBallot = {
  layer: 9626,
  epochData: { beacon: hexToBytes('9eebff02'), eligibilityCount: 13 },
  votes: {
    base: new Uint8Array(20).fill(1),
    support: [{ id: new Uint8Array(20).fill(2), layer: 9625, height: 1234n }],
    abstain: [7, 8],
  },
  note: 'héllo',
  flag: true,
  blob: hexToBytes('0102'),
};

function expectScaleError(fn: () => unknown, code: string, fieldPattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof ScaleError, `expected ScaleError, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.match(err.field, fieldPattern);
    assert.match(err.message, /^scale: /);
    return true;
  });
}

describe('SCALE structs', () => {
  it('round-trips a nested struct', () => {
    assert.deepEqual(decode(Ballot, encode(Ballot, sampleBallot)), sampleBallot);
  });

  it('names the field of a non-canonical integer', () => {
    const bytes = encode(Ballot, sampleBallot);
    // eligibilityCount (13) sits after layer (2 bytes), the option flag and the beacon: offset 7.
    assert.equal(bytes[7], 13 << 2);
    const broken = Uint8Array.from([...bytes.subarray(0, 7), (13 << 2) | 1, 0, ...bytes.subarray(8)]);
    expectScaleError(() => decode(Ballot, broken), 'NON_CANONICAL', /^InnerBallot\.epochData\.eligibilityCount$/);
  });

  it('names the vector item of a bad nested value', () => {
    const bytes = encode(Votes, sampleBallot.votes);
    const cut = bytes.subarray(0, 30);
    expectScaleError(() => decode(Votes, cut), 'UNEXPECTED_END', /^Votes\.support\[0\]\.id$/);
  });

  it('rejects trailing bytes', () => {
    expectScaleError(() => decode(compact32, hexToBytes('0400')), 'TRAILING_BYTES', /^compact32$/);
  });

  it('decodePrefix reports how much it consumed', () => {
    assert.deepEqual(decodePrefix(compact32, hexToBytes('0101ff')), { value: 64, length: 2 });
  });

  it('checks maximum lengths before reading the payload', () => {
    // Length 2^20 claimed with only 2 bytes of payload: TOO_LONG, not an allocation.
    expectScaleError(() => decode(byteSlice(8), hexToBytes('0200400001')), 'TOO_LONG', /^bytes<=8$/);
    expectScaleError(() => decode(vec(compact8, 2), hexToBytes('0c000000')), 'TOO_LONG', /^vec/);
    expectScaleError(() => decode(string(3), hexToBytes('1061626364')), 'TOO_LONG', /^string<=3$/);
  });

  it('rejects invalid UTF-8 and bad flags', () => {
    expectScaleError(() => decode(string(8), hexToBytes('08c328')), 'INVALID_VALUE', /^string/);
    expectScaleError(() => decode(bool, hexToBytes('02')), 'INVALID_VALUE', /^bool$/);
  });

  it('validates values on encode, naming the path', () => {
    assert.throws(() => encode(compact8, 256), /compact8: 256 is outside \[0, 255\]/);
    assert.throws(() => encode(compact64, -1n), RangeError);
    assert.throws(() => encode(compact32, 1.5), TypeError);
    assert.throws(() => encode(fixedBytes(4), new Uint8Array(3)), /expected 4 bytes, got 3/);
    assert.throws(() => encode(vec(compact8, 1), [1, 2]), /length 2 exceeds the maximum 1/);
    assert.throws(
      () => encode(Ballot, { ...sampleBallot, votes: { ...sampleBallot.votes, abstain: [1, -1] } }),
      /InnerBallot\.votes\.abstain\[1\]/,
    );
  });

  it('decoded byte arrays do not alias the input', () => {
    const input = new Uint8Array(4).fill(9);
    const out = decode(fixedBytes(4), input);
    input[0] = 0;
    assert.equal(out[0], 9);
  });
});

describe('SCALE properties', () => {
  const numberCodecs: Array<[Codec<number>, number]> = [
    [compact8, 0xff],
    [compact16, 0xffff],
    [compact32, 0xffffffff],
  ];

  it('compact integers round-trip and decode only their own encoding', () => {
    for (const [codec, max] of numberCodecs) {
      fc.assert(fc.property(fc.integer({ min: 0, max }), (n) => decode(codec, encode(codec, n)) === n));
    }
    fc.assert(fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (n) => decode(compact64, encode(compact64, n)) === n));
  });

  it('the encoding is the shortest form (length grows with the value)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), (n) => {
        const length = encode(compact64, n).length;
        const expected = n < 64n ? 1 : n < 1n << 14n ? 2 : n < 1n << 30n ? 4 : 1 + Math.ceil(n.toString(16).length / 2);
        return length === expected;
      }),
    );
  });

  it('struct values round-trip', () => {
    const arbBallot = fc.record({
      layer: fc.integer({ min: 0, max: 0xffffffff }),
      epochData: fc.option(
        fc.record({ beacon: fc.uint8Array({ minLength: 4, maxLength: 4 }), eligibilityCount: fc.integer({ min: 0, max: 0xffffffff }) }),
        { nil: null },
      ),
      votes: fc.record({
        base: fc.uint8Array({ minLength: 20, maxLength: 20 }),
        support: fc.array(
          fc.record({
            id: fc.uint8Array({ minLength: 20, maxLength: 20 }),
            layer: fc.integer({ min: 0, max: 0xffffffff }),
            height: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
          }),
          { maxLength: 10 },
        ),
        abstain: fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 10 }),
      }),
      note: fc.string({ maxLength: 4 }),
      flag: fc.boolean(),
      blob: fc.uint8Array({ maxLength: 8 }),
    });
    fc.assert(fc.property(arbBallot, (ballot) => {
      // fast-check builds null-prototype records; structuredClone gives the plain objects the decoder returns.
      assert.deepEqual(decode(Ballot, encode(Ballot, ballot)), structuredClone(ballot));
    }));
  });

  it('arbitrary bytes decode to a canonical value or fail with ScaleError', () => {
    for (const codec of [compact8, compact16, compact32, compact64, Ballot, vec(compact64, 5)] as Codec<unknown>[]) {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 120 }), (bytes) => {
          let value: unknown;
          try {
            value = decode(codec, bytes);
          } catch (err) {
            if (err instanceof ScaleError) return true;
            throw err;
          }
          // Strict decoding means exactly one byte string per value.
          assert.deepEqual(encode(codec, value), bytes);
          return true;
        }),
        { numRuns: 2000 },
      );
    }
  });
});
