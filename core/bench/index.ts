/**
 * Every benchmark, by the name `smesher bench <name>` takes; `all` (what `npm run bench` runs) runs {@link BENCHES}
 * in this order, and {@link LONG_BENCHES} only by name. Each returns figures with a baseline measured in the same run.
 * @module
 */
import { benchConsensus } from './consensus.js';
import { benchCrypto } from './crypto.js';
import { benchNet } from './net.js';
import { benchFootprint } from './footprint.js';
import { benchGrowth } from './growth.js';
import { benchNode } from './node.js';
import { benchPoet } from './poet.js';
import { benchPost, benchProve } from './post.js';
import { benchScale } from './scale.js';
import { benchSync } from './sync.js';
import type { BenchResult } from './result.js';

export type { BenchResult } from './result.js';

export const BENCHES: Readonly<Record<string, () => Promise<BenchResult[]>>> = {
  crypto: benchCrypto,
  post: benchPost,
  prove: benchProve,
  poet: benchPoet,
  api: benchNode,
  growth: benchGrowth,
  scale: async () => [...(await benchScale()), ...(await benchScale(100, 'standalone')), ...(await benchConsensus())],
  node: benchFootprint,
  net: () => benchNet(),
  sync: () => benchSync(),
};

/**
 * Benchmarks too long for `all`: `scale-full` is the scale benchmark's ATX epoch at full size with mainnet's scrypt
 * cost (10,000 initial ATXs of the standalone preset's PoST, N = 8192): about 12 minutes to generate and 11 to
 * validate on one core of the CI machine (docs/performance.md §5).
 */
export const LONG_BENCHES: Readonly<Record<string, () => Promise<BenchResult[]>>> = {
  'scale-full': () => benchScale(10_000, 'standalone'),
};
