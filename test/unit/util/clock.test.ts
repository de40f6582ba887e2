/**
 * Clocks: the fake clock wakes sleepers in deadline order and honours abort; the system clock sleeps on real time.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FakeClock, sleep, SystemClock } from '../../../core/util/clock.js';

describe('FakeClock', () => {
  it('wakes sleepers in time order, each at its own deadline', async () => {
    const clock = new FakeClock(1000);
    const woke: Array<[string, number]> = [];
    const track = (name: string, at: number) => clock.sleepUntil(at).then(() => woke.push([name, clock.now()]));
    const all = Promise.all([track('c', 3000), track('a', 1500), track('b', 2000), track('b2', 2000)]);
    await clock.advance(1000);
    assert.deepEqual(woke, [['a', 1500], ['b', 2000], ['b2', 2000]]);
    assert.equal(clock.pendingCount, 1);
    assert.equal(clock.nextDeadline(), 3000);
    await clock.advanceTo(5000);
    await all;
    assert.deepEqual(woke.at(-1), ['c', 3000]);
    assert.equal(clock.now(), 5000);
  });

  it('lets a sleeping loop see every deadline', async () => {
    const clock = new FakeClock(0);
    const ticks: number[] = [];
    const loop = (async () => {
      for (let i = 0; i < 5; i++) {
        await sleep(clock, 100);
        ticks.push(clock.now());
      }
    })();
    await clock.advance(1000);
    await loop;
    assert.deepEqual(ticks, [100, 200, 300, 400, 500]);
  });

  it('rejects on abort and forgets the sleeper', async () => {
    const clock = new FakeClock(0);
    const controller = new AbortController();
    const sleeping = clock.sleepUntil(100, controller.signal);
    controller.abort(new Error('stopped'));
    await assert.rejects(sleeping, /stopped/);
    assert.equal(clock.pendingCount, 0);
    await assert.rejects(clock.sleepUntil(200, controller.signal), /stopped/);
  });

  it('resolves at once for a past deadline and refuses to go back', async () => {
    const clock = new FakeClock(500);
    await clock.sleepUntil(100);
    await assert.rejects(clock.advanceTo(100), RangeError);
  });
});

describe('SystemClock', () => {
  it('sleeps until the deadline on the wall clock', async () => {
    const clock = new SystemClock();
    const deadline = clock.now() + 30;
    await clock.sleepUntil(deadline);
    assert.ok(Date.now() >= deadline);
  });

  it('rejects when aborted', async () => {
    const clock = new SystemClock();
    const controller = new AbortController();
    const sleeping = sleep(clock, 60_000, controller.signal);
    controller.abort();
    await assert.rejects(sleeping);
  });
});
