/**
 * Tests for core/crypto/sodium.ts and native/sodiumVerify.c: on x86-64 Linux the addon is built and finds libsodium
 * (CI installs it), libsodium's accept always implies go-spacemesh's (the exact cofactored check), verifyEd25519
 * gives the same verdict with libsodium and with OpenSSL as its fast path, and a missing or foreign addon file only
 * means no libsodium. The edge vectors run through both paths in test/vectors/ed25519-edge.ts. Test code.
 * @module
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ed25519 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { publicKeyFromSeed, signEd25519, verifyEd25519, verifyEd25519Cofactored } from '../../../core/crypto/ed25519.js';
import { loadSodiumVerifier, sodiumVerifier } from '../../../core/crypto/sodium.js';
import { bigintToBytesLE, bytesToBigintLE, concatBytes } from '../../../core/util/bytes.js';

/** Fixed fast-check seed: the suite is deterministic (docs/conventions.md §9). */
const FC = { seed: 20261207, numRuns: 150 } as const;
const Point = ed25519.Point;
const L = Point.Fn.ORDER;
/** An order-8 point; its multiples are the torsion subgroup E[8]. */
const T8 = Point.fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a');
const onLinuxX64 = process.platform === 'linux' && process.arch === 'x64';

/** verifyEd25519 with the libsodium fast path switched off (sodium.ts reads the variable on each call). */
function verifyOnOpenssl(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  process.env.SMESHER_NATIVE_ED25519 = '0';
  try {
    return verifyEd25519(publicKey, message, signature);
  } finally {
    delete process.env.SMESHER_NATIVE_ED25519;
  }
}

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  out[bit >> 3]! ^= 1 << (bit & 7);
  return out;
}

describe('libsodium Ed25519 verify (core/crypto/sodium.ts)', () => {
  const sodium = sodiumVerifier();

  it('is built and finds libsodium on x86-64 Linux (CI installs libsodium23)', { skip: !onLinuxX64 }, () => {
    assert.ok(sodium, 'native/build/Release/sodium_verify.node is missing or found no libsodium: run npm install with libsodium installed');
    assert.match(sodium.library, /libsodium/);
  });

  it('accepts valid signatures and rejects tampered ones', { skip: sodium === undefined }, () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 300 }), fc.nat(511), (seed, message, bit) => {
        const pk = publicKeyFromSeed(seed);
        const sig = signEd25519(seed, message);
        assert.equal(sodium!.verify(pk, message, sig), true);
        assert.equal(sodium!.verify(pk, message, flipBit(sig, bit)), false);
        if (message.length > 0) assert.equal(sodium!.verify(pk, flipBit(message, bit % (message.length * 8)), sig), false);
      }),
      FC,
    );
  });

  it('property: its accept implies the exact check, and the fast path choice never changes a verdict', { skip: sodium === undefined }, () => {
    // Torsion in A or R gives signatures only a cofactored check accepts; libsodium must reject them (step 3 decides).
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 64 }),
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 0, max: 7 }),
        fc.bigInt({ min: 1n, max: L - 1n }),
        fc.nat(511),
        (sk, m, tA, tR, r, bit) => {
          const { scalar } = ed25519.utils.getExtendedPublicKey(sk);
          const A = Point.BASE.multiply(scalar).add(tA === 0 ? Point.ZERO : T8.multiplyUnsafe(BigInt(tA))).toBytes();
          const R = Point.BASE.multiply(r).add(tR === 0 ? Point.ZERO : T8.multiplyUnsafe(BigInt(tR))).toBytes();
          const k = Point.Fn.create(bytesToBigintLE(createHash('sha512').update(R).update(A).update(m).digest()));
          const forged = concatBytes(R, bigintToBytesLE(Point.Fn.create(r + k * scalar), 32));
          for (const signature of [forged, flipBit(forged, bit)]) {
            const exact = verifyEd25519Cofactored(A, m, signature);
            if (sodium!.verify(A, m, signature)) assert.equal(exact, true);
            assert.equal(verifyEd25519(A, m, signature), exact);
            assert.equal(verifyOnOpenssl(A, m, signature), exact);
          }
        },
      ),
      { ...FC, numRuns: 60 },
    );
  });

  it('throws RangeError for wrong lengths (verifyEd25519 checks lengths before it)', { skip: sodium === undefined }, () => {
    assert.throws(() => sodium!.verify(new Uint8Array(31), new Uint8Array(0), new Uint8Array(64)), RangeError);
    assert.throws(() => sodium!.verify(new Uint8Array(32), new Uint8Array(0), new Uint8Array(63)), RangeError);
  });

  it('SMESHER_NATIVE_ED25519=0 switches it off', () => {
    process.env.SMESHER_NATIVE_ED25519 = '0';
    try {
      assert.equal(sodiumVerifier(), undefined);
    } finally {
      delete process.env.SMESHER_NATIVE_ED25519;
    }
  });

  it('a missing file or one that is not an addon means no libsodium, not an error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'smesher-sodium-'));
    try {
      const fake = join(dir, 'sodium_verify.node');
      writeFileSync(fake, 'not a shared object');
      assert.equal(loadSodiumVerifier(join(dir, 'absent.node')), undefined);
      assert.equal(loadSodiumVerifier(fake), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
