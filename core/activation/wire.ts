/**
 * ATX v1 wire format (docs/protocol/activation.md §1; go-spacemesh `activation/wire/wire_v1.go`, `challenge_v1.go`):
 * codecs, the ATX id, the signed bytes and the NIPoST challenge hash. Pure.
 * @module
 */
import { type Infer, byteSlice, compact32, compact64, encode, fixedBytes, option, struct, vec } from '../codec/index.js';
import { blake3 } from '../crypto/hash.js';

const hash32 = fixedBytes(32);

/** A PoST proof: nonce, K2 bit-packed label indices, k2pow. */
export const PostV1 = struct('PostV1', {
  nonce: compact32,
  indices: byteSlice(800),
  pow: compact64,
});
export type PostV1 = Infer<typeof PostV1>;

/** The PoET round's Merkle path from this challenge's leaf to the statement root. */
export const MerkleProofV1 = struct('MerkleProofV1', {
  nodes: vec(hash32, 32),
  leafIndex: compact64,
});
export type MerkleProofV1 = Infer<typeof MerkleProofV1>;

export const PostMetadataV1 = struct('PostMetadataV1', {
  /** The PoST challenge: the PoET proof ref (32 bytes). */
  challenge: byteSlice(32),
  labelsPerUnit: compact64,
});
export type PostMetadataV1 = Infer<typeof PostMetadataV1>;

export const NIPostV1 = struct('NIPostV1', {
  membership: MerkleProofV1,
  post: option(PostV1),
  postMetadata: option(PostMetadataV1),
});
export type NIPostV1 = Infer<typeof NIPostV1>;

/** What the identity registers at the PoET (hashed): it chains this ATX to the previous and positioning ATXs. */
export const NIPostChallengeV1 = struct('NIPostChallengeV1', {
  publishEpoch: compact32,
  sequence: compact64,
  prevAtxId: hash32,
  positioningAtxId: hash32,
  /** Only in the initial ATX. */
  commitmentAtxId: option(hash32),
  /** Only in the initial ATX: the PoST over the zero challenge. */
  initialPost: option(PostV1),
});
export type NIPostChallengeV1 = Infer<typeof NIPostChallengeV1>;

export const InnerActivationTxV1 = struct('InnerActivationTxV1', {
  challenge: NIPostChallengeV1,
  coinbase: fixedBytes(24),
  numUnits: compact32,
  nipost: option(NIPostV1),
  /** Only in the initial ATX, to make its id unique. */
  nodeId: option(hash32),
  /** In the initial ATX, or when the nonce changed. */
  vrfNonce: option(compact64),
});
export type InnerActivationTxV1 = Infer<typeof InnerActivationTxV1>;

export const ActivationTxV1 = struct('ActivationTxV1', {
  inner: InnerActivationTxV1,
  smesherId: hash32,
  signature: fixedBytes(64),
});
export type ActivationTxV1 = Infer<typeof ActivationTxV1>;

/** What the smesher signs (domain ATX): the publish epoch and the ATX id. */
export const AtxMetadataV1 = struct('ATXMetadataV1', {
  publish: compact32,
  msgHash: hash32,
});

/** ATX id (v1) = blake3(scale(InnerActivationTxV1)). */
export function atxIdV1(inner: InnerActivationTxV1): Uint8Array {
  return blake3(encode(InnerActivationTxV1, inner));
}

/** The bytes signed with domain ATX: scale(ATXMetadataV1{publish epoch, ATX id}). */
export function atxSignedBytesV1(inner: InnerActivationTxV1): Uint8Array {
  return atxSignedBytesForId(inner.challenge.publishEpoch, atxIdV1(inner));
}

/**
 * {@link atxSignedBytesV1} from an id already computed with {@link atxIdV1}, so the handler encodes and hashes the
 * inner ATX once rather than three times (docs/performance.md §5).
 */
export function atxSignedBytesForId(publishEpoch: number, id: Uint8Array): Uint8Array {
  return encode(AtxMetadataV1, { publish: publishEpoch, msgHash: id });
}

/** The 32-byte PoET challenge: blake3(0x00 || scale(challenge)); 0x00 is the Merkle leaf domain. */
export function challengeHashV1(challenge: NIPostChallengeV1): Uint8Array {
  return blake3(Uint8Array.of(0x00), encode(NIPostChallengeV1, challenge));
}

/** The all-zero 32-byte id: "no previous ATX" and the initial PoST challenge. */
export const EMPTY_ID = new Uint8Array(32);
