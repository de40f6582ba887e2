/**
 * The preload script: exposes exactly one object, `window.nodeBridge = {call, subscribe}` (docs/architecture.md §4), and
 * nothing else. The raw `ipcRenderer` never reaches the page, listeners receive event data only (never the IPC
 * event object), and the only channels used are `node:call` and `node:event`. Sandboxed preloads cannot load
 * other files, so this file has no runtime imports: build/buildPreload.js turns it into one script.
 * @module
 */
import type { ContextBridge, IpcRenderer, IpcRendererEvent } from 'electron';
import type { ApiResult, EventMessage, EventName, NodeBridge } from '../../core/api/contract/contract.js';

const CALL_CHANNEL = 'node:call';
const EVENT_CHANNEL = 'node:event';
export const BRIDGE_NAME = 'nodeBridge';

type IpcLike = Pick<IpcRenderer, 'invoke' | 'on'>;

/** Builds the bridge over `ipc`. */
export function buildBridge(ipc: IpcLike): NodeBridge {
  const listeners = new Map<EventName, Set<(data: unknown) => void>>();
  let listening = false;
  const onBatch = (_event: IpcRendererEvent, batch: unknown): void => {
    if (!Array.isArray(batch)) return;
    for (const message of batch as EventMessage[]) {
      for (const listener of listeners.get(message.event) ?? []) listener(message.data);
    }
  };
  const invoke = (method: string, args: unknown): Promise<ApiResult<unknown>> => ipc.invoke(CALL_CHANNEL, method, args) as Promise<ApiResult<unknown>>;

  return Object.freeze({
    call(method: string, args?: unknown): Promise<ApiResult<unknown>> {
      if (typeof method !== 'string') return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_METHOD', message: 'method must be a string' } });
      return invoke(method, args ?? {});
    },
    subscribe(event: EventName, listener: (data: unknown) => void): () => void {
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      if (!listening) {
        ipc.on(EVENT_CHANNEL, onBatch);
        listening = true;
      }
      let set = listeners.get(event);
      if (set === undefined) {
        listeners.set(event, (set = new Set()));
        void invoke('events.subscribe', { events: [event] });
      }
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(event) === set) {
          listeners.delete(event);
          void invoke('events.unsubscribe', { events: [event] });
        }
      };
    },
  });
}

/** Exposes the bridge to the page under {@link BRIDGE_NAME}. */
export function exposeBridge(contextBridge: Pick<ContextBridge, 'exposeInMainWorld'>, ipc: IpcLike): void {
  contextBridge.exposeInMainWorld(BRIDGE_NAME, buildBridge(ipc));
}

// Entry: inside Electron's sandboxed preload `require('electron')` is provided; under plain Node (unit tests, which
// import the functions above) there is no renderer process and nothing runs.
declare const require: ((id: 'electron') => { contextBridge: ContextBridge; ipcRenderer: IpcRenderer }) | undefined;
if (typeof require === 'function' && (process as { type?: string }).type === 'renderer') {
  const electron = require('electron');
  exposeBridge(electron.contextBridge, electron.ipcRenderer);
}
