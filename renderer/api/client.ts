/**
 * The renderer's typed API client (STYLE.md §5.4, VS Code `ProxyChannel.toService`): `client.node.status({})`,
 * `client.wallet.balance({address})`, ... built by a Proxy over one transport, either the Electron preload's
 * `window.nodeBridge` or a WebSocket to the headless host (same origin; the page's cookie carries the token).
 * Components and stores use this client and never a transport. Types come from the core contract through
 * `import type` only. Browser code: no Node APIs.
 * @module
 */
import type { ApiArgs, ApiError, ApiEvents, ApiResult, ApiValue, EventName, MethodName, NodeBridge } from '../../core/api/contract.js';

/** What the client needs from a transport: the bridge's own shape. */
export type Transport = NodeBridge;

/** A refused call: the API's code and message. */
export class ApiCallError extends Error {
  readonly code: string;
  constructor(error: ApiError) {
    super(error.message);
    this.name = 'ApiCallError';
    this.code = error.code;
  }
}

type Namespace<M extends string> = M extends `${infer NS}.${string}` ? NS : never;
type MethodsOf<NS extends string> = Extract<MethodName, `${NS}.${string}`>;
type Short<M extends string, NS extends string> = M extends `${NS}.${infer Fn}` ? Fn : never;

/** `client.<namespace>.<method>(args)` for every method of the contract. */
export type NodeClient = {
  readonly [NS in Namespace<MethodName>]: {
    readonly [Fn in Short<MethodsOf<NS>, NS>]: (args: ApiArgs<Extract<MethodsOf<NS>, `${NS}.${Fn}`>>) => Promise<ApiValue<Extract<MethodsOf<NS>, `${NS}.${Fn}`>>>;
  };
} & {
  /** Receives `event` until the returned function is called. */
  readonly on: <E extends EventName>(event: E, listener: (data: ApiEvents[E]) => void) => () => void;
};

/**
 * Builds the client over a transport.
 * @throws {ApiCallError} from each method when the node refuses the call
 */
export function createNodeClient(transport: Transport): NodeClient {
  const namespaces = new Map<string, object>();
  const on = <E extends EventName>(event: E, listener: (data: ApiEvents[E]) => void): (() => void) =>
    transport.subscribe(event, listener as (data: unknown) => void);
  return new Proxy({} as NodeClient, {
    get(_target, ns) {
      if (ns === 'on') return on;
      if (typeof ns !== 'string' || ns === 'then') return undefined;
      let proxy = namespaces.get(ns);
      if (proxy === undefined) {
        proxy = new Proxy(
          {},
          {
            get(_t, fn) {
              if (typeof fn !== 'string' || fn === 'then') return undefined;
              return async (args?: unknown) => {
                const result: ApiResult<unknown> = await transport.call(`${ns}.${fn}`, args ?? {});
                if (!result.ok) throw new ApiCallError(result.error);
                return result.value;
              };
            },
          },
        );
        namespaces.set(ns, proxy);
      }
      return proxy;
    },
  });
}

/** The slice of the browser's WebSocket the transport uses. */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: 'open' | 'close', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

const OPEN = 1;

/**
 * A transport over a WebSocket to the host's `/ws`. Calls made before the socket opens wait for it; when it closes,
 * pending and later calls resolve to a DISCONNECTED error.
 */
export function createWebSocketTransport(url: string, WebSocketImpl: new (url: string) => WebSocketLike): Transport {
  const socket = new WebSocketImpl(url);
  const pending = new Map<number, (result: ApiResult<unknown>) => void>();
  const listeners = new Map<EventName, Set<(data: unknown) => void>>();
  let seq = 0;
  let closed = false;
  const opened = new Promise<void>((resolve) => socket.addEventListener('open', () => resolve()));
  const disconnected: ApiResult<never> = { ok: false, error: { code: 'DISCONNECTED', message: 'the connection to the node closed' } };
  socket.addEventListener('close', () => {
    closed = true;
    for (const resolve of pending.values()) resolve(disconnected);
    pending.clear();
  });
  socket.addEventListener('message', ({ data }) => {
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
  });
  const call = async (method: string, args?: unknown): Promise<ApiResult<unknown>> => {
    if (socket.readyState !== OPEN && !closed) await opened;
    if (closed) return disconnected;
    const id = ++seq;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      socket.send(JSON.stringify({ id, method, args: args ?? {} }));
    });
  };
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
  };
}

/** The transport for this page: the Electron bridge when the preload provided one, else the host's WebSocket. */
export function defaultTransport(env: { nodeBridge?: NodeBridge; location: { protocol: string; host: string }; WebSocket: new (url: string) => WebSocketLike }): Transport {
  if (env.nodeBridge !== undefined) return env.nodeBridge;
  const scheme = env.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return createWebSocketTransport(`${scheme}//${env.location.host}/ws`, env.WebSocket);
}
