/**
 * The `app://smesher/` protocol: serves the built renderer to the window from its folder only, with the strict
 * Content-Security-Policy on every response (a file:// page would get neither a real origin nor response headers).
 * Without a built renderer the window shows a short static note instead. I/O: reads files.
 * @module
 */
import type { Protocol } from 'electron';
import { resolveStatic } from '../../core/api/server/staticFiles.js';
import { APP_HOST, APP_SCHEME, CONTENT_SECURITY_POLICY } from './security.js';

/** Scheme privileges, registered before the app is ready: a standard, secure origin (fetch and storage work). */
export const APP_SCHEME_PRIVILEGES = [{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }];

const NOT_BUILT = '<!doctype html><meta charset="utf-8"><title>Smesher</title><p>The user interface is not built on this machine.</p>';

/** Answers one `app://` request. */
export async function respondApp(rendererDir: string, requestUrl: string): Promise<Response> {
  const url = new URL(requestUrl);
  const headers = { 'content-security-policy': CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' };
  if (url.host !== APP_HOST) return new Response('not found', { status: 404, headers });
  const file = await resolveStatic(rendererDir, url.pathname);
  if (file === undefined) {
    if (url.pathname === '/' || url.pathname === '/index.html') return new Response(NOT_BUILT, { status: 200, headers: { ...headers, 'content-type': 'text/html; charset=utf-8' } });
    return new Response('not found', { status: 404, headers });
  }
  return new Response(new Uint8Array(file.body), { status: 200, headers: { ...headers, 'content-type': file.contentType } });
}

/** Installs the handler on the app's session protocol. */
export function serveAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => respondApp(rendererDir, request.url));
}
