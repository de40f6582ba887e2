/**
 * Ballot eligibility (docs/protocol/eligibility.md §1, §2; go-spacemesh `proposals/util/util.go GetNumEligibleSlots`,
 * `miner/proposal_builder.go`): how many slots an identity has in an epoch, and which layers its VRF proofs put
 * them in. Several slots may land in one layer: one proposal then carries all their proofs, ordered by counter.
 * Pure; the VRF prover comes in as a function.
 * @module
 */
import { ballotVrfMessage } from '../types/vrfMessages.js';
import type { VotingEligibility } from './wire.js';
import { eligibilityLayer } from './eligibilityLayer.js';

export interface SlotInput {
  /** The identity's ATX weight. */
  readonly weight: bigint;
  /** The active set's total weight. */
  readonly totalWeight: bigint;
  readonly layerAvgSize: number;
  readonly layersPerEpoch: number;
  readonly minActiveSetWeight: number;
}

/**
 * `floor(weight · layerAvgSize · LPE / max(minActiveSetWeight, totalWeight))`, at least 1.
 * @throws {RangeError} for a non-positive weight or total
 */
export function eligibilitySlots(input: SlotInput): number {
  const { weight, totalWeight } = input;
  if (weight <= 0n || totalWeight <= 0n) throw new RangeError(`weight ${weight} and total weight ${totalWeight} must be positive`);
  const min = BigInt(input.minActiveSetWeight);
  const denom = totalWeight > min ? totalWeight : min;
  const slots = (weight * BigInt(input.layerAvgSize) * BigInt(input.layersPerEpoch)) / denom;
  // Eligibility counts travel as compact32.
  if (slots > 0xffff_ffffn) throw new RangeError(`slots ${slots} overflow u32`);
  return slots === 0n ? 1 : Number(slots);
}

/** One identity's eligibilities in one epoch, grouped by layer. */
export interface EpochEligibilities {
  readonly epoch: number;
  readonly slots: number;
  /** Layer → proofs in increasing counter order. */
  readonly byLayer: ReadonlyMap<number, readonly VotingEligibility[]>;
}

/**
 * Proves every slot `j in [0, slots)` and groups the proofs by the layer each selects.
 * @param prove - the identity's ECVRF prover (`EdSigner.vrfProve`)
 */
export function computeEligibilities(
  prove: (alpha: Uint8Array) => Uint8Array,
  args: { beacon: Uint8Array; epoch: number; vrfNonce: bigint; slots: number; layersPerEpoch: number },
): EpochEligibilities {
  const byLayer = new Map<number, VotingEligibility[]>();
  for (let j = 0; j < args.slots; j++) {
    const sig = prove(ballotVrfMessage(args.beacon, args.epoch, args.vrfNonce, j));
    const layer = eligibilityLayer(sig, args.epoch, args.layersPerEpoch);
    const list = byLayer.get(layer) ?? [];
    list.push({ j, sig });
    byLayer.set(layer, list);
  }
  return { epoch: args.epoch, slots: args.slots, byLayer };
}
