/**
 * The renderer's typed API client (docs/architecture.md §4, VS Code `ProxyChannel.toService`): `client.node.status({})`,
 * `client.wallet.balance({address})`, ... built by a Proxy over one transport, either the Electron preload's
 * `window.nodeBridge` or a WebSocket to the headless host (same origin; the token comes from the page's own address,
 * `?token=…` as `smesher node` prints it, and goes in the WebSocket's; no cookie carries it).
 * Components and stores use this client and never a transport. Types come from the core contract through
 * `import type` only. Browser code: no Node APIs.
 * @module
 */
import type { ApiArgs, ApiError, ApiEvents, ApiResult, ApiValue, EventName, MethodName, NodeBridge } from '../../core/api/contract/contract.js';
import { type WebSocketLike, createWebSocketTransport } from './wsTransport.js';

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

/** The transport for this page: the Electron bridge when the preload provided one, else the host's WebSocket. */
export function defaultTransport(env: {
  nodeBridge?: NodeBridge;
  location: { protocol: string; host: string; search?: string };
  WebSocket: new (url: string) => WebSocketLike;
}): Transport {
  if (env.nodeBridge !== undefined) return env.nodeBridge;
  const scheme = env.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const token = new URLSearchParams(env.location.search ?? '').get('token');
  const query = token === null ? '' : `?token=${encodeURIComponent(token)}`;
  return createWebSocketTransport(`${scheme}//${env.location.host}/ws${query}`, env.WebSocket);
}
