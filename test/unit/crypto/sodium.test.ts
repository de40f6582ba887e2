/**
 * Tests for core/crypto/sodium.ts and native/sodium.c: on x86-64 Linux the addon is built and finds libsodium (CI
 * installs it); libsodium's Ed25519 accept always implies go-spacemesh's (the exact cofactored check) and
 * verifyEd25519 gives the same verdict with libsodium and with OpenSSL as its fast path; the ECVRF check gives the
 * same output or refusal with libsodium's multiplications and with noble's alone, including proofs libsodium
 * refuses to compute (a Gamma with a torsion component that still verifies, zero scalars); a missing or foreign
 * addon file only means no libsodium. The Ed25519 edge vectors run through both paths in
 * test/vectors/ed25519-edge.ts. Test code.
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
import { ed25519_hasher } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { vrfProve, vrfVerifyFull } from '../../../core/crypto/ecvrf.js';
import { loadSodium, sodium as loadedSodium } from '../../../core/crypto/sodium.js';
import { bigintToBytesLE, bytesToBigintLE, concatBytes, utf8 } from '../../../core/util/bytes.js';

/** Fixed fast-check seed: the suite is deterministic (docs/conventions.md §9). */
const FC = { seed: 20261207, numRuns: 150 } as const;
const Point = ed25519.Point;
const L = Point.Fn.ORDER;
/** An order-8 point; its multiples are the torsion subgroup E[8]. */
const T8 = Point.fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a');
const onLinuxX64 = process.platform === 'linux' && process.arch === 'x64';

/** Runs `fn` with libsodium switched off (sodium.ts reads the variable on each call). */
function withoutSodium<T>(fn: () => T): T {
  process.env.SMESHER_NATIVE_ED25519 = '0';
  try {
    return fn();
  } finally {
    delete process.env.SMESHER_NATIVE_ED25519;
  }
}

const verifyOnOpenssl = (publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean =>
  withoutSodium(() => verifyEd25519(publicKey, message, signature));

/** vrfVerifyFull with both paths; asserts they agree and returns the verdict. */
function vrfBothWays(publicKey: Uint8Array, alpha: Uint8Array, proof: Uint8Array): Uint8Array | null {
  const withSodium = vrfVerifyFull(publicKey, alpha, proof);
  assert.deepEqual(withSodium, withoutSodium(() => vrfVerifyFull(publicKey, alpha, proof)));
  return withSodium;
}

/** RFC 9381 §5.4.1.2's encode_to_curve for suite 0x04, salted with the public key (as core/crypto/ecvrf.ts). */
const VRF_DST = concatBytes(utf8('ECVRF_edwards25519_XMD:SHA-512_ELL2_NU_'), Uint8Array.of(0x04));
const vrfChallenge = (...parts: Uint8Array[]): bigint =>
  bytesToBigintLE(sha512(concatBytes(Uint8Array.of(0x04, 0x02), ...parts, Uint8Array.of(0x00))).subarray(0, 16));

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const out = bytes.slice();
  out[bit >> 3]! ^= 1 << (bit & 7);
  return out;
}

describe('libsodium Ed25519 verify (core/crypto/sodium.ts)', () => {
  const sodium = loadedSodium();

  it('is built and finds libsodium on x86-64 Linux (CI installs libsodium23)', { skip: !onLinuxX64 }, () => {
    assert.ok(sodium, 'native/build/Release/sodium.node is missing or found no libsodium: run npm install with libsodium installed');
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
      assert.equal(loadedSodium(), undefined);
    } finally {
      delete process.env.SMESHER_NATIVE_ED25519;
    }
  });

  it('a missing file or one that is not an addon means no libsodium, not an error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'smesher-sodium-'));
    try {
      const fake = join(dir, 'sodium.node');
      writeFileSync(fake, 'not a shared object');
      assert.equal(loadSodium(join(dir, 'absent.node')), undefined);
      assert.equal(loadSodium(fake), undefined);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('ECVRF verification with libsodium multiplications (core/crypto/ecvrf.ts)', { skip: loadedSodium() === undefined }, () => {
  it('property: the same output or refusal as noble alone, for honest, tampered and misdirected proofs', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ maxLength: 80 }), fc.nat(639), (seed, alpha, bit) => {
        const pk = publicKeyFromSeed(seed);
        const proof = vrfProve(seed, alpha);
        assert.notEqual(vrfBothWays(pk, alpha, proof), null);
        assert.equal(vrfBothWays(pk, alpha, flipBit(proof, bit)), null);
        assert.equal(vrfBothWays(pk, concatBytes(alpha, Uint8Array.of(1)), proof), null);
      }),
      { ...FC, numRuns: 60 },
    );
  });

  it('a Gamma with a torsion component that still verifies gets noble\'s verdict (libsodium refuses the point)', () => {
    // Gamma = x*H + T8 verifies whenever 8 divides c (then c*T8 = O): the prover's freedom voi allows. libsodium's
    // multiplication refuses a point outside the prime-order subgroup, so noble must decide, and accept.
    const seed = new Uint8Array(32).fill(0x2b);
    const { scalar: x, pointBytes: pk } = ed25519.utils.getExtendedPublicKey(seed);
    let accepted = 0;
    for (let i = 0; accepted < 2 && i < 200; i++) {
      const alpha = Uint8Array.of(i);
      const H = ed25519_hasher.encodeToCurve(concatBytes(pk, alpha), { DST: VRF_DST });
      const gamma = H.multiply(x).add(T8).toBytes();
      const k = BigInt(1000 + i);
      const c = vrfChallenge(pk, H.toBytes(), gamma, Point.BASE.multiply(k).toBytes(), H.multiply(k).toBytes());
      if (c % 8n !== 0n) continue;
      const proof = concatBytes(gamma, bigintToBytesLE(c, 16), bigintToBytesLE(Point.Fn.create(k + c * x), 32));
      const refused = !loadedSodium()!.ecvrfPoints(pk, gamma, H.toBytes(), proof.subarray(32, 48), proof.subarray(48), new Uint8Array(96));
      assert.ok(refused, 'libsodium computed with a torsioned Gamma: this test no longer reaches the noble path');
      const beta = vrfBothWays(pk, alpha, proof);
      assert.notEqual(beta, null, `alpha ${i}`);
      accepted++;
    }
    assert.equal(accepted, 2);
  });

  it('zero scalars and identity points (libsodium refuses them) get noble\'s verdict', () => {
    const seed = new Uint8Array(32).fill(0x11);
    const pk = publicKeyFromSeed(seed);
    const alpha = utf8('edge');
    const proof = vrfProve(seed, alpha);
    const zero16 = new Uint8Array(16);
    const zero32 = new Uint8Array(32);
    const identity = bigintToBytesLE(1n, 32);
    for (const edited of [
      concatBytes(proof.subarray(0, 32), zero16, proof.subarray(48)),
      concatBytes(proof.subarray(0, 48), zero32),
      concatBytes(proof.subarray(0, 32), zero16, zero32),
      concatBytes(identity, proof.subarray(32)),
      concatBytes(identity, zero16, zero32),
    ]) {
      assert.equal(vrfBothWays(pk, alpha, edited), null);
    }
  });

  it('non-canonical Gamma and small-order keys stay noble\'s to refuse, whatever libsodium would do with them', () => {
    const seed = new Uint8Array(32).fill(0x12);
    const pk = publicKeyFromSeed(seed);
    const alpha = utf8('encodings');
    const proof = vrfProve(seed, alpha);
    // y >= p (y = p + 1, a second encoding of y = 1) and x = 0 with the sign bit set (y = 1 and y = p - 1).
    const P = 2n ** 255n - 19n;
    const nonCanonical = [bigintToBytesLE(P + 1n, 32), bigintToBytesLE(1n + (1n << 255n), 32), bigintToBytesLE(P - 1n + (1n << 255n), 32)];
    for (const gamma of nonCanonical) assert.equal(vrfBothWays(pk, alpha, concatBytes(gamma, proof.subarray(32))), null);
    for (let i = 0; i < 8; i++) {
      const smallOrderKey = (i === 0 ? Point.ZERO : T8.multiplyUnsafe(BigInt(i))).toBytes();
      assert.equal(vrfBothWays(smallOrderKey, alpha, proof), null);
    }
  });
});
