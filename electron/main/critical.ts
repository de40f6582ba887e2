/**
 * When quitting would cost the user rewards (a maintenance-window guard, as smapp #1483 asks): during a PoET registration
 * window an identity still has to register in, while a PoST proof is being generated (between the PoET proof and
 * the published ATX), and during an own eligible layer. Pure: everything comes in as arguments.
 * @module
 */
import type { TimelineEvent } from '../../core/api/contract/contract.js';

export interface CriticalInput {
  readonly nowMs: number;
  /** Registration windows of rounds our smeshing identities have not registered in yet. */
  readonly registrationWindows: readonly { readonly startMs: number; readonly endMs: number }[];
  /** Recent timeline events (oldest first). */
  readonly timeline: readonly TimelineEvent[];
  /** Our eligible layers' time spans, when the node knows them. */
  readonly eligibleLayers: readonly { readonly layer: number; readonly startMs: number; readonly endMs: number }[];
}

/** Why quitting now is risky, in words for a dialog, or null when it is safe. */
export function criticalReason(input: CriticalInput): string | null {
  const { nowMs } = input;
  const layer = input.eligibleLayers.find((l) => l.startMs <= nowMs && nowMs < l.endMs);
  if (layer !== undefined) return `one of your identities is eligible for a reward in layer ${layer.layer}, which is in progress now`;
  // The last activation step per identity: a PoET proof not yet followed by a PoST proof means proving is under way.
  const last = new Map<string, TimelineEvent['event']>();
  for (const e of input.timeline) if (e.event !== 'post_init_progress') last.set(e.smesherId, e.event);
  if ([...last.values()].some((e) => e === 'poet_proof')) return 'a PoST proof is being generated; quitting now can cost an epoch of rewards';
  const window = input.registrationWindows.find((w) => w.startMs <= nowMs && nowMs < w.endMs);
  if (window !== undefined) return 'the PoET registration window is open; quitting before registering costs the next epoch of rewards';
  return null;
}
