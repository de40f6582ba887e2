/**
 * Who may talk to the local API: the API routes (`/api`, `/ws`) need the data dir's token (an `Authorization:
 * Bearer` header, or a `token` query parameter, which is how the UI page's WebSocket brings it); the UI's own files
 * and `GET /healthz` do not (they are the public build and a liveness answer). No cookie carries the token: a
 * browser sends a host's cookies to every port on it, so another local service the user opens would receive it. A
 * request from a web page must come from the page this server served, i.e. its Origin is the address the browser
 * used for us (so another site, or another local port, cannot drive the node); and the Host header must name a
 * loopback host (so a DNS-rebinding page cannot pose as us). Any port is accepted in Host because an SSH tunnel may
 * map us to another local port. Pure: decides from the request's headers and URL.
 * @module
 */
import type { ApiErrorCode } from '../contract/contract.js';
import { tokenMatches } from './token.js';

export interface GuardConfig {
  readonly token: string;
  /**
   * Host names this server answers to (default: the loopback names); `any` when it listens on every interface
   * and has no single name (the token and the Origin rule still apply).
   */
  readonly hosts?: readonly string[] | 'any';
  /** Origins besides the server's own that may call it (a UI dev server, say). */
  readonly extraOrigins?: readonly string[];
}

export interface GuardRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

export type GuardVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: 401 | 403; readonly code: ApiErrorCode; readonly message: string };

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost', '[::1]'];

function header(req: GuardRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The host name of a Host header (`[::1]:80` → `[::1]`), lower case. */
function hostName(host: string): string {
  const match = /^(\[[^\]]*\]|[^:]*)(?::\d+)?$/.exec(host.toLowerCase());
  return match?.[1] ?? '';
}

/** The routes that reach the node; everything else is the UI's files or the health check. */
const API_PATHS = ['/api', '/ws'];

/** Decides whether a request may go on. Only the API routes need the token; the Host and Origin checks apply to all. */
export function checkRequest(req: GuardRequest, config: GuardConfig, method = 'GET'): GuardVerdict {
  const host = header(req, 'host');
  const names = config.hosts ?? LOOPBACK_HOSTS;
  if (host === undefined || (names !== 'any' && !names.includes(hostName(host)))) {
    return { ok: false, status: 403, code: 'FORBIDDEN_ORIGIN', message: 'unexpected Host header' };
  }
  const origin = header(req, 'origin');
  // The page we served has the origin the browser reached us at: the Host it sent.
  if (origin !== undefined && origin.toLowerCase() !== `http://${host.toLowerCase()}` && !(config.extraOrigins ?? []).includes(origin)) {
    return { ok: false, status: 403, code: 'FORBIDDEN_ORIGIN', message: 'requests from other web origins are refused' };
  }
  const url = new URL(req.url, 'http://localhost');
  if ((method === 'GET' || method === 'HEAD') && !API_PATHS.includes(url.pathname)) return { ok: true };
  const auth = header(req, 'authorization');
  const bearer = auth?.startsWith('Bearer ') ? auth.slice(7).trim() : undefined;
  const presented = bearer ?? url.searchParams.get('token') ?? undefined;
  if (!tokenMatches(config.token, presented)) {
    return { ok: false, status: 401, code: 'UNAUTHORIZED', message: presented === undefined ? 'a token is required' : 'wrong token' };
  }
  return { ok: true };
}
