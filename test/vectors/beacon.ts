/**
 * Runner for beacon.json: the proposal eligibility threshold (exact integer and fraction), the beacon hash over
 * sorted proposals, the following-vote bit vector, and the SCALE layouts of the beacon messages.
 * @module
 */
import assert from 'node:assert/strict';
import { blake3 } from '../../core/crypto/hash.js';
import { beaconFromProposals, decodeVoteBits, encodeVoteBits, proposalKey } from '../../core/beacon/logic.js';
import { atxThreshold, atxThresholdFraction, binFloatToNumber } from '../../core/beacon/threshold.js';
import {
  encodeProposalMessage,
  encodeWeakCoinMessage,
  firstVotingSignedBytes,
  followingVotingSignedBytes,
  proposalVrfMessage,
  weakCoinVrfMessage,
} from '../../core/beacon/wire.js';
import { bytesToHex, hexToBytes } from '../../core/util/bytes.js';
import { defineRunner } from './harness.js';

const Q = { num: 1, den: 3 };
const KAPPA = 40;

type F = Record<string, string | number | string[]>;
type BeaconVector =
  | { kind: 'threshold'; numAtxs: number; threshold: string }
  | { kind: 'fraction'; numAtxs: number; fraction: string }
  | { kind: 'proposalHash'; proposals: string[]; hash: string }
  | { kind: 'voteBits'; firstRound: string[]; support: number[]; bits: string }
  | { kind: 'encoding'; message: string; fields: F; bytes: string };

function encodeFields(message: string, f: F): Uint8Array {
  const hex = (k: string): Uint8Array => hexToBytes(f[k]);
  const num = (k: string): number => f[k] as number;
  switch (message) {
    case 'proposalVrf':
      return proposalVrfMessage(num('epoch'), BigInt(f.nonce as string));
    case 'weakCoinVrf':
      return weakCoinVrfMessage(num('epoch'), BigInt(f.nonce as string), num('round'), num('unit'));
    case 'proposal':
      return encodeProposalMessage({ epoch: num('epoch'), nodeId: hex('nodeId'), vrfSignature: hex('vrfSignature') });
    case 'firstVotingBody':
      return firstVotingSignedBytes({ epoch: num('epoch'), valid: (f.valid as string[]).map((p) => hexToBytes(p)), potentiallyValid: (f.potentiallyValid as string[]).map((p) => hexToBytes(p)) });
    case 'followingVotingBody':
      return followingVotingSignedBytes({ epoch: num('epoch'), round: num('round'), votes: hex('votes') });
    case 'weakCoin':
      return encodeWeakCoinMessage({ epoch: num('epoch'), round: num('round'), unit: num('unit'), nodeId: hex('nodeId'), vrfSignature: hex('vrfSignature') });
    default:
      throw new Error(`unknown message ${message}`);
  }
}

export default defineRunner<BeaconVector>({
  name: (v, i) => `${i}: ${v.kind}${'numAtxs' in v ? ` n=${v.numAtxs}` : ''}${'message' in v ? ` ${v.message}` : ''}`,
  check(v) {
    switch (v.kind) {
      case 'threshold':
        assert.equal(atxThreshold(KAPPA, Q, v.numAtxs).toString(), v.threshold);
        break;
      case 'fraction':
        // go prints the 64-bit float with 10 significant digits (big.Float.String).
        assert.equal(Number(binFloatToNumber(atxThresholdFraction(KAPPA, Q, v.numAtxs)).toPrecision(10)), Number(v.fraction));
        break;
      case 'proposalHash': {
        const sorted = [...v.proposals].sort();
        assert.equal(bytesToHex(blake3(...sorted.map((p) => hexToBytes(p)))), v.hash);
        assert.equal(bytesToHex(beaconFromProposals(v.proposals)), v.hash.slice(0, 8));
        break;
      }
      case 'voteBits': {
        const first = v.firstRound.map((p) => hexToBytes(p));
        const support = new Set(v.support.map((i) => proposalKey(first[i]!)));
        const against = new Set(first.map(proposalKey).filter((k) => !support.has(k)));
        assert.equal(bytesToHex(encodeVoteBits({ support, against }, first)), v.bits);
        const decoded = decodeVoteBits(hexToBytes(v.bits), first);
        assert.deepEqual([...decoded.support].sort(), [...support].sort());
        assert.deepEqual([...decoded.against].sort(), [...against].sort());
        break;
      }
      case 'encoding':
        assert.equal(bytesToHex(encodeFields(v.message, v.fields)), v.bytes);
        break;
    }
  },
});
