/**
 * The PoET round schedule (docs/protocol/poet.md §1; poet `server/config.go` RoundConfig): round k executes from
 * `genesis + phaseShift + k·epoch` until `epoch − cycleGap` later, and the round that starts next is the one open
 * for registrations. All times are milliseconds since the Unix epoch; "now" always comes in as an argument. Pure.
 * @module
 */
import { aint } from '../util/assert.js';
import type { Preset } from '../params/types.js';

export interface RoundSchedule {
  /** Genesis time, ms since the Unix epoch. */
  readonly genesisMs: number;
  /** Round 0 starts this long after genesis. */
  readonly phaseShiftMs: number;
  /** Distance between round starts: the network's epoch duration. */
  readonly epochMs: number;
  /** Gap between a round's end and the next round's start. */
  readonly cycleGapMs: number;
}

/**
 * Checks a schedule: whole milliseconds, a positive epoch and a cycle gap shorter than it (or no round would run).
 * @throws {TypeError | RangeError} naming the bad field
 */
export function validateSchedule(schedule: RoundSchedule): RoundSchedule {
  aint(schedule.genesisMs, 0, Number.MAX_SAFE_INTEGER, 'genesisMs');
  aint(schedule.phaseShiftMs, 0, Number.MAX_SAFE_INTEGER, 'phaseShiftMs');
  aint(schedule.epochMs, 1, Number.MAX_SAFE_INTEGER, 'epochMs');
  aint(schedule.cycleGapMs, 0, schedule.epochMs - 1, 'cycleGapMs');
  return schedule;
}

/** The schedule a preset implies: epoch = layer duration × layers per epoch, phase shift and cycle gap as given. */
export function scheduleFromPreset(preset: Preset, genesisMs: number): RoundSchedule {
  return validateSchedule({
    genesisMs,
    phaseShiftMs: preset.poet.phaseShiftMs,
    epochMs: preset.layerDurationMs * preset.layersPerEpoch,
    cycleGapMs: preset.poet.cycleGapMs,
  });
}

/** When round `round` starts executing. */
export function roundStartMs(schedule: RoundSchedule, round: number): number {
  return schedule.genesisMs + schedule.phaseShiftMs + round * schedule.epochMs;
}

/** When round `round` stops executing and its proof is built. */
export function roundEndMs(schedule: RoundSchedule, round: number): number {
  return roundStartMs(schedule, round) + schedule.epochMs - schedule.cycleGapMs;
}

/** The round open for registrations at `nowMs`: 0 before round 0 starts, then the one that starts next. */
export function openRoundId(schedule: RoundSchedule, nowMs: number): number {
  const sinceFirstStart = nowMs - schedule.genesisMs - schedule.phaseShiftMs;
  if (sinceFirstStart < 0) return 0;
  return Math.floor(sinceFirstStart / schedule.epochMs) + 1;
}
