/**
 * A Node-side client of the local API over the WebSocket: typed calls (`call('node.status', {})`), event
 * subscriptions, and a {@link ConnectWalletNode} for the `smesher wallet` command. Used by tests, the node
 * benchmark and the CLI; the renderer has its own browser client (renderer/api/client.ts). I/O: a WebSocket.
 * @module
 */
import { WebSocket } from 'ws';
import { CodedError } from '../../util/errors.js';
import { rawText } from './frames.js';
import type { ApiArgs, ApiEvents, ApiResult, ApiValue, EventName, MethodName } from '../contract/contract.js';

export interface ApiClientOptions {
  /** `http://127.0.0.1:PORT` (the WebSocket is at `/ws`). */
  readonly url: string;
  readonly token?: string;
  /** Sent as the Origin header (browsers always send one; tests use it to check the guard). */
  readonly origin?: string;
  /** Reject a call that gets no answer in this time (default 30 s). */
  readonly timeoutMs?: number;
}

interface Pending {
  resolve(result: ApiResult<unknown>): void;
  timer: NodeJS.Timeout;
}

export class ApiClient {
  readonly #ws: WebSocket;
  readonly #pending = new Map<number, Pending>();
  readonly #listeners = new Map<EventName, Set<(data: unknown) => void>>();
  readonly #timeoutMs: number;
  #seq = 0;
  #closed: { code: number; reason: string } | undefined;
  /** Resolves once the connection is closed, by either side. */
  readonly ended: Promise<void>;

  private constructor(ws: WebSocket, timeoutMs: number) {
    this.#ws = ws;
    this.#timeoutMs = timeoutMs;
    let ended = (): void => {};
    this.ended = new Promise((resolve) => (ended = resolve));
    ws.on('message', (data) => this.#onMessage(rawText(data)));
    ws.on('close', (code, reason) => {
      ended();
      this.#closed = { code, reason: reason.toString() };
      for (const [id, p] of this.#pending) {
        clearTimeout(p.timer);
        p.resolve({ ok: false, error: { code: 'DISCONNECTED', message: `connection closed (${code})` } });
        this.#pending.delete(id);
      }
    });
  }

  /**
   * Opens a connection.
   * @throws {CodedError} UNAUTHORIZED / FORBIDDEN_ORIGIN when the server refuses the upgrade, CONNECT_FAILED otherwise
   */
  static connect(options: ApiClientOptions): Promise<ApiClient> {
    const url = new URL('/ws', options.url);
    const ws = new WebSocket(url, {
      headers: options.token === undefined ? {} : { authorization: `Bearer ${options.token}` },
      ...(options.origin === undefined ? {} : { origin: options.origin }),
    });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new ApiClient(ws, options.timeoutMs ?? 30_000)));
      ws.once('unexpected-response', (_req, res) => {
        const code = res.statusCode === 401 ? 'UNAUTHORIZED' : res.statusCode === 403 ? 'FORBIDDEN_ORIGIN' : 'CONNECT_FAILED';
        reject(new CodedError(code, `the API refused the connection (HTTP ${res.statusCode})`, { status: res.statusCode ?? 0 }));
        ws.terminate();
      });
      ws.once('error', (err) => reject(new CodedError('CONNECT_FAILED', `cannot reach the API: ${err.message}`)));
    });
  }

  /** How the server closed the connection, once it has. */
  get closed(): { code: number; reason: string } | undefined {
    return this.#closed;
  }

  /** Sends one call and resolves to its result envelope (never rejects). */
  call<M extends MethodName>(method: M, args: ApiArgs<M>): Promise<ApiResult<ApiValue<M>>>;
  call(method: string, args?: unknown): Promise<ApiResult<unknown>>;
  call(method: string, args?: unknown): Promise<ApiResult<unknown>> {
    return this.send(JSON.stringify({ id: ++this.#seq, method, args }), this.#seq);
  }

  /** Sends a raw text frame as request `id` (tests use it for malformed and oversized messages). */
  send(text: string, id: number): Promise<ApiResult<unknown>> {
    if (this.#closed !== undefined || this.#ws.readyState !== WebSocket.OPEN) {
      return Promise.resolve({ ok: false, error: { code: 'DISCONNECTED', message: 'connection closed' } });
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.#pending.delete(id);
        resolve({ ok: false, error: { code: 'TIMEOUT', message: `no answer in ${this.#timeoutMs} ms` } });
      }, this.#timeoutMs);
      this.#pending.set(id, { resolve, timer });
      this.#ws.send(text);
    });
  }

  /**
   * Calls a method and returns its value.
   * @throws {CodedError} carrying the API error's code
   */
  async request<M extends MethodName>(method: M, args: ApiArgs<M>): Promise<ApiValue<M>> {
    const result = await this.call(method, args);
    if (!result.ok) throw new CodedError(result.error.code, result.error.message);
    return result.value;
  }

  /** Subscribes to an event; resolves once the server confirmed. Returns the unsubscribe function. */
  async subscribe<E extends EventName>(event: E, listener: (data: ApiEvents[E]) => void): Promise<() => Promise<void>> {
    let set = this.#listeners.get(event);
    if (set === undefined) this.#listeners.set(event, (set = new Set()));
    set.add(listener as (data: unknown) => void);
    await this.request('events.subscribe', { events: [event] });
    return async () => {
      set.delete(listener as (data: unknown) => void);
      if (set.size === 0) await this.request('events.unsubscribe', { events: [event] });
    };
  }

  /** Receives `dropped` notices and any other event without subscribing on the server (for tests). */
  on(event: EventName, listener: (data: unknown) => void): void {
    let set = this.#listeners.get(event);
    if (set === undefined) this.#listeners.set(event, (set = new Set()));
    set.add(listener);
  }

  close(): Promise<void> {
    if (this.#closed !== undefined) return Promise.resolve();
    return new Promise((resolve) => {
      this.#ws.once('close', () => resolve());
      this.#ws.close();
    });
  }

  #onMessage(text: string): void {
    let message: { id?: unknown; event?: unknown; data?: unknown } & Partial<ApiResult<unknown>>;
    try {
      message = JSON.parse(text) as typeof message;
    } catch {
      return;
    }
    if (typeof message.event === 'string') {
      for (const listener of this.#listeners.get(message.event as EventName) ?? []) listener(message.data);
      return;
    }
    if (typeof message.id !== 'number') return;
    const pending = this.#pending.get(message.id);
    if (pending === undefined) return;
    this.#pending.delete(message.id);
    clearTimeout(pending.timer);
    const { id: _id, ...result } = message;
    pending.resolve(result as ApiResult<unknown>);
  }
}
