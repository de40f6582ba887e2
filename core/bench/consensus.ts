/**
 * Consensus over many identities (docs/performance.md §5): the tortoise over layers of 10,000 ballots each (every
 * ballot good, as on a healthy network) and the hare's per-message committee check (go's CalcEligibility and
 * Validate over the fixed-point binomial CDF, core/hare/committee.ts) for 10,000 identities of 64 different weights.
 * Each figure is CPU per item over the last tenth against the first tenth: flat means the cost per ballot or
 * message does not grow with what came before. The VRF check each hare message also needs is `smesher bench crypto`
 * ecvrf_verify. Pure but for the clock.
 * @module
 */
import { eligibilityCount, isValidEligibility } from '../hare/committee.js';
import { Tortoise } from '../tortoise/turtle.js';
import { type BenchResult, benchResult } from './result.js';

const IDENTITIES = 10_000;
const LAYERS = 20;
const HARE_COMMITTEE = 800;

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** A small deterministic PRNG (mulberry32). */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

function tortoise(): { firstUs: number; lastUs: number } {
  const lpe = 100;
  const genesis = 2 * lpe - 1;
  const epoch = 2;
  const t = new Tortoise({ hdist: 10, zdist: 2, windowSize: 1000, maxExceptions: 1000, badBeaconVoteDelayLayers: 4032, layersPerEpoch: lpe, effectiveGenesis: genesis });
  const beacon = '01020304';
  t.onBeacon(epoch, beacon);
  const smesher = (i: number): string => i.toString(16).padStart(64, '0');
  for (let i = 0; i < IDENTITIES; i++) t.onAtx(epoch, smesher(i), { weight: 40n, height: 100n, smesher: smesher(i) });
  const id20 = (layer: number, i: number): Uint8Array => {
    const id = new Uint8Array(20);
    new DataView(id.buffer).setUint32(0, layer);
    new DataView(id.buffer).setUint32(4, i + 1);
    return id;
  };
  const perLayerUs: number[] = [];
  for (let l = genesis + 1; l <= genesis + LAYERS; l++) {
    t.tallyVotes(l);
    // Every honest ballot of a layer carries the same votes (one encoding, as go's proposal builder shares it).
    const votes = t.encodeVotes(l);
    const ballots = Array.from({ length: IDENTITIES }, (_, i) => ({
      id: id20(l, i),
      layer: l,
      smesher: smesher(i),
      atxId: smesher(i),
      eligibilities: 1,
      opinionHash: votes.opinionHash,
      votes,
      epochData: l === genesis + 1 ? { beacon, eligibilityCount: LAYERS } : null,
      refBallot: l === genesis + 1 ? null : id20(genesis + 1, i),
      malicious: false,
    }));
    const start = cpuMs();
    for (const b of ballots) t.onBallot(b);
    perLayerUs.push(((cpuMs() - start) * 1000) / IDENTITIES);
    const block = id20(l, IDENTITIES + 1);
    t.onBlock({ id: block, layer: l, height: 100n }, true);
    t.onHareOutput(l, block);
    t.tallyVotes(l);
  }
  if (t.verified < genesis + LAYERS - 2) throw new Error(`the tortoise verified only up to layer ${t.verified}`);
  const tenth = Math.max(1, Math.floor(LAYERS / 10));
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
  // Skip the first layer: it warms the JIT up (and its reference ballots carry epoch data).
  return { firstUs: mean(perLayerUs.slice(1, 1 + tenth)), lastUs: mean(perLayerUs.slice(-tenth)) };
}

function hare(): { firstUs: number; lastUs: number; eligible: number } {
  const random = prng(19);
  const weights = Array.from({ length: IDENTITIES }, (_, i) => BigInt((1 + (i % 64)) * 40));
  const total = weights.reduce((a, b) => a + b, 0n);
  const committee = HARE_COMMITTEE;
  const tenth = IDENTITIES / 10;
  let first = 0;
  let last = 0;
  let eligible = 0;
  for (let i = 0; i < IDENTITIES; i++) {
    const frac = BigInt(Math.floor(random() * 2 ** 28)) * 2n ** 28n + BigInt(Math.floor(random() * 2 ** 28));
    const start = cpuMs();
    const count = eligibilityCount(weights[i]!, total, committee, frac);
    if (count > 0 && !isValidEligibility(weights[i]!, total, committee, frac, count)) throw new Error('a computed count does not validate');
    const spent = cpuMs() - start;
    if (count > 0) eligible++;
    if (i < tenth) first += spent;
    else if (i >= IDENTITIES - tenth) last += spent;
  }
  return { firstUs: (first * 1000) / tenth, lastUs: (last * 1000) / tenth, eligible };
}

/**
 * Runs both.
 * @returns CPU µs per ballot and per hare message check, last tenth against first tenth
 */
export function benchConsensus(): Promise<BenchResult[]> {
  const t = tortoise();
  const h = hare();
  return Promise.resolve([
    benchResult({
      bench: 'scale',
      metric: 'tortoise_us_per_ballot_last_layers',
      value: t.lastUs,
      unit: `CPU µs per ballot, layers ${LAYERS - 1}-${LAYERS} of ${IDENTITIES} ballots each`,
      baseline: 'CPU µs per ballot, layers 2-3',
      baseline_value: t.firstUs,
    }),
    benchResult({
      bench: 'scale',
      metric: 'hare_eligibility_us_per_message_last_tenth',
      value: h.lastUs,
      unit: `CPU µs per committee check, last tenth of ${IDENTITIES} identities (${h.eligible} eligible, committee ${HARE_COMMITTEE})`,
      baseline: 'CPU µs per committee check, first tenth',
      baseline_value: h.firstUs,
    }),
  ]);
}
