/**
 * Malfeasance proofs in go-spacemesh's v1 wire format (`malfeasance/wire/malfeasance.go` and its generated
 * `malfeasance_scale.go` at cc65f271f3e2): what is stored in state.sql `malfeasance.proof`, served for the fetch hint
 * `malfeasance`, and gossiped (inside {@link MalfeasanceGossip}) on `mp1`.
 *
 * ```
 * MalfeasanceProof  { Layer compact32, Proof }
 * Proof             { Type u8 (a full byte: scale enums are not compact), Data (by Type) }
 *   1 MultipleATXs      AtxProof     { Messages [2]AtxProofMsg }      (a fixed array: no length prefix)
 *   2 MultipleBallots   BallotProof  { Messages [2]BallotProofMsg }
 *   3 HareEquivocation  HareProof    { Messages [2]HareProofMsg }
 *   4 InvalidPostIndex  { Atx ActivationTxV1, InvalidIdx compact32 }
 *   5 InvalidPrevATX    { Atx1 ActivationTxV1, Atx2 ActivationTxV1 }
 * *ProofMsg         { InnerMsg (metadata), SmesherID [32], Signature [64] }
 *   ATXMetadata     { PublishEpoch compact32, MsgHash [32] }           signed with domain ATX
 *   BallotMetadata  { Layer compact32, MsgHash [32] }                  signed with domain BALLOT
 *   HareMetadata    { Layer compact32, Round compact32, MsgHash [32] } signed with domain HARE
 * MalfeasanceGossip { MalfeasanceProof, Eligibility option<HareEligibilityGossip> } (deprecated field, kept null)
 * ```
 * Each signature covers exactly the SCALE bytes of its metadata (after the GenesisID and domain prefix), and this
 * node's own messages sign exactly those bytes (activation `atxSignedBytesV1`, proposals `ballotSignedBytes`, hare
 * `hareSignedBytes`), so a proof carries only metadata and signature, as go's does. Pure.
 * @module
 */
import { ActivationTxV1 } from '../activation/wire.js';
import { type Codec, type Infer, compact16, compact32, decode, encode, fixedBytes, option, struct } from '../codec/index.js';

/** go's proof types; the values are wire format. */
export const MalfeasanceKind = {
  MULTIPLE_ATXS: 1,
  MULTIPLE_BALLOTS: 2,
  HARE_EQUIVOCATION: 3,
  INVALID_POST_INDEX: 4,
  INVALID_PREV_ATX: 5,
} as const;
export type MalfeasanceKind = (typeof MalfeasanceKind)[keyof typeof MalfeasanceKind];

/** The kind in words (go's `MarshalLogObject` names), for logs and the API. */
export function malfeasanceKindName(kind: number): string {
  switch (kind) {
    case MalfeasanceKind.MULTIPLE_ATXS:
      return 'multiple atxs';
    case MalfeasanceKind.MULTIPLE_BALLOTS:
      return 'multiple ballots';
    case MalfeasanceKind.HARE_EQUIVOCATION:
      return 'hare equivocation';
    case MalfeasanceKind.INVALID_POST_INDEX:
      return 'invalid post index';
    case MalfeasanceKind.INVALID_PREV_ATX:
      return 'invalid prev atx';
    default:
      return 'unknown';
  }
}

const hash32 = fixedBytes(32);

export const AtxMetadata = struct('ATXMetadata', { publishEpoch: compact32, msgHash: hash32 });
export type AtxMetadata = Infer<typeof AtxMetadata>;
export const BallotMetadata = struct('BallotMetadata', { layer: compact32, msgHash: hash32 });
export type BallotMetadata = Infer<typeof BallotMetadata>;
export const HareMetadata = struct('HareMetadata', { layer: compact32, round: compact32, msgHash: hash32 });
export type HareMetadata = Infer<typeof HareMetadata>;

function proofMsg<T>(name: string, inner: Codec<T>): Codec<{ innerMsg: T; smesherId: Uint8Array; signature: Uint8Array }> {
  return struct(name, { innerMsg: inner, smesherId: hash32, signature: fixedBytes(64) });
}

export const AtxProofMsg = proofMsg('AtxProofMsg', AtxMetadata);
export type AtxProofMsg = Infer<typeof AtxProofMsg>;
export const BallotProofMsg = proofMsg('BallotProofMsg', BallotMetadata);
export type BallotProofMsg = Infer<typeof BallotProofMsg>;
export const HareProofMsg = proofMsg('HareProofMsg', HareMetadata);
export type HareProofMsg = Infer<typeof HareProofMsg>;

/** go `[2]T` of structs: the two values back to back, no length prefix. */
function pair<T>(item: Codec<T>): Codec<readonly [T, T]> {
  return {
    name: `[2]${item.name}`,
    write(writer, value, path) {
      if (!Array.isArray(value) || value.length !== 2) throw new TypeError(`${path}: expected two messages`);
      item.write(writer, value[0], `${path}[0]`);
      item.write(writer, value[1], `${path}[1]`);
    },
    read(reader) {
      const first = reader.within('0', () => item.read(reader));
      const second = reader.within('1', () => item.read(reader));
      return [first, second] as const;
    },
  };
}

export const InvalidPostIndexProof = struct('InvalidPostIndexProof', { atx: ActivationTxV1, invalidIdx: compact32 });
export type InvalidPostIndexProof = Infer<typeof InvalidPostIndexProof>;
export const InvalidPrevAtxProof = struct('InvalidPrevATXProof', { atx1: ActivationTxV1, atx2: ActivationTxV1 });
export type InvalidPrevAtxProof = Infer<typeof InvalidPrevAtxProof>;

/** go `Proof{Type, Data}` as a tagged union. */
export type Proof =
  | { readonly type: typeof MalfeasanceKind.MULTIPLE_ATXS; readonly messages: readonly [AtxProofMsg, AtxProofMsg] }
  | { readonly type: typeof MalfeasanceKind.MULTIPLE_BALLOTS; readonly messages: readonly [BallotProofMsg, BallotProofMsg] }
  | { readonly type: typeof MalfeasanceKind.HARE_EQUIVOCATION; readonly messages: readonly [HareProofMsg, HareProofMsg] }
  | { readonly type: typeof MalfeasanceKind.INVALID_POST_INDEX; readonly data: InvalidPostIndexProof }
  | { readonly type: typeof MalfeasanceKind.INVALID_PREV_ATX; readonly data: InvalidPrevAtxProof };

const atxPair = pair(AtxProofMsg);
const ballotPair = pair(BallotProofMsg);
const harePair = pair(HareProofMsg);

export const ProofCodec: Codec<Proof> = {
  name: 'Proof',
  write(writer, value, path) {
    writer.byte(value.type);
    switch (value.type) {
      case MalfeasanceKind.MULTIPLE_ATXS:
        return atxPair.write(writer, value.messages, `${path}.messages`);
      case MalfeasanceKind.MULTIPLE_BALLOTS:
        return ballotPair.write(writer, value.messages, `${path}.messages`);
      case MalfeasanceKind.HARE_EQUIVOCATION:
        return harePair.write(writer, value.messages, `${path}.messages`);
      case MalfeasanceKind.INVALID_POST_INDEX:
        return InvalidPostIndexProof.write(writer, value.data, `${path}.data`);
      case MalfeasanceKind.INVALID_PREV_ATX:
        return InvalidPrevAtxProof.write(writer, value.data, `${path}.data`);
      default:
        throw new RangeError(`${path}.type: unknown malfeasance proof type ${String((value as { type: unknown }).type)}`);
    }
  },
  read(reader) {
    const start = reader.position;
    const type = reader.within('type', () => reader.byte());
    switch (type) {
      case MalfeasanceKind.MULTIPLE_ATXS:
        return { type, messages: reader.within('messages', () => atxPair.read(reader)) };
      case MalfeasanceKind.MULTIPLE_BALLOTS:
        return { type, messages: reader.within('messages', () => ballotPair.read(reader)) };
      case MalfeasanceKind.HARE_EQUIVOCATION:
        return { type, messages: reader.within('messages', () => harePair.read(reader)) };
      case MalfeasanceKind.INVALID_POST_INDEX:
        return { type, data: reader.within('data', () => InvalidPostIndexProof.read(reader)) };
      case MalfeasanceKind.INVALID_PREV_ATX:
        return { type, data: reader.within('data', () => InvalidPrevAtxProof.read(reader)) };
      default:
        return reader.fail('INVALID_VALUE', `unknown malfeasance proof type ${type}`, start);
    }
  },
};

export const MalfeasanceProof = struct('MalfeasanceProof', { layer: compact32, proof: ProofCodec });
export type MalfeasanceProof = Infer<typeof MalfeasanceProof>;

/** go `types.HareEligibilityGossip` (deprecated in the gossip wrapper; decoded, never used). */
export const HareEligibilityGossip = struct('HareEligibilityGossip', {
  layer: compact32,
  round: compact32,
  nodeId: hash32,
  eligibility: struct('HareEligibility', { proof: fixedBytes(80), count: compact16 }),
});

/** What `mp1` carries: the proof and go's deprecated hare eligibility (null from this node). */
export const MalfeasanceGossip = struct('MalfeasanceGossip', { proof: MalfeasanceProof, eligibility: option(HareEligibilityGossip) });
export type MalfeasanceGossip = Infer<typeof MalfeasanceGossip>;

/** @throws {ScaleError} for bytes that are not exactly one proof */
export function decodeMalfeasanceProof(bytes: Uint8Array): MalfeasanceProof {
  return decode(MalfeasanceProof, bytes);
}

export function encodeMalfeasanceProof(proof: MalfeasanceProof): Uint8Array {
  return encode(MalfeasanceProof, proof);
}

/** @throws {ScaleError} for bytes that are not exactly one gossip message */
export function decodeMalfeasanceGossip(bytes: Uint8Array): MalfeasanceGossip {
  return decode(MalfeasanceGossip, bytes);
}

/** The gossip message for `proof` (no eligibility, as go's hare3 sends it). */
export function encodeMalfeasanceGossip(proof: MalfeasanceProof): Uint8Array {
  return encode(MalfeasanceGossip, { proof, eligibility: null });
}

/**
 * The identity a proof names: for kinds 1–3 the first message's signer, for 4 and 5 the ATX's (go names the first
 * message's SmesherID; validation checks that the second is the same).
 */
export function proofSmesherId(proof: Proof): Uint8Array {
  switch (proof.type) {
    case MalfeasanceKind.INVALID_POST_INDEX:
      return proof.data.atx.smesherId;
    case MalfeasanceKind.INVALID_PREV_ATX:
      return proof.data.atx1.smesherId;
    default:
      return proof.messages[0].smesherId;
  }
}
