/**
 * The window security settings, in one place so the app and its tests use the same ones (docs/architecture.md §4):
 * context isolation and the sandbox on, no Node in the renderer, a strict Content-Security-Policy, the app's own
 * origin, the navigation / window.open / external-link rules every window gets, and no permission granted. Pure apart from the shell call.
 * @module
 */
import type { WebPreferences } from 'electron';

export const SECURE_WEB_PREFERENCES: Readonly<WebPreferences> = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
};

/** Only our own bundle runs; the renderer may talk to the local node API and nothing else. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self' ws://127.0.0.1:* http://127.0.0.1:*",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/** The renderer's origin: the app's own protocol, served by electron/main/protocol.ts. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'smesher';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** True for a URL of our own renderer bundle (and nothing that merely starts with the same text). */
export function isAppUrl(url: string): boolean {
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** The slice of `shell` the window needs. */
export interface ExternalOpener {
  openExternal(url: string): Promise<void>;
}

/**
 * Opens a link in the user's browser when it is plain http(s); anything else (file:, javascript:, custom schemes
 * that launch programs) is refused. Returns whether it was opened.
 */
export function openExternalSafely(shell: ExternalOpener, url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return false;
  void shell.openExternal(parsed.toString());
  return true;
}

/** The slice of `Session` the permission rule touches (so tests can pass a double). */
export interface PermissionSession {
  setPermissionRequestHandler(handler: ((webContents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null): void;
  setPermissionCheckHandler(handler: ((webContents: unknown, permission: string) => boolean) | null): void;
  setDevicePermissionHandler?(handler: ((details: unknown) => boolean) | null): void;
}

/**
 * Every permission the page could ask for (camera, microphone, notifications, geolocation, clipboard, USB, HID,
 * serial, ...) is refused, asked or checked: the UI needs none (notifications come from the main process), and
 * Electron's default grants them all.
 */
export function denyAllPermissions(session: PermissionSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler?.(() => false);
}

/** The slice of `WebContents` the hardening touches (so tests can pass a double). */
export interface HardenableContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: { preventDefault(): void }, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: { preventDefault(): void }) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/**
 * Window event hardening (Signal's `handleCommonWindowEvents`): every navigation away from the page and every
 * `window.open` is denied; http(s) links go to the system browser instead; webviews are never attached.
 */
export function hardenContents(contents: HardenableContents, shell: ExternalOpener): void {
  const deny = (event: { preventDefault(): void }, url: string): void => {
    event.preventDefault();
    if (!isAppUrl(url)) openExternalSafely(shell, url);
  };
  contents.on('will-navigate', deny);
  contents.on('will-redirect', deny);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternalSafely(shell, url);
    return { action: 'deny' };
  });
}
