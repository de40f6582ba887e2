/**
 * The wizard's quick benchmark runs the real label workers and reports a rate consistent with its own numbers
 * (no wall-clock expectations), and `smeshing.benchmark` uses it when the host injects none.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { quickBenchmark } from '../../../core/post/benchmark.js';

describe('quickBenchmark', () => {
  it('measures labels/s on label workers and derives seconds per unit from it', async () => {
    const r = await quickBenchmark(1, 16, 4096, 50);
    assert.equal(r.threads, 1);
    assert.equal(r.scryptN, 16);
    assert.ok(r.labelsPerSecond > 0);
    assert.ok(r.measuredMs >= 50);
    assert.equal(r.secondsPerUnit, Math.ceil(4096 / r.labelsPerSecond) || r.secondsPerUnit);
  });
});

describe('bench node: quantiles', () => {
  it('takes the nearest-rank quantile of sorted samples', async () => {
    const { quantile } = await import('../../../core/bench/node.js');
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    assert.equal(quantile(samples, 0.5), 50);
    assert.equal(quantile(samples, 0.99), 99);
    assert.equal(quantile([7], 0.99), 7);
    assert.throws(() => quantile([], 0.5), RangeError);
  });
});
