/**
 * Tests for core/crypto/ed25519.ts and core/crypto/domains.ts: node:crypto agrees with @noble/curves, RFC 8032
 * vectors, signing-domain prefixes, the go-spacemesh-compatible verification edge cases, and that a signer does
 * not reveal its seed. Test code.
 * @module
 */
import assert from 'node:assert/strict';
import { createHash, createPublicKey, verify as nodeVerify } from 'node:crypto';
import { describe, it } from 'node:test';
import { format, inspect } from 'node:util';
import { ed25519 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { SigningDomain, signingBytes } from '../../../core/crypto/domains.js';
import { vrfProve } from '../../../core/crypto/ecvrf.js';
import {
  EdSigner,
  EdVerifier,
  publicKeyFromSeed,
  signEd25519,
  verifyEd25519,
  verifyEd25519Cofactored,
} from '../../../core/crypto/ed25519.js';
import { bigintToBytesLE, bytesToBigintLE, bytesToHex, concatBytes, hexToBytes, utf8 } from '../../../core/util/bytes.js';

/** Fixed fast-check seed: the suite is deterministic (docs/conventions.md §9). */
const FC = { seed: 20240101, numRuns: 200 } as const;
const Point = ed25519.Point;
const Fn = Point.Fn;
const L = Fn.ORDER;
const P = 2n ** 255n - 19n;

const seed = hexToBytes('cd85df73aa3bc31de2f0b69bb1421df7eb0cdca7cb170a457869ab337749dae1');
const genesisId = hexToBytes('3fd8c508c7b242399efb1ce31e928b6082c21050');
const msg = utf8('smesher test message');

/** A point encoding with y as given (which may be >= p) and the x sign bit. */
function encodeY(y: bigint, signBit = 0): Uint8Array {
  const out = bigintToBytesLE(y, 32);
  out[31]! |= signBit << 7;
  return out;
}

/** k = SHA-512(R || A || M) mod L, over the raw bytes, as both OpenSSL and voi compute it. */
function challenge(R: Uint8Array, A: Uint8Array, m: Uint8Array): bigint {
  return Fn.create(bytesToBigintLE(new Uint8Array(createHash('sha512').update(R).update(A).update(m).digest())));
}

/** OpenSSL's verdict alone (node:crypto), for comparison; false where it refuses the key. */
function openssl(publicKey: Uint8Array, m: Uint8Array, signature: Uint8Array): boolean {
  try {
    const x = Buffer.from(publicKey).toString('base64url');
    return nodeVerify(null, m, createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' }), signature);
  } catch {
    return false;
  }
}

function flipBit(bytes: Uint8Array, index: number): Uint8Array {
  const out = bytes.slice();
  out[index]! ^= 1;
  return out;
}

describe('ed25519: RFC 8032 §7.1', () => {
  // RFC 8032 section 7.1, TEST 1, 2 and 3.
  const cases = [
    {
      sk: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
      pk: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
      msg: '',
      sig: 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    },
    {
      sk: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
      pk: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
      msg: '72',
      sig: '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
    },
    {
      sk: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
      pk: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
      msg: 'af82',
      sig: '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
    },
  ];
  for (const [i, c] of cases.entries()) {
    it(`TEST ${i + 1}: public key, signature, verification`, () => {
      const sk = hexToBytes(c.sk);
      const m = hexToBytes(c.msg);
      assert.equal(bytesToHex(publicKeyFromSeed(sk)), c.pk);
      assert.equal(bytesToHex(signEd25519(sk, m)), c.sig);
      assert.equal(verifyEd25519(hexToBytes(c.pk), m, hexToBytes(c.sig)), true);
      assert.equal(verifyEd25519Cofactored(hexToBytes(c.pk), m, hexToBytes(c.sig)), true);
    });
  }
});

describe('ed25519: node:crypto agrees with @noble/curves', () => {
  const pk = publicKeyFromSeed(seed);
  const sig = signEd25519(seed, msg);

  it('derives the same public key and byte-identical signatures', () => {
    assert.deepEqual(pk, ed25519.getPublicKey(seed));
    assert.deepEqual(sig, ed25519.sign(msg, seed));
  });

  it('agrees on valid, tampered message, tampered signature and wrong key', () => {
    const otherPk = publicKeyFromSeed(new Uint8Array(32).fill(1));
    const cases: [string, Uint8Array, Uint8Array, Uint8Array, boolean][] = [
      ['valid', pk, msg, sig, true],
      ['tampered message', pk, flipBit(msg, 0), sig, false],
      ['tampered R', pk, msg, flipBit(sig, 3), false],
      ['tampered S', pk, msg, flipBit(sig, 40), false],
      ['wrong key', otherPk, msg, sig, false],
    ];
    for (const [name, key, m, s, expected] of cases) {
      assert.equal(verifyEd25519(key, m, s), expected, `node: ${name}`);
      assert.equal(ed25519.verify(s, m, key), expected, `noble: ${name}`);
    }
  });

  it('property: same signatures and verdicts for random keys and messages', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 300 }),
        fc.nat(),
        (sk, m, bit) => {
          const s = signEd25519(sk, m);
          assert.deepEqual(s, ed25519.sign(m, sk));
          const key = publicKeyFromSeed(sk);
          assert.equal(verifyEd25519(key, m, s), true);
          const bad = flipBit(s, bit % 64);
          assert.equal(verifyEd25519(key, m, bad), ed25519.verify(bad, m, key));
          assert.equal(verifyEd25519(key, m, bad), false);
        },
      ),
      FC,
    );
  });
});

describe('ed25519: verification is curve25519-voi VerifyOptionsDefault, as go-spacemesh (docs/protocol/primitives.md §2.1)', () => {
  const pk = publicKeyFromSeed(seed);
  const sig = signEd25519(seed, msg);
  const { scalar: a } = ed25519.utils.getExtendedPublicKey(seed);
  const identity = encodeY(1n);
  const zero32 = new Uint8Array(32);
  /** An order-8 point; its multiples are the whole torsion subgroup E[8]. */
  const T8 = Point.fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a');
  const torsion = Array.from({ length: 8 }, (_, i) => (i === 0 ? Point.ZERO : T8.multiplyUnsafe(BigInt(i))));

  it('returns false, without throwing, for wrong lengths and keys that are not curve points', () => {
    for (const verify of [verifyEd25519, verifyEd25519Cofactored]) {
      assert.equal(verify(pk.subarray(0, 31), msg, sig), false);
      assert.equal(verify(concatBytes(pk, Uint8Array.of(0)), msg, sig), false);
      assert.equal(verify(pk, msg, sig.subarray(0, 63)), false);
      assert.equal(verify(pk, msg, concatBytes(sig, Uint8Array.of(0))), false);
      assert.equal(verify(new Uint8Array(0), msg, new Uint8Array(0)), false);
      assert.equal(verify(encodeY(2n), msg, sig), false); // y = 2 has no x on the curve
    }
  });

  it('throws TypeError for a non-Uint8Array argument (a caller bug)', () => {
    assert.throws(() => verifyEd25519('00' as unknown as Uint8Array, msg, sig), TypeError);
    assert.throws(() => verifyEd25519Cofactored(pk, msg, [] as unknown as Uint8Array), TypeError);
  });

  it('rejects a non-canonical S (S + L), as voi, OpenSSL and noble do', () => {
    const s = bytesToBigintLE(sig.subarray(32));
    const malleated = concatBytes(sig.subarray(0, 32), bigintToBytesLE(s + L, 32));
    assert.equal(openssl(pk, msg, malleated), false);
    assert.equal(verifyEd25519(pk, msg, malleated), false);
    assert.equal(ed25519.verify(malleated, msg, pk), false);
  });

  it('rejects every small-order A, each with a signature OpenSSL accepts (the old behaviour accepted them)', () => {
    // A = T, R = identity, S = 0: OpenSSL checks ENC(-[k]T) == ENC(O), true once k is a multiple of T's order.
    for (const [i, T] of torsion.entries()) {
      const A = T.toBytes();
      let m = msg;
      for (let n = 0; !T.multiplyUnsafe(challenge(identity, A, m)).is0(); n++) m = utf8(`message ${n}`);
      const forged = concatBytes(identity, zero32);
      assert.equal(openssl(A, m, forged), true, `OpenSSL accepts small-order key ${i}`);
      assert.equal(verifyEd25519(A, m, forged), false, `small-order key ${i}`);
      assert.equal(verifyEd25519Cofactored(A, m, forged), false, `small-order key ${i}`);
    }
  });

  it('rejects non-canonical encodings of A (y >= p; x = 0 with the sign bit), which OpenSSL accepts', () => {
    // The non-canonical encodings one can sign for without a discrete logarithm are those of small-order points
    // (y = 0 or 1 written as y + p; x = 0 with the sign bit), so voi's small-order check, which runs first, rejects
    // them too; verifyEd25519's canonical check is what its step 1 tests first.
    const forged = concatBytes(identity, zero32);
    for (const A of [encodeY(1n + P), encodeY(P), encodeY(1n, 1), encodeY(P - 1n, 1)]) {
      const T = Point.fromBytes(A, true); // ZIP-215 decoding accepts non-canonical encodings, as OpenSSL does
      let m = msg;
      for (let n = 0; !T.multiplyUnsafe(challenge(identity, A, m)).is0(); n++) m = utf8(`message ${n}`);
      assert.equal(openssl(A, m, forged), true, bytesToHex(A));
      assert.equal(verifyEd25519(A, m, forged), false, bytesToHex(A));
      assert.equal(verifyEd25519Cofactored(A, m, forged), false, bytesToHex(A));
    }
  });

  it('rejects non-canonical encodings of R for a valid key, as OpenSSL does (noble ZIP-215 accepts)', () => {
    // R = the identity as y = p + 1 or with the sign bit, S = k*a: [S]B - [k]A = O = R as points.
    for (const rBytes of [encodeY(1n + P), encodeY(1n, 1)]) {
      const forged = concatBytes(rBytes, bigintToBytesLE(Fn.create(challenge(rBytes, pk, msg) * a), 32));
      assert.equal(ed25519.verify(forged, msg, pk, { zip215: true }), true, 'the equation holds');
      assert.equal(openssl(pk, msg, forged), false);
      assert.equal(verifyEd25519(pk, msg, forged), false);
    }
  });

  it('accepts a small-order R: R = identity as OpenSSL does, R of order 2, 4 or 8 where OpenSSL does not', () => {
    for (const [i, T] of torsion.entries()) {
      const rBytes = T.toBytes();
      const s = bigintToBytesLE(Fn.create(challenge(rBytes, pk, msg) * a), 32);
      const forged = concatBytes(rBytes, s);
      assert.equal(openssl(pk, msg, forged), i === 0, `OpenSSL, R = ${i}T8`);
      assert.equal(verifyEd25519(pk, msg, forged), true, `R = ${i}T8`);
    }
  });

  it('property: torsion in A or R (cofactored-only signatures) is accepted, as voi does; OpenSSL only when it cancels', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 100 }),
        fc.integer({ min: 0, max: 7 }),
        fc.integer({ min: 0, max: 7 }),
        fc.bigInt({ min: 1n, max: L - 1n }),
        (sk, m, tA, tR, r) => {
          const { scalar } = ed25519.utils.getExtendedPublicKey(sk);
          const A = Point.BASE.multiply(scalar).add(torsion[tA]!).toBytes();
          const R = Point.BASE.multiply(r).add(torsion[tR]!).toBytes();
          const k = challenge(R, A, m);
          const forged = concatBytes(R, bigintToBytesLE(Fn.create(r + k * scalar), 32));
          // [S]B - [k]A - R = -([k]T_A + T_R): small order always, zero only when the torsion cancels.
          const exact = torsion[tA]!.multiplyUnsafe(k).add(torsion[tR]!).is0();
          assert.equal(openssl(A, m, forged), exact);
          assert.equal(verifyEd25519(A, m, forged), true);
          assert.equal(verifyEd25519Cofactored(A, m, forged), true);
          assert.equal(ed25519.verify(forged, m, A, { zip215: false }), true);
          // One flipped bit anywhere: still the same verdict as the exact check (almost always false).
          const bad = flipBit(forged, Number(k % 512n) >> 3);
          assert.equal(verifyEd25519(A, m, bad), verifyEd25519Cofactored(A, m, bad));
        },
      ),
      { ...FC, numRuns: 60 },
    );
  });

  it('property: equals the exact check and noble strict mode on arbitrary keys and signatures', () => {
    // Mostly non-points and failing equations, with the edge encodings mixed in.
    const edgeKeys = [identity, encodeY(1n + P), encodeY(1n, 1), encodeY(P - 1n, 1), ...torsion.map((T) => T.toBytes()), pk];
    fc.assert(
      fc.property(
        fc.oneof(fc.constantFrom(...edgeKeys), fc.uint8Array({ minLength: 32, maxLength: 32 })),
        fc.oneof(fc.constantFrom(...edgeKeys), fc.uint8Array({ minLength: 32, maxLength: 32 })),
        fc.oneof(fc.constant(zero32), fc.uint8Array({ minLength: 32, maxLength: 32 })),
        (A, R, S) => {
          const signature = concatBytes(R, S);
          const expected = verifyEd25519Cofactored(A, msg, signature);
          assert.equal(verifyEd25519(A, msg, signature), expected);
          assert.equal(ed25519.verify(signature, msg, A, { zip215: false }), expected);
        },
      ),
      { ...FC, numRuns: 150 },
    );
  });
});

describe('signing domains', () => {
  it('has the go-spacemesh domain bytes', () => {
    assert.deepEqual(SigningDomain, {
      ATX: 0,
      PROPOSAL: 1,
      BALLOT: 2,
      HARE: 3,
      POET: 4,
      MARRIAGE: 5,
      BEACON_FIRST_MSG: 10,
      BEACON_FOLLOWUP_MSG: 11,
    });
  });

  it('signingBytes is genesisId || domain || msg', () => {
    const bytes = signingBytes(genesisId, SigningDomain.HARE, Uint8Array.of(0xaa, 0xbb));
    assert.equal(bytesToHex(bytes), `${bytesToHex(genesisId)}03aabb`);
  });

  it('rejects a wrong-length genesis id and unknown domains', () => {
    assert.throws(() => signingBytes(genesisId.subarray(1), SigningDomain.ATX, msg), RangeError);
    assert.throws(() => signingBytes(genesisId, 6 as SigningDomain, msg), RangeError);
    assert.throws(() => signingBytes(genesisId, '1' as unknown as SigningDomain, msg), TypeError);
  });
});

describe('EdSigner / EdVerifier', () => {
  const signer = new EdSigner(seed, genesisId);
  const verifier = new EdVerifier(genesisId);

  it('signs genesisId || domain || msg (checked with noble)', () => {
    for (const domain of Object.values(SigningDomain)) {
      const sig = signer.sign(domain, msg);
      assert.equal(ed25519.verify(sig, concatBytes(genesisId, Uint8Array.of(domain), msg), signer.publicKey), true);
      assert.equal(verifier.verify(domain, signer.publicKey, msg, sig), true);
    }
  });

  it('a signature does not verify in another domain, network or without the prefix', () => {
    const sig = signer.sign(SigningDomain.BALLOT, msg);
    assert.equal(verifier.verify(SigningDomain.PROPOSAL, signer.publicKey, msg, sig), false);
    assert.equal(new EdVerifier(new Uint8Array(20)).verify(SigningDomain.BALLOT, signer.publicKey, msg, sig), false);
    assert.equal(verifyEd25519(signer.publicKey, msg, sig), false);
    assert.equal(verifier.verifyTransaction(signer.publicKey, msg, sig), false);
  });

  it('signs transactions over genesisId || tx with no domain byte', () => {
    const tx = hexToBytes('0000000000451a6878c3f79c4e8d035da69585fd6c2a59471c4004');
    const sig = signer.signTransaction(tx);
    assert.equal(ed25519.verify(sig, concatBytes(genesisId, tx), signer.publicKey), true);
    assert.equal(verifier.verifyTransaction(signer.publicKey, tx, sig), true);
    assert.equal(verifier.verifyTransaction(signer.publicKey, flipBit(tx, 5), sig), false);
  });

  it('reproduces the wallet spend signature vector (docs/protocol/vectors.md §11)', () => {
    // docs/protocol/vectors.md §11 derived vector [computed]: wallet key above, nonce 1, gas price 1, and the mainnet
    // GenesisID = blake3("1689321600" || mainnet extra data)[0:20] (docs/protocol/time.md §2).
    const mainnet = new EdSigner(seed, hexToBytes('9eebff023abb17ccb775c602daade8ed708f0a50'));
    const body = hexToBytes(
      '0000000000451a6878c3f79c4e8d035da69585fd6c2a59471c400404000000002c3dcf45633d678c25c99b93984e6e441987091002286bee',
    );
    assert.equal(
      bytesToHex(mainnet.signTransaction(body)),
      'f57daa61a306704cf5be5ec03a659122e5f92853319c38f71a8b9cb12ab0dd2ad33f44c99ecea2982a559ead47a9c5dd20eb877e48848d25f71c6d5913d3950a',
    );
  });

  it('copies its inputs: changing the caller arrays later changes nothing', () => {
    const s = seed.slice();
    const g = genesisId.slice();
    const own = new EdSigner(s, g);
    s.fill(0);
    g.fill(0);
    assert.equal(verifier.verify(SigningDomain.ATX, own.publicKey, msg, own.sign(SigningDomain.ATX, msg)), true);
  });

  it('vrfProve uses the same key as the ECVRF module', () => {
    const alpha = utf8('alpha');
    assert.deepEqual(signer.vrfProve(alpha), vrfProve(seed, alpha));
    assert.deepEqual(signer.vrfProve(alpha), vrfProve(seed, alpha)); // second call: cached prover
  });

  it('never shows the seed in JSON, inspect output or own properties', () => {
    const seedHex = bytesToHex(seed);
    const shown = [JSON.stringify(signer), inspect(signer, { showHidden: true, depth: 10 }), format('%o %s %j', signer, signer, signer)];
    for (const text of shown) assert.ok(!text.includes(seedHex), text);
    assert.deepEqual(JSON.parse(JSON.stringify(signer)), { publicKey: bytesToHex(signer.publicKey) });
    assert.deepEqual(Object.keys(signer), ['publicKey']);
  });

  it('rejects bad constructor arguments', () => {
    assert.throws(() => new EdSigner(seed.subarray(1), genesisId), RangeError);
    assert.throws(() => new EdSigner(seed, genesisId.subarray(1)), RangeError);
    assert.throws(() => new EdVerifier(new Uint8Array(32)), RangeError);
    assert.throws(() => signer.sign(7 as SigningDomain, msg), RangeError);
  });
});
