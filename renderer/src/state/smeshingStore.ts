/**
 * Smeshing facts for the dashboard: init progress per identity, the activation timeline, signed ATXs, rewards
 * (per layer and per epoch, expected vs actual) and upcoming eligibilities. Loaded by calls; kept current by the
 * `progress`, `timeline`, `atx` and `reward` events (a reward or ATX reloads the epoch accounts it changes);
 * `rewardMissed` events are kept as they arrive, so the "why no rewards?" view can say at once which layer paid
 * nothing and why.
 * @module
 */
import { create } from 'zustand';
import type { ApiEvents, EligibilityInfo, EpochRewardInfo, InitProgressInfo, RewardInfo, SignedAtxInfo, SmeshingProgress, TimelineEvent } from '../../../core/api/contract/contract.js';
import { client, describeError } from '../api.js';

interface SmeshingState {
  progress: readonly SmeshingProgress[];
  /** Latest live progress per identity (events arrive more often than we reload `progress`). */
  live: Readonly<Record<string, InitProgressInfo>>;
  events: readonly TimelineEvent[];
  atxs: readonly SignedAtxInfo[];
  rewards: readonly RewardInfo[];
  epochs: readonly EpochRewardInfo[];
  upcoming: readonly EligibilityInfo[];
  /** Eligible layers the node applied without paying us, newest first, as pushed since the page loaded. */
  missed: readonly MissedReward[];
  error: string | null;
  loaded: boolean;
  load: () => Promise<void>;
  loadRewards: () => Promise<void>;
}

export type MissedReward = ApiEvents['rewardMissed'] & { readonly atMs: number };

const MAX_EVENTS = 300;
const MAX_MISSED = 50;

export const useSmeshing = create<SmeshingState>()((set, get) => ({
  progress: [],
  live: {},
  events: [],
  atxs: [],
  rewards: [],
  epochs: [],
  upcoming: [],
  missed: [],
  error: null,
  loaded: false,
  async load() {
    try {
      const [progress, timeline] = await Promise.all([client.smeshing.progress({}), client.timeline.list({ limit: MAX_EVENTS })]);
      set({ progress, events: timeline.events, atxs: timeline.atxs, error: null });
      await get().loadRewards();
      set({ loaded: true });
    } catch (error) {
      set({ error: describeError(error), loaded: true });
    }
  },
  async loadRewards() {
    // Each source may be unavailable on a follow-only node; show what we have and say what failed.
    const [rewards, epochs, upcoming] = await Promise.allSettled([client.rewards.history({ limit: 500 }), client.rewards.epochs({}), client.rewards.upcoming({})]);
    const failed = [rewards, epochs, upcoming].find((r) => r.status === 'rejected');
    set({
      ...(rewards.status === 'fulfilled' ? { rewards: rewards.value } : {}),
      ...(epochs.status === 'fulfilled' ? { epochs: epochs.value } : {}),
      ...(upcoming.status === 'fulfilled' ? { upcoming: upcoming.value } : {}),
      ...(failed ? { error: describeError(failed.reason) } : {}),
    });
  },
}));

/** Subscribes the store to smeshing events; returns the unsubscribe function. */
export function wireSmeshingEvents(): () => void {
  const reloadSoon = debounce(() => void useSmeshing.getState().load(), 500);
  const offs = [
    client.on('progress', (p) => useSmeshing.setState((s) => ({ live: { ...s.live, [p.smesherId]: p } }))),
    client.on('timeline', (e) => {
      if (e.event === 'post_init_progress') return;
      useSmeshing.setState((s) => ({ events: [...s.events, e].slice(-MAX_EVENTS) }));
      if (e.event === 'post_init_done' || e.event === 'atx_published' || e.event === 'eligibility') reloadSoon();
    }),
    client.on('reward', (r) => {
      useSmeshing.setState((s) => ({ rewards: [r, ...s.rewards] }));
      reloadSoon();
    }),
    client.on('rewardMissed', (m) => {
      useSmeshing.setState((s) => ({ missed: [{ ...m, atMs: Date.now() }, ...s.missed].slice(0, MAX_MISSED) }));
      reloadSoon();
    }),
    client.on('status', () => reloadSoon()),
  ];
  void useSmeshing.getState().load();
  return () => offs.forEach((off) => off());
}

function debounce(fn: () => void, ms: number): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}
