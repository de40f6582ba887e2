/**
 * The local API host (docs/architecture.md §3): one HTTP server on 127.0.0.1 that carries
 * - `GET /healthz`: `{"ok":true}` and nothing else, without a token (for supervisors and the launcher);
 * - `GET /ws`: the WebSocket, `{id, method, args}` → `{id, ok, value|error}` plus `{event, data}` pushes;
 * - `POST /api`: one call per request, `{method, args}` → the result envelope (for curl and scripts);
 * - everything else: the built renderer, when there is one.
 * The API routes need the token and every route passes the Origin/Host guard (core/api/server/guard.ts); the UI's
 * files are public (the page brings the token to its WebSocket itself; no cookie carries it). Messages above
 * {@link MAX_MESSAGE_BYTES} are refused (WebSocket close 1009, HTTP 413); at most {@link MAX_CONNECTIONS}
 * WebSockets are open at once (503 beyond), {@link MAX_SOCKETS} sockets in all, and heavy calls are capped in the
 * service (core/api/service/heavyCalls.ts). Events go through a per-connection
 * {@link EventOutbox}, so a slow client gets coalesced and dropped events instead of growing the node's memory.
 * I/O: a TCP listener.
 * @module
 */
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { rawText } from './frames.js';
import { nullLogger, type Logger } from '../../util/logger.js';
import type { ApiResult, EventMessage, EventName } from '../contract/contract.js';
import { EVENT_NAMES } from '../contract/contract.js';
import { type GuardConfig, checkRequest } from './guard.js';
import { EventOutbox } from './outbox.js';
import type { ApiService } from '../service/service.js';
import { UI_CONTENT_SECURITY_POLICY, resolveStatic } from './staticFiles.js';

/** The largest request accepted: far above any real call (the largest is a wallet import path plus password). */
export const MAX_MESSAGE_BYTES = 64 * 1024;
/** Bytes a client may have unread on its socket before events wait in its outbox. */
export const SOCKET_HIGH_WATER_BYTES = 256 * 1024;
/** How much of an oversized HTTP body is read and discarded before the connection is cut. */
const DISCARD_FACTOR = 16;
/** How soon a blocked outbox tries again. */
const FLUSH_RETRY_MS = 25;
/** Calls one connection may have running at once; more are refused until some finish. */
export const MAX_IN_FLIGHT = 64;
/** Open WebSocket connections at once (every client together); one more is answered 503 and closed. */
export const MAX_CONNECTIONS = 32;
/** TCP connections at once, WebSockets and plain HTTP together; the OS-level backstop beyond which sockets are cut. */
export const MAX_SOCKETS = MAX_CONNECTIONS + 32;

export interface ApiServerOptions {
  readonly service: ApiService;
  readonly token: string;
  /** Default 127.0.0.1; another address only when the user asks for it. */
  readonly host?: string;
  /** Default 0: any free port. */
  readonly port?: number;
  /** The built renderer folder to serve, if any. */
  readonly rendererDir?: string;
  /** Web origins besides our own that may call the API. */
  readonly extraOrigins?: readonly string[];
  readonly logger?: Logger;
}

export interface ApiServer {
  readonly host: string;
  readonly port: number;
  /** `http://host:port`. */
  readonly url: string;
  /** The address to open in a browser, carrying the token (print it to the user; never log it). */
  readonly uiUrl: string;
  /** Open WebSocket connections (for tests and diagnostics). */
  connections(): number;
  close(): Promise<void>;
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cache-control': 'no-store',
  'x-frame-options': 'DENY',
} as const;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function errorBody(code: string, message: string): ApiResult<never> {
  return { ok: false, error: { code, message } };
}

/**
 * Starts the host and resolves once it listens.
 * @throws the listen error (port in use, address not available)
 */
export async function startApiServer(options: ApiServerOptions): Promise<ApiServer> {
  const { service, token } = options;
  const host = options.host ?? '127.0.0.1';
  const log = (options.logger ?? nullLogger).child({ module: 'api-server' });
  const wildcard = host === '0.0.0.0' || host === '::';
  const hostNames = host === '127.0.0.1' || host === 'localhost' ? undefined : wildcard ? ('any' as const) : [host.includes(':') ? `[${host}]` : host];
  const guard: GuardConfig = {
    token,
    ...(hostNames === undefined ? {} : { hosts: hostNames }),
    ...(options.extraOrigins === undefined ? {} : { extraOrigins: options.extraOrigins }),
  };

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  const server = createServer((req, res) => {
    handleHttp(req, res).catch((err: unknown) => {
      log.error('HTTP request failed', { err, path: new URL(req.url ?? '/', 'http://x').pathname });
      if (!res.headersSent) sendJson(res, 500, errorBody('INTERNAL', 'internal error'));
      else res.destroy();
    });
  });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const verdict = checkRequest({ url: req.url ?? '/', headers: req.headers }, guard, method);
    if (!verdict.ok) return sendJson(res, verdict.status, errorBody(verdict.code, verdict.message));
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz' && method === 'GET') return sendJson(res, 200, { ok: true });
    if (url.pathname === '/api') {
      if (method !== 'POST') return sendJson(res, 405, errorBody('BAD_MESSAGE', 'use POST'));
      const body = await readBody(req, MAX_MESSAGE_BYTES);
      if (body === undefined) {
        res.setHeader('connection', 'close');
        return sendJson(res, 413, errorBody('MESSAGE_TOO_LARGE', `requests are limited to ${MAX_MESSAGE_BYTES} bytes`));
      }
      const request = parseJson(body);
      if (request === undefined || typeof request !== 'object' || request === null) return sendJson(res, 400, errorBody('BAD_MESSAGE', 'expected {"method", "args"}'));
      const { method: name, args } = request as { method?: unknown; args?: unknown };
      return sendJson(res, 200, await service.dispatch(name, args));
    }
    if (method !== 'GET' && method !== 'HEAD') return sendJson(res, 405, errorBody('BAD_MESSAGE', 'method not allowed'));
    const file = options.rendererDir === undefined ? undefined : await resolveStatic(options.rendererDir, url.pathname);
    if (file === undefined) {
      if (url.pathname !== '/') return sendJson(res, 404, errorBody('NOT_FOUND', 'not found'));
      res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
      return void res.end('Smesher node API. The UI is not built on this machine; the API is at /ws (WebSocket) and /api (POST).\n');
    }
    // No cookie: a browser sends a host's cookies to every port of it, so any other local service the user visits
    // would receive the token. The page reads it from its own address and hands it to the WebSocket.
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': file.contentType, 'content-security-policy': UI_CONTENT_SECURITY_POLICY });
    res.end(method === 'HEAD' ? undefined : file.body);
  }

  let open = 0;
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const verdict = checkRequest({ url: req.url ?? '/', headers: req.headers }, guard);
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (!verdict.ok || path !== '/ws' || open >= MAX_CONNECTIONS) {
      const status = !verdict.ok ? (verdict.status === 401 ? '401 Unauthorized' : '403 Forbidden') : path !== '/ws' ? '404 Not Found' : '503 Service Unavailable';
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    // Counted from the upgrade on, so a burst of upgrades cannot slip past the cap before any completes.
    open++;
    socket.once('close', () => open--);
    wss.handleUpgrade(req, socket, head, (ws) => serveConnection(ws));
  });

  function serveConnection(ws: WebSocket): void {
    const subscribed = new Set<EventName>();
    const outbox = new EventOutbox();
    let inFlight = 0;
    let retry: NodeJS.Timeout | undefined;
    const flush = (): void => {
      retry = undefined;
      while (ws.readyState === ws.OPEN && ws.bufferedAmount < SOCKET_HIGH_WATER_BYTES) {
        const message = outbox.take();
        if (message === undefined) return;
        ws.send(JSON.stringify(message));
      }
      if (outbox.size > 0 && ws.readyState === ws.OPEN) retry = setTimeout(flush, FLUSH_RETRY_MS);
    };
    const stopEvents = service.onEvent((event, data) => {
      if (!subscribed.has(event)) return;
      outbox.push({ event, data } as EventMessage);
      if (retry === undefined) flush();
    });
    const context = {
      subscribe(events: readonly EventName[]) {
        for (const e of events) subscribed.add(e);
        return EVENT_NAMES.filter((e) => subscribed.has(e));
      },
      unsubscribe(events: readonly EventName[]) {
        for (const e of events) subscribed.delete(e);
        outbox.retain(subscribed);
        return EVENT_NAMES.filter((e) => subscribed.has(e));
      },
    };
    const reply = (message: unknown): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    ws.on('message', (data, isBinary) => {
      const request = isBinary ? undefined : parseJson(rawText(data));
      const id = idOf(request);
      if (id === undefined) return reply({ id: null, ...errorBody('BAD_MESSAGE', 'expected a JSON text message {"id", "method", "args"}') });
      if (inFlight >= MAX_IN_FLIGHT) return reply({ id, ...errorBody('BAD_MESSAGE', `more than ${MAX_IN_FLIGHT} calls in flight`) });
      inFlight++;
      const { method, args } = request as { method?: unknown; args?: unknown };
      void service.dispatch(method, args, context).then((result) => {
        inFlight--;
        reply({ id, ...result });
      });
    });
    ws.on('close', () => {
      stopEvents();
      clearTimeout(retry);
    });
    ws.on('error', (err) => log.debug('WebSocket error', { err }));
  }

  server.maxConnections = MAX_SOCKETS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${urlHost}:${port}`;
  log.info('API listening', { url });

  return {
    host,
    port,
    url,
    uiUrl: `${url}/?token=${token}`,
    connections: () => wss.clients.size,
    async close() {
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function idOf(request: unknown): number | string | undefined {
  if (typeof request !== 'object' || request === null) return undefined;
  const id = (request as { id?: unknown }).id;
  return (typeof id === 'number' && Number.isSafeInteger(id)) || (typeof id === 'string' && id.length <= 64) ? id : undefined;
}

/**
 * The body as text, or undefined when it exceeds `limit` bytes. The rest of an oversized body is read and discarded
 * (so the client sees the 413 rather than a reset) up to {@link DISCARD_FACTOR} times the limit; beyond that the
 * connection is cut.
 */
function readBody(req: IncomingMessage, limit: number): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit * DISCARD_FACTOR) req.destroy();
      if (size > limit) {
        chunks.length = 0;
        resolve(undefined);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
