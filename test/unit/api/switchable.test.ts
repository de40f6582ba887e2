/**
 * The service that outlives a node restart: calls made while the swap runs wait and reach the new node, never the
 * closed one; event listeners move to the new service; a swap that fails leaves the old service serving.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ApiResult } from '../../../core/api/contract/contract.js';
import type { ApiService, EventListener } from '../../../core/api/service/service.js';
import { switchableService } from '../../../core/api/service/switchable.js';

/** A service that answers its own name and can push a `dropped` event. */
function named(name: string): ApiService & { push(count: number): void; closed: boolean } {
  const listeners = new Set<EventListener>();
  const service = {
    closed: false,
    dispatch: (): Promise<ApiResult<unknown>> => Promise.resolve({ ok: true, value: name }),
    onEvent(listener: EventListener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit() {},
    push(count: number) {
      for (const l of listeners) l('dropped', { count });
    },
    close() {
      service.closed = true;
    },
  };
  return service;
}

describe('switchable service', () => {
  it('holds calls during a swap, then serves them from the new service and forwards its events only', async () => {
    const a = named('a');
    const b = named('b');
    const s = switchableService(a);
    const seen: number[] = [];
    s.onEvent((_e, data) => seen.push((data as { count: number }).count));
    assert.deepEqual(await s.dispatch('node.status', {}), { ok: true, value: 'a' });
    let release!: () => void;
    const swapped = s.switchTo(async () => {
      await new Promise<void>((r) => (release = r));
      a.close();
      return b;
    });
    const held = s.dispatch('node.status', {});
    await new Promise((r) => setImmediate(r));
    release();
    assert.deepEqual(await held, { ok: true, value: 'b' }, 'a call made during the swap reaches the new node');
    assert.equal(await swapped, b);
    a.push(1);
    b.push(2);
    assert.deepEqual(seen, [2]);
    assert.equal(s.current(), b);
  });

  it('a swap that fails leaves the old service serving', async () => {
    const a = named('a');
    const s = switchableService(a);
    await assert.rejects(s.switchTo(() => Promise.reject(new Error('no'))), /no/);
    assert.deepEqual(await s.dispatch('node.status', {}), { ok: true, value: 'a' });
  });
});
