/**
 * Runner for vrf-eligibility.json: message encoding, ECVRF proof (prove and verify) and the selected layer or
 * committee fraction.
 * @module
 */
import assert from 'node:assert/strict';
import { vrfProve, vrfVerify } from '../../core/crypto/ecvrf.js';
import { publicKeyFromSeed } from '../../core/crypto/ed25519.js';
import { vrfFraction } from '../../core/hare/vrfFraction.js';
import { eligibilityLayer } from '../../core/proposals/eligibilityLayer.js';
import { ballotVrfMessage, hareVrfMessage } from '../../core/types/vrfMessages.js';
import { bytesToHex, hexToBytes } from '../../core/util/bytes.js';
import { defineRunner } from './harness.js';

interface Common {
  seed: string;
  publicKey: string;
  beacon: string;
  message: string;
  proof?: string;
  proofPrefix?: string;
}
type VrfVector =
  | (Common & { kind: 'ballot'; epoch: number; vrfNonce: string; counter: number; layersPerEpoch: number; layer: number })
  | (Common & { kind: 'hare'; round: number; layer: number; fractionPrefix: string });

export default defineRunner<VrfVector>({
  name: (v) => (v.kind === 'ballot' ? `ballot j=${v.counter} → layer ${v.layer}` : `hare round ${v.round} layer ${v.layer}`),
  check(v) {
    const seed = hexToBytes(v.seed);
    assert.equal(bytesToHex(publicKeyFromSeed(seed)), v.publicKey);
    const message =
      v.kind === 'ballot'
        ? ballotVrfMessage(hexToBytes(v.beacon), v.epoch, BigInt(v.vrfNonce), v.counter)
        : hareVrfMessage(hexToBytes(v.beacon), v.round, v.layer);
    assert.equal(bytesToHex(message), v.message);
    const proof = vrfProve(seed, message);
    if (v.proof !== undefined) assert.equal(bytesToHex(proof), v.proof);
    if (v.proofPrefix !== undefined) assert.ok(bytesToHex(proof).startsWith(v.proofPrefix), 'proof prefix');
    assert.ok(v.proof !== undefined || v.proofPrefix !== undefined, 'vector pins no proof');
    assert.notEqual(vrfVerify(hexToBytes(v.publicKey), message, proof), null);
    if (v.kind === 'ballot') {
      assert.equal(eligibilityLayer(proof, v.epoch, v.layersPerEpoch), v.layer);
    } else {
      assert.ok(vrfFraction(proof).toFixed(12).startsWith(v.fractionPrefix), `fraction ${vrfFraction(proof)}`);
    }
  },
});
