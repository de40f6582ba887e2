/**
 * Serving the built renderer (a browser is then a full UI): files under one root only, a fixed set of content
 * types, `index.html` for client-side routes, and the same strict Content-Security-Policy the Electron window has.
 * I/O: reads files.
 * @module
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** What `/favicon.ico` answers when the build has no such file (renderer/public/favicon.png, made by build/makeIcons.js). */
const FAVICON_FALLBACK = 'favicon.png';

/** The page may load only its own files and talk only to this server (the same policy as the Electron window). */
export const UI_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

export interface StaticFile {
  readonly body: Buffer;
  readonly contentType: string;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => null))?.isFile() ?? false;
}

/**
 * The file for a URL path under `root`, `index.html` for paths without an extension, or undefined.
 * Paths that leave `root` (`..`, encoded or not) are never served. `/favicon.ico`, which browsers and other tools ask
 * for without reading the page's `<link rel="icon">`, answers the PNG favicon when the build has no `.ico` of its own.
 */
export async function resolveStatic(root: string, urlPath: string): Promise<StaticFile | undefined> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  if (decoded.includes('\0')) return undefined;
  const base = normalize(root + sep);
  const candidate = normalize(join(base, decoded));
  if (!candidate.startsWith(base)) return undefined;
  const ext = extname(candidate);
  let path = candidate;
  if (ext === '' || candidate === base) path = join(base, 'index.html');
  const type = CONTENT_TYPES[extname(path)];
  if (type === undefined) return undefined;
  if (!(await isFile(path))) {
    const fallback = join(base, FAVICON_FALLBACK);
    if (path !== join(base, 'favicon.ico') || !(await isFile(fallback))) return undefined;
    return { body: await readFile(fallback), contentType: 'image/png' };
  }
  return { body: await readFile(path), contentType: type };
}
