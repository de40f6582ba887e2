/**
 * Who may talk to the local API: every route but `GET /healthz` needs the data dir's token (an `Authorization:
 * Bearer` header, a `token` query parameter, or the cookie the UI page sets); a request from a web page must come
 * from our own origin (so another site open in the user's browser cannot drive the node); and the Host header must
 * name this server (so a DNS-rebinding page cannot pose as it). Pure: decides from the request's headers and URL.
 * @module
 */
import type { ApiErrorCode } from './contract.js';
import { tokenMatches } from './token.js';

export const TOKEN_COOKIE = 'smesher_token';

export interface GuardConfig {
  readonly token: string;
  /** The port the server listens on. */
  readonly port: number;
  /** Host names this server answers to (default: the loopback names). */
  readonly hosts?: readonly string[];
  /** Origins besides the server's own that may call it (a UI dev server, say). */
  readonly extraOrigins?: readonly string[];
}

export interface GuardRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export type GuardVerdict =
  | { readonly ok: true; readonly tokenFromQuery: boolean }
  | { readonly ok: false; readonly status: 401 | 403; readonly code: ApiErrorCode; readonly message: string };

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

function header(req: GuardRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The origins a browser reports for pages this server itself served. */
export function ownOrigins(config: GuardConfig): string[] {
  return [...(config.hosts ?? LOOPBACK_HOSTS).map((h) => `http://${h}:${config.port}`), ...(config.extraOrigins ?? [])];
}

function cookieToken(cookies: string | undefined): string | undefined {
  for (const part of (cookies ?? '').split(';')) {
    const [k, v] = part.trim().split('=');
    if (k === TOKEN_COOKIE && v !== undefined) return v;
  }
  return undefined;
}

/** Decides whether a request may go on. `GET /healthz` passes without a token; the Host check applies to all. */
export function checkRequest(req: GuardRequest, config: GuardConfig, method = 'GET'): GuardVerdict {
  const host = header(req, 'host');
  const hosts = (config.hosts ?? LOOPBACK_HOSTS).map((h) => `${h}:${config.port}`);
  if (host === undefined || !hosts.includes(host.toLowerCase())) {
    return { ok: false, status: 403, code: 'FORBIDDEN_ORIGIN', message: 'unexpected Host header' };
  }
  const origin = header(req, 'origin');
  if (origin !== undefined && !ownOrigins(config).includes(origin)) {
    return { ok: false, status: 403, code: 'FORBIDDEN_ORIGIN', message: 'requests from other web origins are refused' };
  }
  const url = new URL(req.url, 'http://localhost');
  if (method === 'GET' && url.pathname === '/healthz') return { ok: true, tokenFromQuery: false };
  const auth = header(req, 'authorization');
  const bearer = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
  const query = url.searchParams.get('token') ?? undefined;
  const presented = bearer ?? query ?? cookieToken(header(req, 'cookie'));
  if (!tokenMatches(config.token, presented)) {
    return { ok: false, status: 401, code: 'UNAUTHORIZED', message: presented === undefined ? 'a token is required' : 'wrong token' };
  }
  return { ok: true, tokenFromQuery: bearer === undefined && query !== undefined };
}
