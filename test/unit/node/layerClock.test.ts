/**
 * The layer clock on a fake clock: current layer/epoch, a tick at the start of every layer, catching up layer by
 * layer after a jump, and a clean stop.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LayerClock, type LayerTick } from '../../../core/node/layerClock.js';
import { FakeClock } from '../../../core/util/clock.js';

const T = 1_800_000_000_000;

describe('LayerClock', () => {
  it('ticks every layer from the current one, catching up after a jump', async () => {
    const clock = new FakeClock(T - 1_000);
    const layers = new LayerClock(clock, { genesisTimeMs: T, layerDurationMs: 6_000, layersPerEpoch: 10 });
    assert.equal(layers.currentLayer(), 0);
    const ticks: LayerTick[] = [];
    const abort = new AbortController();
    const running = layers.run((tick) => ticks.push(tick), abort.signal);
    await clock.advanceTo(T + 6_000 * 2 + 1);
    assert.deepEqual(ticks.map((t) => t.layer), [0, 1, 2]);
    await clock.advanceTo(T + 6_000 * 11);
    assert.deepEqual(ticks.map((t) => t.layer), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    assert.deepEqual(ticks.at(-1), { layer: 11, epoch: 1 });
    assert.equal(layers.currentEpoch(), 1);
    abort.abort();
    await running;
  });
});
