/**
 * The "why no rewards?" checklist: each step a smesher passes before the first reward, checked from node facts
 * (identities, init progress, timeline events, upcoming eligibilities, rewards). The first unchecked step is what
 * the user is waiting for, with a sentence on what it means (paused smeshing keeps the smeshing step open; a node
 * catching up with the network keeps the sync step open, since it smeshes only once synced; an identity whose ATX
 * window passed while the node was off keeps the eligibility step open, naming the epoch it is paid again). Pure.
 * @module
 */
import { formatDuration } from './time.js';
import type { NodeStatus, RewardInfo, SignedAtxInfo, SmeshingProgress, TimelineEvent, EligibilityInfo } from '../../../core/api/contract/contract.js';

export interface CheckItem {
  readonly id: string;
  readonly label: string;
  readonly done: boolean;
  /** What the user can do or expect while this step is open. */
  readonly detail: string;
}

export interface RewardFacts {
  readonly status: NodeStatus | null;
  readonly progress: readonly SmeshingProgress[];
  readonly events: readonly TimelineEvent[];
  readonly atxCount: number;
  readonly upcoming: readonly EligibilityInfo[];
  readonly rewards: readonly RewardInfo[];
  /** The identities' signed ATXs: with `status.identities[].paidFromEpoch`, whether an ATX window was missed. */
  readonly atxs?: readonly SignedAtxInfo[];
}

/**
 * An identity that was paid in an earlier epoch (an ATX of it targeted one) but has no ATX for the current epoch:
 * its ATX window passed while the node was off or catching up. Null when none did.
 */
export function missedWindow(f: RewardFacts): { readonly epoch: number; readonly paidFromEpoch: number } | null {
  const current = f.status?.network?.currentEpoch;
  if (current === undefined) return null;
  for (const identity of f.status?.identities ?? []) {
    if (identity.paidFromEpoch === undefined || identity.paidFromEpoch <= current) continue;
    const targets = (f.atxs ?? []).filter((a) => a.smesherId === identity.smesherId).map((a) => a.publishEpoch + 1);
    if (targets.some((t) => t < current) && !targets.includes(current)) return { epoch: current, paidFromEpoch: identity.paidFromEpoch };
  }
  return null;
}

/** The checklist in order; `done` steps come from facts the node reported, never from guesses. */
export function whyNoRewards(f: RewardFacts): CheckItem[] {
  const has = (name: TimelineEvent['event']) => f.events.some((e) => e.event === name);
  const failed = f.status?.identities.find((i) => i.state === 'failed');
  // Paused smeshing is set up but earns nothing: the step stays open so the checklist points at Resume.
  const paused = f.status?.identities.some((i) => i.state === 'paused') ?? false;
  const sync = f.status?.sync ?? null;
  const missed = missedWindow(f);
  return [
    { id: 'node', label: 'Node is running', done: f.status !== null, detail: 'Start the node (or check the connection) so it can follow the network.' },
    {
      id: 'sync',
      label: 'Caught up with the network',
      done: f.status !== null && (sync === null || sync.state === 'synced'),
      detail:
        sync === null
          ? 'The node follows the network once it runs.'
          : sync.state === 'notSynced'
            ? 'The node is behind and has no peer to catch up from: check its connection.'
            : `Catching up with the network: layer ${sync.layer} of ${sync.peersLayer}${sync.etaSeconds === null ? '' : `, about ${formatDuration(sync.etaSeconds)} left`}. It publishes no ATX or ballot until it is caught up.`,
    },
    {
      id: 'smeshing',
      label: 'Smeshing is set up',
      done: (f.status?.identities.length ?? 0) > 0 && failed === undefined && !paused,
      detail: failed
        ? `Smeshing failed: ${failed.error?.message ?? 'see the logs'}`
        : paused
          ? 'Smeshing is paused: resume it above. Eligible layers pass without rewards while it is paused.'
          : 'Set up storage to start smeshing.',
    },
    { id: 'init', label: 'Storage initialised', done: f.progress.length > 0 && f.progress.every((p) => p.initDone), detail: 'The node is writing your PoS data; keep it running until 100 %.' },
    { id: 'poet', label: 'Registered with a PoET', done: has('poet_registered'), detail: 'Registration happens in the window before each PoET round; the plan shows when.' },
    { id: 'proof', label: 'PoET proof received', done: has('poet_proof'), detail: 'The PoET round must end before the node can build its proof.' },
    { id: 'atx', label: 'ATX published', done: f.atxCount > 0 || has('atx_published'), detail: 'The node publishes an ATX once it has the PoET proof and its PoST proof.' },
    {
      id: 'eligible',
      label: 'Eligible for layers',
      done: missed === null && (f.upcoming.length > 0 || has('eligibility') || f.rewards.length > 0),
      detail:
        missed === null
          ? 'An ATX gives eligibilities in the epoch after it was published.'
          : `No ATX gives weight in epoch ${missed.epoch}: its ATX window passed while the node was off or catching up. Paid again from epoch ${missed.paidFromEpoch}.`,
    },
    { id: 'reward', label: 'First reward received', done: f.rewards.length > 0, detail: 'Rewards arrive when an eligible layer’s block is applied.' },
  ];
}
