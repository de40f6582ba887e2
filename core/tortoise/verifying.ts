/**
 * Verifying-mode tortoise (docs/protocol/tortoise.md §2; go-spacemesh `tortoise/verifying.go`): ballots whose opinion
 * hash of the previous layer equals this node's are "good"; the oldest unverified layer becomes verified when the
 * good ballot weight after it crosses the global threshold. In verifying mode a layer can only be verified with
 * the local opinion, so verification never changes what was applied; full mode (self-healing from disagreeing
 * ballots) is not built. Pure: the mesh feeds it decisions and ballots.
 * @module
 */
import { bytesToHex } from '../util/bytes.js';
import { globalThreshold } from './logic.js';

export class VerifyingTortoise {
  /** layer → the local opinion hash up to that layer. */
  readonly #opinions = new Map<number, string>();
  /** layer → good ballot weight in it. */
  readonly #good = new Map<number, number>();
  #verified: number;
  #last: number;

  /**
   * @param genesisLayer - the effective genesis layer, verified by definition
   * @param expectedPerLayer - the weight the layer's epoch expects in one layer (epoch weight / LPE)
   */
  constructor(
    genesisLayer: number,
    private readonly expectedPerLayer: (layer: number) => number,
  ) {
    this.#verified = genesisLayer;
    this.#last = genesisLayer;
  }

  get verified(): number {
    return this.#verified;
  }

  /** The local opinion of `layer` was decided (or changed). */
  onOpinion(layer: number, opinionHash: Uint8Array): void {
    this.#opinions.set(layer, bytesToHex(opinionHash));
  }

  /** Forget opinions after `layer` (a revert). */
  revert(layer: number): void {
    for (const l of [...this.#opinions.keys()]) if (l > layer) this.#opinions.delete(l);
    if (this.#verified > layer) this.#verified = layer;
  }

  /** A ballot of `layer` voting `opinionHash` for layer − 1, with its weight. @returns true when it is good */
  onBallot(layer: number, opinionHash: Uint8Array, weight: number): boolean {
    const good = this.#opinions.get(layer - 1) === bytesToHex(opinionHash);
    if (good) this.#good.set(layer, (this.#good.get(layer) ?? 0) + weight);
    if (layer > this.#last) this.#last = layer;
    this.#advance();
    return good;
  }

  #advance(): void {
    for (;;) {
      const target = this.#verified + 1;
      if (target >= this.#last || !this.#opinions.has(target)) return;
      let good = 0;
      for (let l = target + 1; l <= this.#last; l++) good += this.#good.get(l) ?? 0;
      if (good < globalThreshold(this.expectedPerLayer, target, this.#last)) return;
      this.#verified = target;
    }
  }
}
