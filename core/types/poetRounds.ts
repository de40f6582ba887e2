/**
 * The PoET round schedule, shared by the PoET service and the smesher's activation loop (spec spacemesh-node §1,
 * post-poet §3.1; poet `server/config.go`, go-spacemesh `activation/activation.go`):
 *
 *   round k opens for registrations ... starts at genesis + phaseShift + k·epoch ... ends cycleGap before round k+1
 *
 *   epoch e:        |------------------------------|------------------------------|
 *                   start(e)       start(e)+phaseShift = round e starts
 *   round e:                              [=========================)  ends at start(e+1)+phaseShift−cycleGap
 *   cycle gap:                                                        [~~~~~~~~~) fetch proof, prove, publish ATX
 *
 * An ATX built on round e's proof is published in epoch e+1 and gives weight in epoch e+2. Pure.
 * @module
 */

export interface PoetRoundTiming {
  readonly genesisTimeMs: number;
  /** Epoch duration = layer duration × layers per epoch. */
  readonly epochMs: number;
  readonly phaseShiftMs: number;
  readonly cycleGapMs: number;
}

/** When round `round` starts executing (registrations for it close). */
export function poetRoundStartMs(t: PoetRoundTiming, round: number): number {
  return t.genesisTimeMs + t.phaseShiftMs + round * t.epochMs;
}

/** When round `round` ends and its proof becomes available. */
export function poetRoundEndMs(t: PoetRoundTiming, round: number): number {
  return poetRoundStartMs(t, round) + t.epochMs - t.cycleGapMs;
}

/**
 * The round open for registrations at `timeMs`: the next one to start (poet `OpenRoundId`): 0 before the first
 * round starts, else `floor((now − genesis − phaseShift) / epoch) + 1`.
 */
export function openPoetRound(t: PoetRoundTiming, timeMs: number): number {
  const sinceFirst = timeMs - t.genesisTimeMs - t.phaseShiftMs;
  return sinceFirst < 0 ? 0 : Math.floor(sinceFirst / t.epochMs) + 1;
}

/** The round executing at `timeMs`, or `null` between rounds (in a cycle gap) and before the first. */
export function executingPoetRound(t: PoetRoundTiming, timeMs: number): number | null {
  const open = openPoetRound(t, timeMs);
  if (open === 0) return null;
  const round = open - 1;
  return timeMs < poetRoundEndMs(t, round) ? round : null;
}

/** The publish epoch of an ATX built on round `round`'s proof (the round runs in epoch `round`). */
export function publishEpochOfRound(round: number): number {
  return round + 1;
}
