/**
 * The short devnet the multi-node sims run (see test/sim/devnet.test.ts for why each value): 4 s layers (16 s
 * epochs), a PoET round of 10 s from 8 s into each epoch, hare rounds a busy 2-core machine keeps up with, and beacon
 * phases that fit an epoch. Each sim adds what is its own (`beacon.mode=genesis`, a sync weight) and passes the list
 * through {@link setFlags} to `smesher network new`.
 * @module
 */

export const SHORT_LAYERS = [
  'layerDurationMs=4000',
  'layerAvgSize=10',
  'atxGradeDelayMs=500',
  'poet.phaseShiftMs=8000',
  'poet.cycleGapMs=6000',
  'poet.gracePeriodMs=2000',
  'hare.preroundDelayMs=1500',
  'hare.roundDurationMs=400',
] as const;

/** Beacon protocol phases of 2 + 3 + 2 x (1.5 + 1.5) s: 14 s of a 16 s epoch. */
export const SHORT_BEACON = [
  'beacon.gracePeriodMs=2000',
  'beacon.proposalDurationMs=2000',
  'beacon.firstVotingRoundMs=3000',
  'beacon.votingRoundMs=1500',
  'beacon.weakCoinRoundMs=1500',
  'beacon.rounds=3',
] as const;

/** `--set key=value` pairs for `smesher network new`. */
export function setFlags(settings: readonly string[]): string[] {
  return settings.flatMap((s) => ['--set', s]);
}
