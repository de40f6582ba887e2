/**
 * How many units fit a folder comfortably, by the node's own rule for the proposed folder (core/post/proposeFolder.ts
 * `comfortableUnits`: a fifth of the free space left free, capped by the network's max), for a folder the user chose
 * instead. The renderer sees core/ only through types, so the rule is restated here; the proposal's own count comes
 * from the node. Pure.
 * @module
 */

/** The share of the free space left free (core/post/proposeFolder.ts KEEP_FREE_SHARE). */
const KEEP_FREE_SHARE = 0.2;

/** Units that fit `freeBytes` comfortably, between 0 and `maxUnits`. */
export function comfortableUnits(freeBytes: number, bytesPerUnit: number, maxUnits: number): number {
  if (bytesPerUnit <= 0) return maxUnits;
  return Math.max(0, Math.min(maxUnits, Math.floor((freeBytes * (1 - KEEP_FREE_SHARE)) / bytesPerUnit)));
}
