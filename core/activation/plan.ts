/**
 * The smeshing plan: from now, the network's timing and how long PoST initialisation will take, the dates of
 * every step up to the first eligible layer, and whether initialisation misses the next PoET registration
 * (docs/protocol/time.md §4; docs/protocol/activation.md §2). The setup wizard shows it before the user commits; the dashboard while waiting.
 * Pure: time comes in as `nowMs`.
 * @module
 */
import { effectiveGenesisLayer, epochStartMs, firstLayerOfEpoch, lastLayerOfEpoch, layerStartMs, type LayerTiming } from '../types/layers.js';
import { type RoundSchedule, openRoundId, roundEndMs as poetRoundEndMs, roundStartMs } from '../poet/schedule.js';

export interface PlanInput {
  readonly nowMs: number;
  readonly timing: LayerTiming;
  readonly poet: { readonly phaseShiftMs: number; readonly cycleGapMs: number; readonly gracePeriodMs: number };
  /** Time from now until PoST data is complete (0 when it already is). */
  readonly initRemainingMs: number;
  /** Expected time for the initial proof over the zero challenge once data is complete. */
  readonly initialProofMs: number;
  /**
   * The PoET round the identity already registered for: the plan follows that round instead of the first one
   * open after `readyMs` (the dashboard's plan after registration, whose deadline is past by then).
   */
  readonly registeredRound?: number;
  /**
   * While the node catches up with its peers: the time until it is expected to be synced (its sync ETA). No
   * challenge is built before (docs/protocol/sync.md §2), so the plan is ready no earlier than that.
   */
  readonly syncRemainingMs?: number;
}

export interface ActivationPlan {
  /** When PoST data and the initial proof are expected to be ready. */
  readonly readyMs: number;
  /** The PoET round the identity can register for, and its dates. */
  readonly round: number;
  /** When the node builds its challenge and registers (the grace period before the round starts, or when ready). */
  readonly registerAtMs: number;
  /** Registrations for the round close when it starts. */
  readonly registrationDeadlineMs: number;
  readonly roundEndMs: number;
  /** The epoch the ATX is published in, and the earliest time it can be (round end: the cycle gap begins). */
  readonly atxPublishEpoch: number;
  readonly atxPublishAtMs: number;
  /** The epoch the ATX gives weight in: its layers are where eligibilities and rewards fall. */
  readonly targetEpoch: number;
  readonly firstEligibleLayer: number;
  readonly lastEligibleLayer: number;
  readonly firstEligibleLayerMs: number;
  /** Set when initialisation finishes after the round that is open now closes: what is lost, and what would fix it. */
  readonly missedRegistration: MissedRegistration | null;
  /** Present while the node catches up: when it expects to be synced; the dates above count from then. */
  readonly syncedByMs?: number;
}

export interface MissedRegistration {
  /** The round an instant setup would have caught. */
  readonly round: number;
  readonly deadlineMs: number;
  /** How many epochs of rewards the delay costs. */
  readonly epochsLost: number;
  /** Initialisation would have to finish within this many ms from now to catch that round (≤ 0: impossible). */
  readonly initBudgetMs: number;
}

/**
 * Computes the plan.
 * @throws {RangeError} for negative durations
 */
export function planActivation(input: PlanInput): ActivationPlan {
  const { nowMs, timing, poet, initRemainingMs, initialProofMs, registeredRound, syncRemainingMs } = input;
  if (initRemainingMs < 0 || initialProofMs < 0 || (syncRemainingMs ?? 0) < 0) throw new RangeError('durations must not be negative');
  if (registeredRound !== undefined && (!Number.isInteger(registeredRound) || registeredRound < 0)) throw new RangeError(`registeredRound must be a round id, got ${registeredRound}`);
  const rounds: RoundSchedule = {
    genesisMs: timing.genesisTimeMs,
    epochMs: timing.layerDurationMs * timing.layersPerEpoch,
    phaseShiftMs: poet.phaseShiftMs,
    cycleGapMs: poet.cycleGapMs,
  };
  // PoST init and its proof run while the node catches up; the challenge waits for both.
  const readyMs = nowMs + Math.max(initRemainingMs + initialProofMs, syncRemainingMs ?? 0);
  // Registration must reach the PoET before its round starts; the first round starting after `ready` is the one,
  // unless the identity is registered already.
  const round = registeredRound ?? openRoundId(rounds, readyMs);
  const registrationDeadlineMs = roundStartMs(rounds, round);
  const roundEndMs = poetRoundEndMs(rounds, round);
  // An ATX built on round r's proof is published in epoch r+1 (the round runs in epoch r; docs/protocol/time.md §4).
  const atxPublishEpoch = round + 1;
  const targetEpoch = atxPublishEpoch + 1;
  const firstEligibleLayer = Math.max(firstLayerOfEpoch(targetEpoch, timing.layersPerEpoch), effectiveGenesisLayer(timing.layersPerEpoch) + 1);

  // The round the identity would catch if its data were complete now: only the initial proof stands in the way.
  const instantRound = openRoundId(rounds, nowMs + Math.max(initialProofMs, syncRemainingMs ?? 0));
  const missedRegistration: MissedRegistration | null =
    round === instantRound || registeredRound !== undefined
      ? null
      : {
          round: instantRound,
          deadlineMs: roundStartMs(rounds, instantRound),
          epochsLost: round - instantRound,
          initBudgetMs: roundStartMs(rounds, instantRound) - nowMs - initialProofMs,
        };
  const sync = syncRemainingMs === undefined ? {} : { syncedByMs: nowMs + syncRemainingMs };

  return {
    readyMs,
    round,
    registerAtMs: Math.max(readyMs, registrationDeadlineMs - poet.gracePeriodMs),
    registrationDeadlineMs,
    roundEndMs,
    atxPublishEpoch,
    atxPublishAtMs: Math.max(roundEndMs, epochStartMs(timing, atxPublishEpoch)),
    targetEpoch,
    firstEligibleLayer,
    lastEligibleLayer: lastLayerOfEpoch(targetEpoch, timing.layersPerEpoch),
    firstEligibleLayerMs: layerStartMs(timing, firstEligibleLayer),
    missedRegistration,
    ...sync,
  };
}

export interface PaidFromInput {
  readonly nowMs: number;
  readonly timing: LayerTiming;
  readonly poet: { readonly phaseShiftMs: number; readonly cycleGapMs: number; readonly gracePeriodMs: number };
  /** The publish epochs of the ATXs the identity signed (local.sql). */
  readonly signedPublishEpochs: readonly number[];
  /** The publish epoch of the challenge it holds (built, maybe registered), if any. */
  readonly challengePublishEpoch?: number;
  /**
   * When the node expects to be synced (now plus the sync ETA) while it catches up: the ATX builder builds no
   * challenge before (docs/protocol/sync.md §2). Absent or past: synced.
   */
  readonly syncedByMs?: number;
}

/**
 * The first epoch, from the current one on, in which the identity is paid (docs/protocol/sync.md §2): one its
 * signed ATXs give weight in (publish epoch + 1), else the target of the challenge it holds, else that of the first
 * PoET round whose registration it can still catch once synced. After a missed ATX window (the node was off, or
 * catching up) this is later than the next epoch: the epoch it will be paid again.
 */
export function paidFromEpoch(input: PaidFromInput): number {
  const { nowMs, timing, poet } = input;
  const epochMs = timing.layerDurationMs * timing.layersPerEpoch;
  const current = Math.max(0, Math.floor((nowMs - timing.genesisTimeMs) / epochMs));
  const paid = input.signedPublishEpochs.map((e) => e + 1).filter((e) => e >= current);
  if (paid.length > 0) return Math.min(...paid);
  // A challenge whose publish epoch has passed is lost (the loop drops it).
  if (input.challengePublishEpoch !== undefined && input.challengePublishEpoch >= current) return input.challengePublishEpoch + 1;
  const rounds: RoundSchedule = { genesisMs: timing.genesisTimeMs, epochMs, phaseShiftMs: poet.phaseShiftMs, cycleGapMs: poet.cycleGapMs };
  // The builder builds within the grace period before a round starts: a round whose build time passed is still caught.
  const round = openRoundId(rounds, Math.max(nowMs, input.syncedByMs ?? nowMs));
  return round + 2;
}
