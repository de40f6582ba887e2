/**
 * The expected share of a layer's subsidy for an identity holding `c` slots in it, when the other smeshers' slots
 * in the layer are not known yet (docs/protocol/eligibility.md §2; docs/protocol/blocks-and-rewards.md §5). Pure floating-point arithmetic, used by
 * core/rewards/forecast.ts.
 *
 * Why not `c / (c + E[K])`: the share is `c·u / (c·u + K·u)` with `K` the other slots that land in the layer, and
 * `k ↦ c/(c+k)` is convex, so by Jensen plugging in the average `E[K]` underestimates `E[c/(c+K)]` (by ~2% at
 * the ~50 slots per layer of the presets). Here the expectation is summed over the distribution of `K` instead.
 *
 * Model (what is estimated): the VRF places each of the other smeshers' `n` slots in each layer independently
 * with probability `1/LPE`, so `K ~ Binomial(n, 1/LPE)`; and every other slot weighs what one of ours does
 * (`w/E`; docs/protocol/eligibility.md §1: slots are proportional to weight), so `n = (T − w)·E / w`, rounded. Both are exact for
 * identities whose weight divides evenly into slots and approximate otherwise (the floor in the slot formula).
 * @module
 */

/** Terms below this fraction of the largest are left out of the sum (they cannot move a float64 result). */
const NEGLIGIBLE = 1e-20;

/**
 * `E[c / (c + K)]` with `K ~ Binomial(n, p)`: 1 when no one else has a slot.
 * @param c - our slots in the layer (≥ 1)
 * @param n - the other smeshers' slots in the epoch (≥ 0, an integer)
 * @param p - the chance one slot lands in the layer (`1/LPE`)
 */
export function expectedShare(c: number, n: number, p: number): number {
  if (n === 0 || p === 0) return 1;
  if (p === 1) return c / (c + n);
  // Walk out from the mode in both directions with unnormalised terms (term(mode) = 1) and normalise at the end:
  // (1−p)^n underflows for large n·p, the ratio of neighbouring terms never does.
  const mode = Math.min(n, Math.floor((n + 1) * p));
  const odds = p / (1 - p);
  let total = 1;
  let weighted = c / (c + mode);
  let term = 1;
  for (let k = mode; k < n; k++) {
    term *= ((n - k) / (k + 1)) * odds;
    if (term < NEGLIGIBLE) break;
    total += term;
    weighted += (term * c) / (c + k + 1);
  }
  term = 1;
  for (let k = mode; k > 0; k--) {
    term *= k / ((n - k + 1) * odds);
    if (term < NEGLIGIBLE) break;
    total += term;
    weighted += (term * c) / (c + k - 1);
  }
  return weighted / total;
}

/** Bits of the fixed-point fraction `subsidy · share` is floored with (a float64 carries 53). */
const SHARE_BITS = 53n;

/** `floor(subsidy · share)` for a share in [0, 1], exact to the float's precision (subsidies are < 2^49 smidge). */
export function applyShare(subsidy: bigint, share: number): bigint {
  const fixed = BigInt(Math.floor(share * 2 ** Number(SHARE_BITS)));
  return (subsidy * fixed) >> SHARE_BITS;
}
