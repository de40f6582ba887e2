/**
 * The preload surface (issue #8 "Done when"): exactly one object, `nodeBridge`, with exactly `call` and
 * `subscribe`; calls go through `node:call` only; listeners get event data, never the IPC event; the built script
 * (build/buildPreload.js) runs in a sandbox-like context with nothing but `require('electron')` and exposes the same.
 * @module
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, it } from 'node:test';
import type { IpcRenderer } from 'electron';
import { transpilePreload } from '../../../build/buildPreload.js';
import { BRIDGE_NAME, buildBridge, exposeBridge } from '../../../electron/preload/preload.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

function fakeIpc() {
  const invoked: unknown[][] = [];
  const handlers = new Map<string, (event: unknown, ...args: unknown[]) => void>();
  const ipc = {
    invoke: (...args: unknown[]) => (invoked.push(args), Promise.resolve({ ok: true, value: null })),
    on: (channel: string, fn: (event: unknown, ...args: unknown[]) => void) => (handlers.set(channel, fn), ipc),
  };
  return { ipc: ipc as unknown as Pick<IpcRenderer, 'invoke' | 'on'>, invoked, handlers };
}

describe('preload bridge', () => {
  it('exposes exactly one frozen object with exactly call and subscribe', () => {
    const exposed: [string, unknown][] = [];
    const { ipc } = fakeIpc();
    exposeBridge({ exposeInMainWorld: (key: string, api: unknown) => void exposed.push([key, api]) }, ipc);
    assert.equal(exposed.length, 1);
    const [name, api] = exposed[0]!;
    assert.equal(name, BRIDGE_NAME);
    assert.equal(name, 'nodeBridge');
    assert.deepEqual(Object.keys(api as object).sort(), ['call', 'subscribe']);
    assert.ok(Object.isFrozen(api));
  });

  it('calls go to node:call; subscriptions are counted and listeners receive data only', async () => {
    const { ipc, invoked, handlers } = fakeIpc();
    const bridge = buildBridge(ipc);
    await bridge.call('node.status', {});
    await bridge.call('node.status');
    assert.deepEqual(invoked, [['node:call', 'node.status', {}], ['node:call', 'node.status', {}]]);
    assert.equal((await bridge.call(42 as unknown as string)).ok, false);
    assert.equal(invoked.length, 2, 'a non-string method never reaches main');

    const got: unknown[][] = [];
    const stopA = bridge.subscribe('layer', (...args) => got.push(args));
    const stopB = bridge.subscribe('layer', () => {});
    assert.deepEqual(invoked.slice(2), [['node:call', 'events.subscribe', { events: ['layer'] }]], 'one subscribe per event');
    assert.deepEqual([...handlers.keys()], ['node:event']);
    const ipcEvent = { sender: 'the ipcRenderer itself' };
    handlers.get('node:event')!(ipcEvent, [{ event: 'layer', data: { layer: 3 } }, { event: 'atx', data: {} }]);
    assert.deepEqual(got, [[{ layer: 3 }]], 'data only, and only for subscribed events');
    handlers.get('node:event')!(ipcEvent, 'not a batch');
    stopA();
    assert.equal(invoked.length, 3);
    stopB();
    assert.deepEqual(invoked[3], ['node:call', 'events.unsubscribe', { events: ['layer'] }]);
  });

  it('the built preload runs with only require("electron") and exposes the same single object', () => {
    const code = transpilePreload(readFileSync(join(ROOT, 'electron', 'preload', 'preload.ts'), 'utf8'));
    const exposed: [string, unknown][] = [];
    const { ipc } = fakeIpc();
    const required: string[] = [];
    runInNewContext(code, {
      process: { type: 'renderer' },
      require: (id: string) => {
        required.push(id);
        return { contextBridge: { exposeInMainWorld: (k: string, v: unknown) => void exposed.push([k, v]) }, ipcRenderer: ipc };
      },
    });
    assert.deepEqual(required, ['electron']);
    assert.equal(exposed.length, 1);
    assert.equal(exposed[0]![0], 'nodeBridge');
    assert.deepEqual(Object.keys(exposed[0]![1] as object).sort(), ['call', 'subscribe']);
  });

  it('the build refuses a preload that gained a runtime import', () => {
    assert.throws(() => transpilePreload("import { x } from './other.js';\nx();\n"), /must not import/);
  });
});
