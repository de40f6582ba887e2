/**
 * What this host adds to gossipsub's peer score: go's bootnode bonus, and penalties for misbehaviour that
 * gossipsub does not see (a fetched blob that does not hash to what was asked, a flood of requests). Penalties
 * decay like gossipsub's counters (to 1% over an hour), and both enter the score as gossipsub's app-specific
 * score, so `peers()` shows one number and one threshold decides disconnection. Also the ban list: peers
 * disconnected for their score stay refused for a while (the connection gate reads it). Pure (time injected).
 * @module
 */
import { BOOTNODE_APP_SCORE, scoreDecay } from './gossipConfig.js';

const HOUR_MS = 3_600_000;
/** Per second, as gossipsub decays once a second. */
const DECAY_PER_SECOND = scoreDecay(HOUR_MS);

/** Default time a peer disconnected for its score stays refused. */
export const DEFAULT_BAN_MS = 30 * 60_000;

export class PeerScoring {
  readonly #bootnodes = new Set<string>();
  readonly #penalties = new Map<string, { value: number; at: number }>();
  readonly #bans = new Map<string, number>();
  readonly #now: () => number;
  readonly #isBootnode: boolean;

  constructor(options: { now?: () => number; isBootnode?: boolean } = {}) {
    this.#now = options.now ?? Date.now;
    this.#isBootnode = options.isBootnode ?? false;
  }

  addBootnode(peerId: string): void {
    this.#bootnodes.add(peerId);
  }

  /** Lowers `peerId`'s app-specific score by `amount` (a positive number). */
  penalize(peerId: string, amount: number): void {
    this.#penalties.set(peerId, { value: this.penalty(peerId) - Math.abs(amount), at: this.#now() });
  }

  /** The decayed penalty (zero or negative). */
  penalty(peerId: string): number {
    const entry = this.#penalties.get(peerId);
    if (entry === undefined) return 0;
    const value = entry.value * DECAY_PER_SECOND ** ((this.#now() - entry.at) / 1000);
    if (value > -0.01) {
      this.#penalties.delete(peerId);
      return 0;
    }
    return value;
  }

  /** gossipsub's `appSpecificScore`. */
  appScore(peerId: string): number {
    const bonus = !this.#isBootnode && this.#bootnodes.has(peerId) ? BOOTNODE_APP_SCORE : 0;
    return bonus + this.penalty(peerId);
  }

  ban(peerId: string, durationMs: number): void {
    this.#bans.set(peerId, this.#now() + durationMs);
  }

  isBanned(peerId: string): boolean {
    const until = this.#bans.get(peerId);
    if (until === undefined) return false;
    if (until > this.#now()) return true;
    this.#bans.delete(peerId);
    return false;
  }
}
