/**
 * The proving scan against a plain per-label reference of docs/protocol/post.md §2.3, for random data, difficulties (top
 * byte 0, mid, 0xFF), several nonce groups, lengths that are not multiples of 64 bytes and runs that cross the
 * scanner's sub-run boundary; each case on both AES paths (native AES-NI with the fused filter, and node:crypto
 * AES with the WebAssembly filter). The native addon itself: AES equal to node:crypto, bad calls refused.
 * @module
 */
import assert from 'node:assert/strict';
import { randomFillSync } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createAes, groupKey, lazyValue, NONCES_PER_AES, nonceKey } from '../../../core/post/cipher.js';
import { splitDifficulty } from '../../../core/post/difficulty.js';
import { nativeAes, type NativeAes } from '../../../core/post/nativeAes.js';
import { NonceScanner, type GoodIndices, type NonceGroupPow } from '../../../core/post/proveScan.js';
import { AES_PIECE_BYTES, ScanMemory, SUB_RUN_BYTES } from '../../../core/post/scanMemory.js';

const NATIVE = nativeAes();
/** Each scan test runs on every AES path this machine has. */
const PATHS: readonly [string, NativeAes | null][] = [['node:crypto', null], ...(NATIVE ? [['native AES-NI', NATIVE] as [string, NativeAes]] : [])];

/** Good indices per nonce, label by label, as docs/protocol/post.md §2.3 states the test. */
function referenceScan(data: Uint8Array, startIndex: bigint, challenge: Uint8Array, groups: readonly NonceGroupPow[], difficulty: bigint, k2: number): GoodIndices {
  const { msb, lsb } = splitDifficulty(difficulty);
  const out: GoodIndices = new Map();
  for (const { group, pow } of groups) {
    const aes = createAes(groupKey(challenge, group, pow));
    for (let l = 0; l + 16 <= data.length; l += 16) {
      const label = data.subarray(l, l + 16);
      const c = aes.update(label);
      for (let k = 0; k < NONCES_PER_AES; k++) {
        const nonce = group * NONCES_PER_AES + k;
        const good = c[k]! < msb || (c[k] === msb && lazyValue(createAes(nonceKey(challenge, group, pow, nonce)), label) < lsb);
        if (!good) continue;
        const list = out.get(nonce) ?? [];
        if (list.length < k2) list.push(startIndex + BigInt(l / 16));
        out.set(nonce, list);
      }
    }
  }
  return out;
}

function sorted(m: GoodIndices): [number, bigint[]][] {
  return [...m].filter(([, v]) => v.length > 0).sort((a, b) => a[0] - b[0]);
}

for (const [pathName, native] of PATHS) {
  describe(`proving scan (${pathName})`, () => {
    it('matches the per-label reference', () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 1, max: 700 }),
          fc.constantFrom(0n, 1n << 56n, (1n << 63n) + 12345n, (1n << 64n) - 1n, 1n << 52n),
          fc.array(fc.record({ group: fc.integer({ min: 0, max: 255 }), pow: fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }) }), { minLength: 1, maxLength: 3 }),
          fc.uint8Array({ minLength: 32, maxLength: 32 }),
          (labels, difficulty, groups, challenge) => {
            const data = randomFillSync(new Uint8Array(labels * 16));
            // Repeated labels make ties and duplicates likely even for extreme difficulties.
            data.copyWithin(16, 0, Math.min(64, data.length - 16));
            const expected = sorted(referenceScan(data, 77n, challenge, groups, difficulty, 1000));
            const found: GoodIndices = new Map();
            new NonceScanner({ challenge, groups, difficulty, k2: 1000 }, undefined, native).scan(data, 77n, found);
            assert.deepEqual(sorted(found), expected);
            // Two-label buckets: the ties are settled in many passes, with the same result.
            const passes: GoodIndices = new Map();
            new NonceScanner({ challenge, groups, difficulty, k2: 1000 }, { hits: AES_PIECE_BYTES, bucket: 2 }, native).scan(data, 77n, passes);
            assert.deepEqual(sorted(passes), expected);
          },
        ),
        { numRuns: 25, seed: 4242 },
      );
    });

    it('crosses the sub-run boundary with the same result as two separate scans', () => {
      const data = randomFillSync(new Uint8Array(SUB_RUN_BYTES + 4096 + 48));
      const params = { challenge: new Uint8Array(32).fill(3), groups: [{ group: 2, pow: 9n }], difficulty: 1n << 57n, k2: 100_000 };
      const whole: GoodIndices = new Map();
      new NonceScanner(params, undefined, native).scan(data, 0n, whole);
      const split: GoodIndices = new Map();
      const scanner = new NonceScanner(params, undefined, native);
      scanner.scan(data.subarray(0, 4096), 0n, split);
      const rest: GoodIndices = new Map();
      scanner.scan(data.subarray(4096), 256n, rest);
      for (const [nonce, list] of rest) split.set(nonce, [...(split.get(nonce) ?? []), ...list]);
      assert.deepEqual(sorted(whole), sorted(split));
      assert.ok([...whole.values()].some((l) => l.some((i) => i >= BigInt(SUB_RUN_BYTES / 16))), 'good labels past the boundary');
    });

    it('settles early when hits and buckets fill, with the same result', () => {
      // With the top byte 0xFF every output byte is a hit and the ties (byte = 0xFF) are a coin flip on the low half,
      // so 1 MiB makes a million hits: with the smallest hit capacity the scanner settles before every piece, and
      // 3-label buckets take many passes per settle.
      const data = randomFillSync(new Uint8Array(1024 * 1024 + 32));
      const params = { challenge: new Uint8Array(32).fill(5), groups: [{ group: 1, pow: 3n }], difficulty: (0xffn << 56n) + (1n << 55n), k2: 1 << 20 };
      const expected = sorted(referenceScan(data, 5n, params.challenge, params.groups, params.difficulty, params.k2));
      const found: GoodIndices = new Map();
      new NonceScanner(params, { hits: AES_PIECE_BYTES, bucket: 3 }, native).scan(data, 5n, found);
      assert.deepEqual(sorted(found), expected);
      assert.ok(expected.every(([, list]) => list.length > 60_000), 'nearly every label is good for every nonce');
    });
  });
}

describe('native AES-NI addon', () => {
  it('is built and used on x86-64 Linux, so CI proves with it', () => {
    if (process.arch !== 'x64' || process.platform !== 'linux' || process.env.SMESHER_NATIVE_AES === '0') return;
    assert.ok(NATIVE, 'native/build/Release/aes_scan.node missing or not loadable: npm ci builds it (build/buildNative.js)');
    const params = { challenge: new Uint8Array(32), groups: [{ group: 0, pow: 0n }], difficulty: 1n << 60n, k2: 1 };
    assert.equal(new NonceScanner(params).aes, 'native AES-NI');
    assert.equal(new NonceScanner(params, undefined, null).aes, 'node:crypto');
  });

  it('encrypts as node:crypto does', { skip: NATIVE ? false : 'not built here' }, () => {
    const mem = new ScanMemory();
    for (const len of [16, 112, 128, 4096 + 48]) {
      const key = randomFillSync(new Uint8Array(16));
      randomFillSync(mem.u8.subarray(mem.dataAt, mem.dataAt + len));
      NATIVE!.encrypt(NATIVE!.expandKey(key), mem.u8, mem.dataAt, mem.pieceAt, len);
      assert.deepEqual(mem.u8.subarray(mem.pieceAt, mem.pieceAt + len), new Uint8Array(createAes(key).update(mem.u8.subarray(mem.dataAt, mem.dataAt + len))));
    }
  });

  it('refuses bad keys, lengths and offsets without touching memory', { skip: NATIVE ? false : 'not built here' }, () => {
    const mem = new ScanMemory();
    const keys = NATIVE!.expandKey(new Uint8Array(16));
    const before = mem.u8.slice();
    assert.throws(() => NATIVE!.expandKey(new Uint8Array(15)), RangeError);
    assert.throws(() => NATIVE!.encrypt(keys.subarray(1), mem.u8, 0, 0, 16), RangeError);
    assert.throws(() => NATIVE!.encrypt(keys, mem.u8, 0, 0, 15), RangeError);
    assert.throws(() => NATIVE!.encrypt(keys, mem.u8, mem.u8.length - 16, 0, 32), RangeError);
    assert.throws(() => NATIVE!.encrypt(keys, mem.u8, -16, 0, 16), RangeError);
    assert.throws(() => NATIVE!.scanPiece(keys, mem.u8, mem.dataAt, 64, 0, 256, mem.hitsAt, mem.tagsAt, 0), RangeError);
    assert.throws(() => NATIVE!.scanPiece(keys, mem.u8, mem.dataAt, 64, 0, 3, mem.u8.length - 8, mem.tagsAt, 0), RangeError);
    assert.throws(() => NATIVE!.scanPiece(keys, new Uint16Array(8) as unknown as Uint8Array, 0, 16, 0, 3, 0, 0, 0), RangeError);
    assert.deepEqual(mem.u8, before);
  });
});
