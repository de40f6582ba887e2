/**
 * A node that runs in another process, as an {@link ApiService}: calls go over its WebSocket API ({@link ApiClient}),
 * its events come back and are handed to this process's listeners. The Electron app uses it to attach to a node
 * already running on its data folder (docs/architecture.md §7: one node per data folder) instead of starting a
 * second one; its window and notifications then work as with its own node. Subscriptions stay local: this process
 * subscribes to every event once and each of its transports filters, as with a local service. I/O: a WebSocket.
 * @module
 */
import { type ApiEvents, EVENT_NAMES, type EventName } from '../contract/contract.js';
import { ARG_SCHEMAS } from '../contract/schemas.js';
import type { CallContext } from '../service/dispatch.js';
import type { ApiService, EventListener } from '../service/service.js';
import { ApiClient } from './client.js';

export interface RemoteService extends ApiService {
  /** Resolves when the connection to the node is gone (the node stopped, or {@link ApiService.close}). */
  readonly disconnected: Promise<void>;
}

export interface RemoteServiceOptions {
  /** The node's API address (`http://127.0.0.1:9171`). */
  readonly url: string;
  readonly token: string;
  /** A call unanswered this long fails with TIMEOUT (default 5 minutes: a benchmark or a send may take a while). */
  readonly timeoutMs?: number;
}

/**
 * Connects to a running node's API and subscribes to its events.
 * @throws {CodedError} UNAUTHORIZED, FORBIDDEN_ORIGIN, CONNECT_FAILED from the connection
 */
export async function connectRemoteService(options: RemoteServiceOptions): Promise<RemoteService> {
  const client = await ApiClient.connect({ url: options.url, token: options.token, timeoutMs: options.timeoutMs ?? 300_000 });
  const listeners = new Set<EventListener>();
  const emit = <E extends EventName>(event: E, data: ApiEvents[E]): void => {
    for (const listener of listeners) listener(event, data);
  };
  for (const event of EVENT_NAMES) client.on(event, (data) => emit(event, data as ApiEvents[typeof event]));
  const subscribed = await client.call('events.subscribe', { events: [...EVENT_NAMES] });
  if (!subscribed.ok) {
    await client.close();
    throw Object.assign(new Error(`the node refused its events: ${subscribed.error.message}`), { code: subscribed.error.code });
  }
  return {
    disconnected: client.ended,
    async dispatch(method: unknown, args: unknown, context: CallContext = {}) {
      if (method === 'events.subscribe' || method === 'events.unsubscribe') {
        // Answered here, for the caller's own connection, like the local dispatcher does.
        const parsed = ARG_SCHEMAS[method].safeParse(args ?? {});
        if (!parsed.success) return { ok: false, error: { code: 'INVALID_ARGS', message: `${method}: expected {events: [...]}` } };
        const now = method === 'events.subscribe' ? context.subscribe?.(parsed.data.events) : context.unsubscribe?.(parsed.data.events);
        if (now === undefined) return { ok: false, error: { code: 'NOT_AVAILABLE', message: `${method} needs a connection that can receive events` } };
        return { ok: true, value: { events: now } };
      }
      if (typeof method !== 'string') return { ok: false, error: { code: 'UNKNOWN_METHOD', message: `unknown method ${typeof method}` } };
      return client.call(method, args);
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit,
    close() {
      void client.close();
    },
  };
}
