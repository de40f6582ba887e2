/**
 * Runner for test/vectors/ecvrf.json: each RFC 9381 ECVRF example checked through key derivation, prove, verify
 * and proof_to_hash. Test code.
 * @module
 */
import assert from 'node:assert/strict';
import { publicKeyFromSeed } from '../../core/crypto/ed25519.js';
import { vrfProofToHash, vrfProve, vrfVerify } from '../../core/crypto/ecvrf.js';
import { bytesToHex, hexToBytes } from '../../core/util/bytes.js';
import { defineRunner } from './harness.js';

interface EcvrfVector {
  readonly sk: string;
  readonly pk: string;
  readonly alpha: string;
  readonly pi: string;
  readonly beta: string;
}

export default defineRunner<EcvrfVector>({
  name: (v) => `sk ${v.sk.slice(0, 8)}… alpha "${v.alpha}"`,
  check(v) {
    const sk = hexToBytes(v.sk, 32, 'sk');
    const pk = hexToBytes(v.pk, 32, 'pk');
    const alpha = hexToBytes(v.alpha, undefined, 'alpha');
    const pi = hexToBytes(v.pi, 80, 'pi');
    assert.equal(bytesToHex(publicKeyFromSeed(sk)), v.pk, 'public key');
    assert.equal(bytesToHex(vrfProve(sk, alpha)), v.pi, 'prove');
    const beta = vrfVerify(pk, alpha, pi);
    assert.ok(beta !== null, 'verify rejected the vector proof');
    assert.equal(bytesToHex(beta), v.beta, 'verify output');
    assert.equal(bytesToHex(vrfProofToHash(pi)), v.beta, 'proof_to_hash');
  },
});
