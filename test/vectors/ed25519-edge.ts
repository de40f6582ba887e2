/**
 * Runner for test/vectors/ed25519-edge.json: each Ed25519 edge case gets curve25519-voi's default verdict (what
 * go-spacemesh decides) from verifyEd25519 (the OpenSSL fast path with its exact fallback) and from
 * verifyEd25519Cofactored (the exact check alone), with libsodium as the fast path where it is loaded and with
 * OpenSSL's (SMESHER_NATIVE_ED25519=0), while node:crypto by itself gives OpenSSL's verdict: the vectors
 * where the two differ are the reason the fast path is not OpenSSL alone. Test code.
 * @module
 */
import assert from 'node:assert/strict';
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { verifyEd25519, verifyEd25519Cofactored } from '../../core/crypto/ed25519.js';
import { hexToBytes } from '../../core/util/bytes.js';
import { defineRunner } from './harness.js';

interface Ed25519EdgeVector {
  readonly case: string;
  readonly message: string;
  readonly publicKey: string;
  readonly signature: string;
  /** curve25519-voi VerifyOptionsDefault's verdict. */
  readonly voi: boolean;
  /** OpenSSL's verdict (node:crypto verify). */
  readonly openssl: boolean;
  readonly why: string;
}

function opensslVerdict(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    const x = Buffer.from(publicKey).toString('base64url');
    return nodeVerify(null, message, createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x }, format: 'jwk' }), signature);
  } catch {
    return false;
  }
}

/** Runs `fn` with the libsodium fast path switched off (core/crypto/sodium.ts reads the variable on each call). */
function withoutSodium<T>(fn: () => T): T {
  const before = process.env.SMESHER_NATIVE_ED25519;
  process.env.SMESHER_NATIVE_ED25519 = '0';
  try {
    return fn();
  } finally {
    if (before === undefined) delete process.env.SMESHER_NATIVE_ED25519;
    else process.env.SMESHER_NATIVE_ED25519 = before;
  }
}

export default defineRunner<Ed25519EdgeVector>({
  name: (v) => `${v.case}: voi ${v.voi ? 'accepts' : 'rejects'}, OpenSSL ${v.openssl ? 'accepts' : 'rejects'}`,
  check(v) {
    const message = hexToBytes(v.message, undefined, 'message');
    const publicKey = hexToBytes(v.publicKey, 32, 'publicKey');
    const signature = hexToBytes(v.signature, 64, 'signature');
    assert.equal(verifyEd25519(publicKey, message, signature), v.voi, `verifyEd25519 (${v.why})`);
    assert.equal(withoutSodium(() => verifyEd25519(publicKey, message, signature)), v.voi, `verifyEd25519 on OpenSSL (${v.why})`);
    assert.equal(verifyEd25519Cofactored(publicKey, message, signature), v.voi, `verifyEd25519Cofactored (${v.why})`);
    // OpenSSL's own verdict, pinned so that a change in Node's OpenSSL shows here by name, not only as a changed
    // verifyEd25519 result.
    assert.equal(opensslVerdict(publicKey, message, signature), v.openssl, `node:crypto verify (${v.why})`);
  },
});
