/**
 * The WebSocket transport to the headless host's `/ws`, built to outlive the node going away. A home node gets
 * restarted (an update, a crash, the user quitting `smesher node`), and the page must not need a reload for it:
 * when the socket closes, the calls in flight resolve to a DISCONNECTED refusal, and the transport connects again,
 * at once when a call is made and otherwise in the background after 1, 2, then every 5 seconds. Once it is back it
 * subscribes again to every event that still has listeners (a subscription belongs to one connection on the host).
 * Browser code: no Node APIs.
 * @module
 */
import type { ApiResult, EventName, NodeBridge } from '../../core/api/contract/contract.js';

/** The slice of the browser's WebSocket the transport uses. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: 'open' | 'close', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

export interface WebSocketTransportOptions {
  /** Waits between background reconnection attempts; the last one repeats. Default 1 s, 2 s, 5 s. */
  readonly retryDelaysMs?: readonly number[];
}

/** A transport that can also be shut for good (tests; a page simply goes away). */
export interface WebSocketTransport extends NodeBridge {
  /** Closes the socket and stops reconnecting; later calls resolve to DISCONNECTED. */
  close(): void;
}

const DEFAULT_RETRY_DELAYS_MS = [1000, 2000, 5000] as const;
const DISCONNECTED: ApiResult<never> = { ok: false, error: { code: 'DISCONNECTED', message: 'the connection to the node closed' } };

export function createWebSocketTransport(url: string, WebSocketImpl: new (url: string) => WebSocketLike, options: WebSocketTransportOptions = {}): WebSocketTransport {
  const retryDelays = options.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
  const pending = new Map<number, (result: ApiResult<unknown>) => void>();
  const listeners = new Map<EventName, Set<(data: unknown) => void>>();
  let seq = 0;
  let socket: WebSocketLike | undefined;
  /** Whether `socket` is open; calls are sent only then. */
  let up = false;
  /** Resolves true when the current attempt opens, false when it closes first. */
  let attempt: Promise<boolean> = Promise.resolve(false);
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let shut = false;

  function connect(): void {
    clearTimeout(retryTimer);
    retryTimer = undefined;
    const ws = new WebSocketImpl(url);
    socket = ws;
    attempt = new Promise((settle) => {
      ws.addEventListener('open', () => {
        if (socket !== ws) return;
        up = true;
        failures = 0;
        // A new connection starts bare on the host. Subscribing twice is harmless (the host keeps a set), so the
        // subscribe calls that waited for this open need no special case.
        const events = [...listeners.keys()];
        if (events.length > 0) void call('events.subscribe', { events });
        settle(true);
      });
      ws.addEventListener('close', () => {
        if (socket !== ws) return;
        up = false;
        settle(false);
        for (const resolve of pending.values()) resolve(DISCONNECTED);
        pending.clear();
        if (!shut) retryTimer = setTimeout(connect, retryDelays[Math.min(failures++, retryDelays.length - 1)]);
      });
    });
    ws.addEventListener('message', ({ data }) => {
      if (socket === ws) receive(data);
    });
  }

  function receive(data: unknown): void {
    if (typeof data !== 'string') return;
    let message: { id?: unknown; event?: unknown; data?: unknown; ok?: boolean };
    try {
      message = JSON.parse(data) as typeof message;
    } catch {
      return;
    }
    if (typeof message.event === 'string') {
      for (const listener of listeners.get(message.event as EventName) ?? []) listener(message.data);
    } else if (typeof message.id === 'number') {
      const resolve = pending.get(message.id);
      pending.delete(message.id);
      const { id: _id, ...result } = message;
      resolve?.(result as ApiResult<unknown>);
    }
  }

  async function call(method: string, args?: unknown): Promise<ApiResult<unknown>> {
    if (!up) {
      // Between background attempts: someone wants the node now, so try now rather than at the next tick.
      if (retryTimer !== undefined) connect();
      await attempt;
      // Closed again (or shut) while we waited: a send now would be dropped and never answered.
      if (!up || socket === undefined) return DISCONNECTED;
    }
    const id = ++seq;
    const open = socket!;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      open.send(JSON.stringify({ id, method, args: args ?? {} }));
    });
  }

  connect();
  return {
    call,
    subscribe(event, listener) {
      let set = listeners.get(event);
      if (set === undefined) {
        listeners.set(event, (set = new Set()));
        void call('events.subscribe', { events: [event] });
      }
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size === 0 && listeners.get(event) === set) {
          listeners.delete(event);
          void call('events.unsubscribe', { events: [event] });
        }
      };
    },
    close() {
      shut = true;
      clearTimeout(retryTimer);
      retryTimer = undefined;
      socket?.close();
    },
  };
}
