/**
 * The sync state and how fast it moves (docs/protocol/sync.md §2; go-spacemesh `syncer/state.go`): a node is
 * synced when the layers it applied reach the network's tip (the clock's layer minus {@link SYNCED_LAG_LAYERS}),
 * stays synced until it falls more than the out-of-sync threshold behind, and otherwise is syncing while it has
 * peers to catch up from, or not synced without any. The meter turns applied-layer samples into a rate and an ETA
 * that accounts for the tip moving on while the node catches up. Pure: time comes in as arguments.
 * @module
 */

export type SyncState = 'notSynced' | 'syncing' | 'synced';

/**
 * Layers a synced node may trail the clock by: the current layer's hare is still running, a node applies a layer a
 * layer or two after it (under load), and the syncer can take a layer from peers only once later layers' ballots
 * vote on it (core/sync/decide.ts), which they do a few layers on.
 */
export const SYNCED_LAG_LAYERS = 4;

export interface SyncPosition {
  /** The clock's layer. */
  readonly current: number;
  /** The last layer this node applied (the effective genesis layer before anything). */
  readonly applied: number;
  /** The effective genesis layer. */
  readonly genesis: number;
  readonly hasPeers: boolean;
  /** A synced node more than this many layers behind the clock is syncing again (go `OutOfSyncThresholdLayers`). */
  readonly outOfSyncLayers: number;
}

export function nextSyncState(prev: SyncState, p: SyncPosition): SyncState {
  // Nothing to catch up on at genesis: every node starts there together.
  if (p.current <= p.genesis + 1) return 'synced';
  if (p.applied >= p.current - SYNCED_LAG_LAYERS) return 'synced';
  if (prev === 'synced' && p.applied >= p.current - p.outOfSyncLayers) return 'synced';
  return p.hasPeers ? 'syncing' : 'notSynced';
}

/** Samples kept for the rate: enough to smooth per-layer jitter, few enough to follow a change of pace. */
const WINDOW_SAMPLES = 16;

/** Applied layers over time, as a rate and an ETA. */
export class ProgressMeter {
  readonly #samples: Array<{ readonly atMs: number; readonly layer: number }> = [];

  constructor(private readonly layerDurationMs: number) {}

  /** `applied` is the last layer applied at `atMs` (a repeat of the last sample's layer is not kept). */
  record(atMs: number, applied: number): void {
    const last = this.#samples.at(-1);
    if (last !== undefined && last.layer === applied) return;
    this.#samples.push({ atMs, layer: applied });
    if (this.#samples.length > WINDOW_SAMPLES) this.#samples.shift();
  }

  /** Forgets the samples (the node became synced; the next catch-up measures afresh). */
  reset(): void {
    this.#samples.length = 0;
  }

  /** Layers applied per second over the window, or null before two samples. */
  rate(): number | null {
    const first = this.#samples[0];
    const last = this.#samples.at(-1);
    if (first === undefined || last === undefined || last.atMs <= first.atMs) return null;
    return ((last.layer - first.layer) * 1000) / (last.atMs - first.atMs);
  }

  /**
   * Seconds until `remaining` layers are applied while the tip moves one layer per layer duration; null while the
   * rate is unknown or does not outrun the clock.
   */
  etaSeconds(remaining: number): number | null {
    if (remaining <= 0) return 0;
    const rate = this.rate();
    if (rate === null) return null;
    const closing = rate - 1000 / this.layerDurationMs;
    return closing > 0 ? Math.ceil(remaining / closing) : null;
  }
}
