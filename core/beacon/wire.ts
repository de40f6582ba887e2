/**
 * Beacon protocol messages as go-spacemesh encodes them (docs/protocol/beacon.md §5; go-spacemesh `beacon/message.go`,
 * `beacon/weakcoin/weak_coin.go`, SCALE): the VRF inputs of proposals and weak coin, the four gossip messages and
 * the bytes the two vote messages sign. Pure.
 * @module
 */
import { byteSlice, compact16, compact32, compact64, decode, encode, fixedBytes, type Infer, struct, vec } from '../codec/index.js';

/** go `types.EligibilityBeacon` and `types.EligibilityBeaconWC`: the Type field of the two VRF messages. */
export const ELIGIBILITY_BEACON = 1;
export const ELIGIBILITY_BEACON_WC = 4;
/** go `scale:"max=1000"` on each first-vote proposal list. */
export const MAX_FIRST_VOTE_PROPOSALS = 1000;
/** go `scale:"max=128"` on the following-vote bit vector (1024 bits). */
export const MAX_VOTE_BITS_BYTES = 128;
/** A proposal's value: the first 4 bytes of its VRF proof. */
export const PROPOSAL_LENGTH = 4;

const ProposalVrfMessage = struct('ProposalVrfMessage', { type: compact16, nonce: compact64, epoch: compact32 });
const WeakCoinVrfMessage = struct('VrfMessage', { type: compact16, nonce: compact64, epoch: compact32, round: compact32, unit: compact32 });

export const ProposalMessage = struct('ProposalMessage', { epoch: compact32, nodeId: fixedBytes(32), vrfSignature: fixedBytes(80) });
export type ProposalMessage = Infer<typeof ProposalMessage>;

export const FirstVotingBody = struct('FirstVotingMessageBody', {
  epoch: compact32,
  valid: vec(fixedBytes(PROPOSAL_LENGTH), MAX_FIRST_VOTE_PROPOSALS),
  potentiallyValid: vec(fixedBytes(PROPOSAL_LENGTH), MAX_FIRST_VOTE_PROPOSALS),
});
export type FirstVotingBody = Infer<typeof FirstVotingBody>;
export const FirstVotingMessage = struct('FirstVotingMessage', { body: FirstVotingBody, smesherId: fixedBytes(32), signature: fixedBytes(64) });
export type FirstVotingMessage = Infer<typeof FirstVotingMessage>;

export const FollowingVotingBody = struct('FollowingVotingMessageBody', { epoch: compact32, round: compact32, votes: byteSlice(MAX_VOTE_BITS_BYTES) });
export type FollowingVotingBody = Infer<typeof FollowingVotingBody>;
export const FollowingVotingMessage = struct('FollowingVotingMessage', { body: FollowingVotingBody, smesherId: fixedBytes(32), signature: fixedBytes(64) });
export type FollowingVotingMessage = Infer<typeof FollowingVotingMessage>;

export const WeakCoinMessage = struct('WeakCoinMessage', { epoch: compact32, round: compact32, unit: compact32, nodeId: fixedBytes(32), vrfSignature: fixedBytes(80) });
export type WeakCoinMessage = Infer<typeof WeakCoinMessage>;

/** The VRF input of a beacon proposal: `SCALE{Type = 1, Nonce, Epoch}`. */
export function proposalVrfMessage(epoch: number, nonce: bigint): Uint8Array {
  return encode(ProposalVrfMessage, { type: ELIGIBILITY_BEACON, nonce, epoch });
}

/** The VRF input of a weak coin proposal: `SCALE{Type = 4, Nonce, Epoch, Round, Unit}`. */
export function weakCoinVrfMessage(epoch: number, nonce: bigint, round: number, unit: number): Uint8Array {
  return encode(WeakCoinVrfMessage, { type: ELIGIBILITY_BEACON_WC, nonce, epoch, round, unit });
}

export const encodeProposalMessage = (m: ProposalMessage): Uint8Array => encode(ProposalMessage, m);
/** @throws {ScaleError} for bytes that are not exactly one message */
export const decodeProposalMessage = (b: Uint8Array): ProposalMessage => decode(ProposalMessage, b);
/** The bytes a first voting message signs (domain BEACON_FIRST_MSG). */
export const firstVotingSignedBytes = (body: FirstVotingBody): Uint8Array => encode(FirstVotingBody, body);
export const encodeFirstVotingMessage = (m: FirstVotingMessage): Uint8Array => encode(FirstVotingMessage, m);
/** @throws {ScaleError} for bytes that are not exactly one message */
export const decodeFirstVotingMessage = (b: Uint8Array): FirstVotingMessage => decode(FirstVotingMessage, b);
/** The bytes a following voting message signs (domain BEACON_FOLLOWUP_MSG). */
export const followingVotingSignedBytes = (body: FollowingVotingBody): Uint8Array => encode(FollowingVotingBody, body);
export const encodeFollowingVotingMessage = (m: FollowingVotingMessage): Uint8Array => encode(FollowingVotingMessage, m);
/** @throws {ScaleError} for bytes that are not exactly one message */
export const decodeFollowingVotingMessage = (b: Uint8Array): FollowingVotingMessage => decode(FollowingVotingMessage, b);
export const encodeWeakCoinMessage = (m: WeakCoinMessage): Uint8Array => encode(WeakCoinMessage, m);
/** @throws {ScaleError} for bytes that are not exactly one message */
export const decodeWeakCoinMessage = (b: Uint8Array): WeakCoinMessage => decode(WeakCoinMessage, b);
