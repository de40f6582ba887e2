/**
 * The IPC bridge's main side: calls from a frame that is not ours (another origin, a subframe, a destroyed frame)
 * are refused with FORBIDDEN_ORIGIN and reach nothing; our window's calls go through the one dispatcher;
 * subscribed events go out in batches on `node:event`, coalesced for a busy window.
 * @module
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import type { IpcMainInvokeEvent } from 'electron';
import type { ApiResult } from '../../../core/api/contract/contract.js';
import { CALL_CHANNEL, EVENT_CHANNEL, isTrustedSender, registerIpcBridge } from '../../../electron/main/ipc.js';
import { SMESHER_A, fixture } from '../api/helpers.js';

type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<ApiResult<unknown>>;

class FakeSender extends EventEmitter {
  sent: [string, unknown][] = [];
  destroyed = false;
  constructor(readonly id: number) {
    super();
  }
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
}

const TOP = { url: 'app://smesher/index.html', parent: null };

async function setup(t: Parameters<typeof fixture>[0]) {
  const f = await fixture(t);
  const handlers = new Map<string, Handler>();
  let tick: (() => void) | undefined;
  const stop = registerIpcBridge({
    ipcMain: { handle: (ch: string, fn: Handler) => void handlers.set(ch, fn), removeHandler: (ch: string) => void handlers.delete(ch) },
    service: f.service,
    setInterval: (fn) => ((tick = fn), 1),
    clearInterval: () => (tick = undefined),
  });
  t.after(stop);
  const sender = new FakeSender(1);
  const invoke = (frame: unknown, method: unknown, args?: unknown) =>
    handlers.get(CALL_CHANNEL)!({ senderFrame: frame, sender } as unknown as IpcMainInvokeEvent, method, args);
  return { f, handlers, sender, invoke, flush: () => tick?.(), stop };
}

describe('IPC sender check', () => {
  it('accepts only the top frame of our own origin', () => {
    assert.equal(isTrustedSender(TOP), true);
    assert.equal(isTrustedSender({ url: 'app://smesher/index.html', parent: TOP as never }), false);
    assert.equal(isTrustedSender({ url: 'https://evil.example/', parent: null }), false);
    assert.equal(isTrustedSender({ url: 'file:///app/index.html', parent: null }), false);
    assert.equal(isTrustedSender({ url: 'http://127.0.0.1:9171/', parent: null }), false);
    assert.equal(isTrustedSender(null), false);
  });

  it('refuses calls from other frames before dispatching; serves ours', async (t) => {
    const { invoke, f } = await setup(t);
    for (const frame of [null, { url: 'https://evil.example/', parent: null }, { url: TOP.url, parent: TOP }]) {
      const r = await invoke(frame, 'wallet.create', { name: 'x', password: 'password123' });
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.error.code, 'FORBIDDEN_ORIGIN');
    }
    assert.deepEqual(await f.service.dispatch('wallet.list', {}), { ok: true, value: [] }, 'nothing was created');
    const ok = await invoke(TOP, 'node.status', {});
    assert.equal(ok.ok, true);
    const bad = await invoke(TOP, 'node.nope', {});
    assert.equal(!bad.ok && bad.error.code, 'UNKNOWN_METHOD');
  });
});

describe('IPC events', () => {
  it('sends subscribed events in batches, coalescing progress, and stops after unsubscribe', async (t) => {
    const { invoke, f, sender, flush } = await setup(t);
    assert.equal((await invoke(TOP, 'events.subscribe', { events: ['progress', 'timeline'] })).ok, true);
    for (let i = 1; i <= 5; i++) f.node.events.emit('timeline', { event: 'post_init_progress', smesherId: SMESHER_A, labelsDone: i, labelsTotal: 5, etaSeconds: null });
    f.node.events.emit('atx', { id: new Uint8Array(32), smesherId: new Uint8Array(32), publishEpoch: 1, numUnits: 1, weight: 1 } as never);
    flush();
    assert.equal(sender.sent.length, 1);
    const [channel, batch] = sender.sent[0]!;
    assert.equal(channel, EVENT_CHANNEL);
    const events = (batch as { event: string; data: { labelsDone?: number } }[]).map((m) => `${m.event}${m.event === 'progress' ? m.data.labelsDone : ''}`);
    assert.deepEqual(events.filter((e) => e.startsWith('progress')), ['progress5'], 'progress coalesced to the latest');
    assert.equal(events.filter((e) => e === 'timeline').length, 5);
    assert.ok(!events.includes('atx'), 'not subscribed');
    flush();
    assert.equal(sender.sent.length, 1, 'nothing new, nothing sent');

    await invoke(TOP, 'events.unsubscribe', { events: ['progress', 'timeline'] });
    f.node.events.emit('timeline', { event: 'post_proof', smesherId: SMESHER_A, publishEpoch: 2 });
    flush();
    assert.equal(sender.sent.length, 1);
  });

  it('forgets a destroyed window', async (t) => {
    const { invoke, f, sender, flush } = await setup(t);
    await invoke(TOP, 'events.subscribe', { events: ['timeline'] });
    sender.destroyed = true;
    f.node.events.emit('timeline', { event: 'post_proof', smesherId: SMESHER_A, publishEpoch: 2 });
    flush();
    assert.equal(sender.sent.length, 0);
  });
});
