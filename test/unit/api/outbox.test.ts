/**
 * Backpressure for slow subscribers: coalesced events keep only their newest value per key, a full queue drops its
 * oldest events and reports how many with one `dropped` notice, and unsubscribed events leave the queue.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EventMessage } from '../../../core/api/contract/contract.js';
import { EventOutbox } from '../../../core/api/server/outbox.js';

const progress = (smesherId: string, labelsDone: number): EventMessage => ({ event: 'progress', data: { smesherId, labelsDone, labelsTotal: 100, etaSeconds: null } });
const timeline = (publishEpoch: number): EventMessage => ({ event: 'timeline', data: { timeMs: 0, event: 'post_proof', smesherId: 'a', publishEpoch } });

function drain(outbox: EventOutbox): EventMessage[] {
  const out: EventMessage[] = [];
  for (let m = outbox.take(); m !== undefined; m = outbox.take()) out.push(m);
  return out;
}

describe('EventOutbox', () => {
  it('coalesces progress per identity and layers into the latest, in place', () => {
    const o = new EventOutbox(10);
    o.push(progress('a', 1));
    o.push(timeline(1));
    o.push(progress('b', 5));
    o.push(progress('a', 2));
    o.push({ event: 'layer', data: { layer: 1, epoch: 0, startMs: 0 } });
    o.push({ event: 'layer', data: { layer: 2, epoch: 0, startMs: 0 } });
    o.push(progress('a', 3));
    assert.deepEqual(
      drain(o).map((m) => (m.event === 'progress' ? `p:${m.data.smesherId}${m.data.labelsDone}` : m.event === 'layer' ? `l:${m.data.layer}` : m.event)),
      ['p:a3', 'timeline', 'p:b5', 'l:2'],
    );
  });

  it('drops the oldest when full and reports the count first, once', () => {
    const o = new EventOutbox(3);
    for (let i = 0; i < 10; i++) o.push(timeline(i));
    assert.equal(o.dropped, 7);
    const out = drain(o);
    assert.deepEqual(out[0], { event: 'dropped', data: { count: 7 } });
    assert.deepEqual(out.slice(1).map((m) => (m.event === 'timeline' && m.data.event === 'post_proof' ? m.data.publishEpoch : -1)), [7, 8, 9]);
    assert.equal(o.take(), undefined);
    assert.equal(o.dropped, 0);
  });

  it('stays bounded however many events arrive', () => {
    const o = new EventOutbox(50);
    for (let i = 0; i < 100_000; i++) o.push(i % 2 ? timeline(i) : progress(`id${i % 7}`, i));
    assert.ok(o.size <= 51);
  });

  it('retain() removes events no longer subscribed', () => {
    const o = new EventOutbox(10);
    o.push(timeline(1));
    o.push(progress('a', 1));
    o.retain(new Set(['progress']));
    assert.deepEqual(drain(o).map((m) => m.event), ['progress']);
  });
});
