/**
 * Tests for core/crypto/hash.ts: the hash-wasm BLAKE3 and node:crypto SHA-256 give the same bytes as
 * @noble/hashes, which the module header relies on. Test code.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blake3 as nobleBlake3 } from '@noble/hashes/blake3.js';
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
import fc from 'fast-check';
import { blake3, blake3_20, sha256 } from '../../../core/crypto/hash.js';
import { bytesToHex, concatBytes, utf8 } from '../../../core/util/bytes.js';

/** Fixed fast-check seed: the suite is deterministic (docs/conventions.md §9). */
const FC = { seed: 20240103, numRuns: 200 } as const;

describe('hash', () => {
  it('blake3 of the empty string is the BLAKE3 reference value', () => {
    // BLAKE3 test_vectors.json, input_len 0 (first 32 bytes of the extended output).
    assert.equal(bytesToHex(blake3()), 'af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262');
  });

  it('blake3 and sha256 equal @noble/hashes, across part boundaries and block sizes', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 3000 }), { maxLength: 4 }), (parts) => {
        const whole = concatBytes(...parts);
        assert.deepEqual(blake3(...parts), nobleBlake3(whole));
        assert.deepEqual(sha256(...parts), nobleSha256(whole));
        assert.deepEqual(blake3_20(...parts), nobleBlake3(whole).subarray(0, 20));
      }),
      FC,
    );
  });

  it('blake3 at 1 MiB equals @noble/hashes (the bench input size)', () => {
    const input = new Uint8Array(1 << 20).map((_, i) => i * 31);
    assert.deepEqual(blake3(input), nobleBlake3(input));
  });

  it('reproduces the standalone GenesisID vector (docs/protocol/vectors.md §3)', () => {
    // docs/protocol/vectors.md §3 [computed]: blake3("1704067200standalone")[0:20].
    assert.equal(bytesToHex(blake3_20(utf8('1704067200standalone'))), '3fd8c508c7b242399efb1ce31e928b6082c21050');
  });
});
