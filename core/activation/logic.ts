/**
 * Pure activation rules (docs/protocol/activation.md §2–3): which PoET round and publish epoch a challenge is for,
 * which ATX positions it, the challenge itself, and ticks / tick height / weight of a valid ATX. Pure: time comes
 * in as an argument.
 * @module
 */
import { type RoundSchedule, openRoundId, roundStartMs } from '../poet/schedule.js';
import { EMPTY_ID, type NIPostChallengeV1, type PostV1 } from './wire.js';
import type { AtxRow } from './store.js';

/** The ATX's tick height: where the next ATX positioned on it starts (docs/protocol/activation.md §3). */
export function tickHeight(atx: Pick<AtxRow, 'baseTickHeight' | 'tickCount'>): number {
  return atx.baseTickHeight + atx.tickCount;
}

/** The round a challenge built at `nowMs` can still catch, and the epoch its ATX is published in. */
export interface ChallengeTarget {
  readonly round: number;
  readonly publishEpoch: number;
  /** When the challenge is built: `gracePeriod` before the round starts (go-spacemesh `GracePeriod`). */
  readonly buildAtMs: number;
  /** Registrations close when the round starts. */
  readonly registerByMs: number;
}

/**
 * The next round open at `nowMs` and its publish epoch (round r runs in epoch r; its ATX is published in r + 1:
 * docs/protocol/time.md §4; docs/protocol/activation.md §2 step 2 "publishEpoch = current + 1 unless the current round already started").
 */
export function challengeTarget(schedule: RoundSchedule, gracePeriodMs: number, nowMs: number): ChallengeTarget {
  const round = openRoundId(schedule, nowMs);
  const registerByMs = roundStartMs(schedule, round);
  return { round, publishEpoch: round + 1, buildAtMs: registerByMs - gracePeriodMs, registerByMs };
}

/**
 * The positioning ATX (docs/protocol/activation.md §2 step 2): the highest-tick valid ATX published in `publish − 1`, or the identity's
 * own previous ATX when its tick height is at least as high, or the golden ATX when there is neither.
 */
export function selectPositioningAtx(candidate: AtxRow | undefined, own: AtxRow | undefined, goldenAtxId: Uint8Array): Uint8Array {
  if (own !== undefined && (candidate === undefined || tickHeight(own) >= tickHeight(candidate))) return own.id;
  return candidate?.id ?? goldenAtxId;
}

export interface ChallengeInput {
  readonly publishEpoch: number;
  /** The identity's latest ATX; none for the first (initial) ATX. */
  readonly prev: AtxRow | undefined;
  readonly positioningAtxId: Uint8Array;
  /** For the initial ATX: the commitment ATX its PoS data was initialised with and the PoST over the zero challenge. */
  readonly commitmentAtxId: Uint8Array;
  readonly initialPost: PostV1;
}

/** The NIPoST challenge: sequence prev + 1 and the previous ATX, or the initial form (docs/protocol/activation.md §1, §2 step 2). */
export function buildChallenge(input: ChallengeInput): NIPostChallengeV1 {
  const { prev } = input;
  if (prev === undefined) {
    return {
      publishEpoch: input.publishEpoch,
      sequence: 0n,
      prevAtxId: EMPTY_ID,
      positioningAtxId: input.positioningAtxId,
      commitmentAtxId: input.commitmentAtxId,
      initialPost: input.initialPost,
    };
  }
  return {
    publishEpoch: input.publishEpoch,
    sequence: BigInt(prev.sequence) + 1n,
    prevAtxId: prev.id,
    positioningAtxId: input.positioningAtxId,
    commitmentAtxId: null,
    initialPost: null,
  };
}

const U64_MAX = (1n << 64n) - 1n;

/** Ticks of a PoET proof: leaf count / tick size (go-spacemesh handler_v1). @throws {RangeError} for a bad tick size */
export function tickCount(leafCount: number, tickSize: number): number {
  if (!Number.isSafeInteger(tickSize) || tickSize <= 0) throw new RangeError('tick size must be a positive integer');
  return Math.floor(leafCount / tickSize);
}

/**
 * Weight = effective units × ticks (docs/protocol/activation.md §3), overflow-checked as a u64 and kept exact as a JS number.
 * @throws {RangeError} when the product does not fit
 */
export function atxWeight(effectiveNumUnits: number, ticks: number): number {
  const w = BigInt(effectiveNumUnits) * BigInt(ticks);
  if (w > U64_MAX || w > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('ATX weight overflows');
  return Number(w);
}
