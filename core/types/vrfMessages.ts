/**
 * The messages a smesher's VRF signs, one per use (docs/protocol/eligibility.md §2; docs/protocol/hare.md §3; docs/protocol/beacon.md §3; go-spacemesh
 * `proposals/util.go`, `hare3/eligibility`, `beacon`). The type field keeps a proof for one use from counting for
 * another. Pure.
 * @module
 */
import { compact16, compact32, compact64, encode, fixedBytes, type Infer, struct } from '../codec/index.js';

/** go-spacemesh `types.EligibilityType`. */
export const EligibilityType = { BEACON: 1, HARE: 2, VOTING: 3, BEACON_WEAK_COIN: 4 } as const;

const beacon = fixedBytes(4);

/** Ballot eligibility j of an epoch: `{Type=3, Beacon, Epoch, Nonce (ATX VRF nonce), Counter=j}`. */
export const BallotVrfMessage = struct('BallotVrfMessage', {
  type: compact16,
  beacon,
  epoch: compact32,
  nonce: compact64,
  counter: compact32,
});
export type BallotVrfMessage = Infer<typeof BallotVrfMessage>;

/** Hare committee membership for (layer, absolute round): `{Type=2, Beacon, Round, Layer}`. */
export const HareVrfMessage = struct('HareVrfMessage', {
  type: compact16,
  beacon,
  round: compact32,
  layer: compact32,
});
export type HareVrfMessage = Infer<typeof HareVrfMessage>;

/** Beacon proposal: `{Type=1, Nonce, Epoch}`. */
export const BeaconVrfMessage = struct('BeaconVrfMessage', {
  type: compact16,
  nonce: compact64,
  epoch: compact32,
});
export type BeaconVrfMessage = Infer<typeof BeaconVrfMessage>;

/** The bytes a smesher proves for ballot eligibility `counter` of `epoch`. */
export function ballotVrfMessage(beaconValue: Uint8Array, epoch: number, vrfNonce: bigint, counter: number): Uint8Array {
  return encode(BallotVrfMessage, { type: EligibilityType.VOTING, beacon: beaconValue, epoch, nonce: vrfNonce, counter });
}

/** The bytes a smesher proves for hare committee membership in `round` (absolute) of `layer`. */
export function hareVrfMessage(beaconValue: Uint8Array, round: number, layer: number): Uint8Array {
  return encode(HareVrfMessage, { type: EligibilityType.HARE, beacon: beaconValue, round, layer });
}
