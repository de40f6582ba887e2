/**
 * Building go-format malfeasance proofs (core/malfeasance/wire.ts) from two conflicting signed messages this node
 * has seen: two ATXs for one publish epoch (kind 1), two ballots for one layer (kind 2), two hare messages for one
 * round (kind 3); and from one ATX whose PoST fails at an index (kind 4) or two ATXs on one previous ATX (kind 5),
 * which carry the whole ATXs. Each message's metadata is decoded from the very bytes its signature covers, so a proof built
 * here verifies exactly when the messages did. The first message is the one known before, as go orders them. Pure.
 * @module
 */
import { type ActivationTxV1, atxSignedBytesV1 } from '../activation/wire.js';
import { decode } from '../codec/index.js';
import { type HareMessage, hareSignedBytes } from '../hare/wire.js';
import { type Ballot, ballotSignedBytes } from '../proposals/wire.js';
import { type AtxProofMsg, AtxMetadata, type BallotProofMsg, BallotMetadata, type HareProofMsg, HareMetadata, MalfeasanceKind, type MalfeasanceProof } from './wire.js';

function atxMsg(atx: ActivationTxV1): AtxProofMsg {
  return { innerMsg: decode(AtxMetadata, atxSignedBytesV1(atx.inner)), smesherId: atx.smesherId, signature: atx.signature };
}

function ballotMsg(ballot: Ballot): BallotProofMsg {
  return { innerMsg: decode(BallotMetadata, ballotSignedBytes(ballot.inner)), smesherId: ballot.smesherId, signature: ballot.signature };
}

function hareMsg(message: HareMessage): HareProofMsg {
  return { innerMsg: decode(HareMetadata, hareSignedBytes(message.body)), smesherId: message.sender, signature: message.signature };
}

/** Kind 1; `Layer` is the publish epoch's first layer, as go's ATX handler sets it. */
export function multipleAtxsProof(first: ActivationTxV1, second: ActivationTxV1, layersPerEpoch: number): MalfeasanceProof {
  return {
    layer: second.inner.challenge.publishEpoch * layersPerEpoch,
    proof: { type: MalfeasanceKind.MULTIPLE_ATXS, messages: [atxMsg(first), atxMsg(second)] },
  };
}

/** Kind 2; `Layer` is the ballots' layer. */
export function multipleBallotsProof(first: Ballot, second: Ballot): MalfeasanceProof {
  return { layer: second.inner.layer, proof: { type: MalfeasanceKind.MULTIPLE_BALLOTS, messages: [ballotMsg(first), ballotMsg(second)] } };
}

/** Kind 3 (go `HareProof.ToMalfeasanceProof`): `Layer` is the first message's layer. */
export function hareEquivocationProof(first: HareMessage, second: HareMessage): MalfeasanceProof {
  return { layer: first.body.layer, proof: { type: MalfeasanceKind.HARE_EQUIVOCATION, messages: [hareMsg(first), hareMsg(second)] } };
}

/** Kind 4 (go `handler_v1.go`): the ATX and the failing position among its PoST indices; `Layer` is the publish epoch's first layer. */
export function invalidPostIndexProof(atx: ActivationTxV1, position: number, layersPerEpoch: number): MalfeasanceProof {
  return {
    layer: atx.inner.challenge.publishEpoch * layersPerEpoch,
    proof: { type: MalfeasanceKind.INVALID_POST_INDEX, data: { atx, invalidIdx: position } },
  };
}

/** Kind 5 (go `checkWrongPrevAtx`): `atx1` is the ATX just received, `atx2` the stored one on the same previous ATX. */
export function invalidPrevAtxProof(atx1: ActivationTxV1, atx2: ActivationTxV1, layersPerEpoch: number): MalfeasanceProof {
  return {
    layer: atx1.inner.challenge.publishEpoch * layersPerEpoch,
    proof: { type: MalfeasanceKind.INVALID_PREV_ATX, data: { atx1, atx2 } },
  };
}
