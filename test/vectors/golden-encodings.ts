/**
 * Runner for golden-encodings.json: bytes produced by go-spacemesh's own generated SCALE encoders (ATX v1, ballot,
 * proposal, block, hare3 message, beacon messages; docs/protocol/vectors.md §12). Each vector's bytes are decoded
 * with our codec and compared field by field with the values go encoded, our encoder must give the same bytes back
 * (from the decoded value and from the listed values), and the ids and signed bytes go computed must match ours.
 * @module
 */
import assert from 'node:assert/strict';
import { ActivationTxV1, atxIdV1, atxSignedBytesV1, challengeHashV1 } from '../../core/activation/wire.js';
import {
  FirstVotingMessage,
  FollowingVotingMessage,
  ProposalMessage,
  WeakCoinMessage,
  decodeFirstVotingMessage,
  decodeFollowingVotingMessage,
  decodeProposalMessage,
  decodeWeakCoinMessage,
  firstVotingSignedBytes,
  followingVotingSignedBytes,
  proposalVrfMessage,
  weakCoinVrfMessage,
} from '../../core/beacon/wire.js';
import { Certificate, CertifyMessage, certifySignedBytes, decodeCertificate, decodeCertifyMessage } from '../../core/blocks/certificate.js';
import { InnerBlock, blockId, decodeBlock } from '../../core/blocks/wire.js';
import { type Codec, decode, encode } from '../../core/codec/index.js';
import { HareMessage, bodyHash, decodeHareMessage, hareSignedBytes } from '../../core/hare/wire.js';
import { Ballot, Proposal, ballotId, ballotSignedBytes, decodeProposal, proposalId, proposalSignedBytes } from '../../core/proposals/wire.js';
import { bytesToHex, hexToBytes } from '../../core/util/bytes.js';
import { defineRunner } from './harness.js';

type Json = null | number | string | Json[] | { [key: string]: Json };

interface GoldenVector {
  kind: string;
  name: string;
  goType: string;
  goSource: string;
  fields: { [key: string]: Json };
  bytes: string;
  ids?: Record<string, string>;
}

/** Fields that are u64 in go (decimal strings in the file, bigint in our codecs); other strings are hex bytes. */
const U64 = new Set(['sequence', 'pow', 'leafIndex', 'labelsPerUnit', 'vrfNonce', 'tickHeight', 'height', 'num', 'denom', 'nonce']);

/** Our value in the file's notation: bytes as hex, bigint as a decimal string, absent options as null. */
function toJson(value: unknown): Json {
  if (value === null) return null;
  if (value instanceof Uint8Array) return bytesToHex(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return value;
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  throw new TypeError(`unexpected ${typeof value}`);
}

/** The file's values as our codecs take them. */
function fromJson(value: Json, key = ''): unknown {
  if (value === null || typeof value === 'number') return value;
  if (typeof value === 'string') return U64.has(key) ? BigInt(value) : hexToBytes(value);
  if (Array.isArray(value)) return value.map((v) => fromJson(v, key));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fromJson(v, k)]));
}

interface Kind {
  codec: Codec<unknown>;
  decode: (bytes: Uint8Array) => unknown;
  ids?: (value: never) => Record<string, Uint8Array>;
}

const KINDS: Record<string, Kind> = {
  atxV1: {
    codec: ActivationTxV1,
    decode: (b) => decode(ActivationTxV1, b),
    ids: (atx: ActivationTxV1) => ({
      atxId: atxIdV1(atx.inner),
      signedBytes: atxSignedBytesV1(atx.inner),
      challengeHash: challengeHashV1(atx.inner.challenge),
    }),
  },
  ballot: {
    codec: Ballot,
    decode: (b) => decode(Ballot, b),
    ids: (ballot: Ballot) => ({ ballotId: ballotId(ballot.inner), signedBytes: ballotSignedBytes(ballot.inner) }),
  },
  proposal: {
    codec: Proposal,
    decode: decodeProposal,
    ids: (p: Proposal) => ({
      proposalId: proposalId(p.inner),
      signedBytes: proposalSignedBytes(p.inner),
      ballotBallotId: ballotId(p.inner.ballot.inner),
      ballotSignedBytes: ballotSignedBytes(p.inner.ballot.inner),
    }),
  },
  block: { codec: InnerBlock, decode: decodeBlock, ids: (b: InnerBlock) => ({ blockId: blockId(b) }) },
  hareMessage: {
    codec: HareMessage,
    decode: decodeHareMessage,
    ids: (m: HareMessage) => ({ bodyHash: bodyHash(m.body), signedBytes: hareSignedBytes(m.body) }),
  },
  beaconProposal: { codec: ProposalMessage, decode: decodeProposalMessage },
  beaconFirstVoting: {
    codec: FirstVotingMessage,
    decode: decodeFirstVotingMessage,
    ids: (m: FirstVotingMessage) => ({ signedBytes: firstVotingSignedBytes(m.body) }),
  },
  beaconFollowingVoting: {
    codec: FollowingVotingMessage,
    decode: decodeFollowingVotingMessage,
    ids: (m: FollowingVotingMessage) => ({ signedBytes: followingVotingSignedBytes(m.body) }),
  },
  beaconWeakCoin: { codec: WeakCoinMessage, decode: decodeWeakCoinMessage },
  certifyMessage: {
    codec: CertifyMessage,
    decode: decodeCertifyMessage,
    ids: (m: CertifyMessage) => ({ signedBytes: certifySignedBytes(m.content) }),
  },
  certificate: { codec: Certificate, decode: decodeCertificate },
};

/** The two VRF inputs have no exported codec, only the functions that build them from their variable fields. */
function checkVrfInput(v: GoldenVector): void {
  const f = v.fields as Record<string, number | string>;
  if (v.kind === 'beaconProposalVrf') {
    assert.equal(f.type, 1, 'go types.EligibilityBeacon');
    assert.equal(bytesToHex(proposalVrfMessage(f.epoch as number, BigInt(f.nonce!))), v.bytes);
  } else {
    assert.equal(f.type, 4, 'go types.EligibilityBeaconWC');
    assert.equal(bytesToHex(weakCoinVrfMessage(f.epoch as number, BigInt(f.nonce!), f.round as number, f.unit as number)), v.bytes);
  }
}

export default defineRunner<GoldenVector>({
  name: (v, i) => `${i}: ${v.goType}: ${v.name}`,
  check(v) {
    if (v.kind === 'beaconProposalVrf' || v.kind === 'beaconWeakCoinVrf') return checkVrfInput(v);
    const kind = KINDS[v.kind];
    assert.ok(kind, `unknown kind ${v.kind}`);
    const bytes = hexToBytes(v.bytes);
    const decoded = kind.decode(bytes);
    assert.deepEqual(toJson(decoded), v.fields, `${v.goType}: decoded fields differ from go's`);
    assert.equal(bytesToHex(encode(kind.codec, decoded)), v.bytes, `${v.goType}: re-encoding differs`);
    const fromFields = fromJson(v.fields);
    assert.equal(bytesToHex(encode(kind.codec, fromFields)), v.bytes, `${v.goType}: encoding of go's values differs`);
    if (v.ids) {
      assert.ok(kind.ids, `${v.kind} has ids but no id rule here`);
      const ours = (kind.ids as (value: unknown) => Record<string, Uint8Array>)(decoded);
      assert.deepEqual(Object.keys(ours).sort(), Object.keys(v.ids).sort());
      for (const [name, want] of Object.entries(v.ids)) assert.equal(bytesToHex(ours[name]!), want, `${v.goType}: ${name}`);
    }
  },
});
