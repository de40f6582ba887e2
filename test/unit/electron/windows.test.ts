/**
 * The window's security settings and behaviour, asserted without the Electron binary (issue #8 "Done when"):
 * context isolation and the sandbox on, Node off, our preload; navigation and window.open denied with only
 * http(s) links handed to the shell; close hides while running in the background, quits when the user quits.
 * @module
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { APP_INDEX_URL, CONTENT_SECURITY_POLICY, SECURE_WEB_PREFERENCES, hardenContents, isAppUrl, openExternalSafely } from '../../../electron/main/security.js';
import { createMainWindow, mainWindowOptions } from '../../../electron/main/windows.js';

/** A session that records the permission handlers the window installs. */
class FakeSession {
  request: ((wc: unknown, permission: string, callback: (granted: boolean) => void) => void) | null | undefined;
  check: ((wc: unknown, permission: string) => boolean) | null | undefined;
  device: ((details: unknown) => boolean) | null | undefined;
  setPermissionRequestHandler(h: FakeSession['request']): void {
    this.request = h;
  }
  setPermissionCheckHandler(h: FakeSession['check']): void {
    this.check = h;
  }
  setDevicePermissionHandler(h: FakeSession['device']): void {
    this.device = h;
  }
}

class FakeContents extends EventEmitter {
  readonly session = new FakeSession();
  openHandler: ((d: { url: string }) => { action: 'deny' }) | undefined;
  setWindowOpenHandler(handler: (d: { url: string }) => { action: 'deny' }): void {
    this.openHandler = handler;
  }
}

class FakeWindow extends EventEmitter {
  static created: FakeWindow[] = [];
  readonly webContents = new FakeContents();
  loaded: string | undefined;
  hidden = false;
  shown = false;
  constructor(readonly options: BrowserWindowConstructorOptions) {
    super();
    FakeWindow.created.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loaded = url;
    return Promise.resolve();
  }
  hide(): void {
    this.hidden = true;
  }
  show(): void {
    this.shown = true;
  }
}

const fakeShell = () => {
  const opened: string[] = [];
  return { opened, shell: { openExternal: (url: string) => (opened.push(url), Promise.resolve()) } };
};

const prevented = () => {
  const e = { defaultPrevented: false, preventDefault: () => (e.defaultPrevented = true) };
  return e;
};

describe('window options', () => {
  it('use the shared secure web preferences with our preload, and nothing weaker', () => {
    const o = mainWindowOptions('/app/out/preload.cjs', '/app/icon.png');
    const prefs = o.webPreferences!;
    assert.equal(prefs.contextIsolation, true);
    assert.equal(prefs.sandbox, true);
    assert.equal(prefs.nodeIntegration, false);
    assert.equal(prefs.nodeIntegrationInWorker, false);
    assert.equal(prefs.nodeIntegrationInSubFrames, false);
    assert.equal(prefs.webSecurity, true);
    assert.equal(prefs.allowRunningInsecureContent, false);
    assert.equal(prefs.webviewTag, false);
    assert.equal(prefs.preload, '/app/out/preload.cjs');
    for (const [key, value] of Object.entries(SECURE_WEB_PREFERENCES)) assert.equal(prefs[key as keyof typeof prefs], value, key);
    assert.equal(o.show, false);
    assert.equal(o.icon, '/app/icon.png');
  });

  it('the CSP allows only our own scripts and the local API, no eval, no inline scripts', () => {
    const directives = new Map(CONTENT_SECURITY_POLICY.split('; ').map((d) => [d.split(' ')[0]!, d.split(' ').slice(1)]));
    assert.deepEqual(directives.get('default-src'), ["'self'"]);
    assert.deepEqual(directives.get('script-src'), ["'self'"]);
    assert.deepEqual(directives.get('object-src'), ["'none'"]);
    assert.deepEqual(directives.get('frame-ancestors'), ["'none'"]);
    assert.ok(!CONTENT_SECURITY_POLICY.includes('unsafe-eval'));
    assert.ok(!CONTENT_SECURITY_POLICY.includes('unsafe-inline'));
    assert.ok(directives.get('connect-src')!.every((s) => s === "'self'" || s.startsWith('ws://127.0.0.1') || s.startsWith('http://127.0.0.1')));
  });
});

describe('window behaviour', () => {
  it('loads our origin, is hardened, and hides on close while running in the background', () => {
    const { shell, opened } = fakeShell();
    let quitting = false;
    let hiddenNotices = 0;
    const win = createMainWindow(
      { BrowserWindow: FakeWindow as unknown as new (o: BrowserWindowConstructorOptions) => BrowserWindow, shell },
      { preloadPath: '/p.cjs', packaged: true, runInBackground: () => true, quitting: () => quitting, onHiddenToBackground: () => hiddenNotices++ },
    ) as unknown as FakeWindow;
    assert.equal(win.loaded, APP_INDEX_URL);
    assert.equal(win.options.webPreferences?.sandbox, true);

    const close = prevented();
    win.emit('close', close);
    assert.equal(close.defaultPrevented, true);
    assert.equal(win.hidden, true);
    win.emit('close', prevented());
    assert.equal(hiddenNotices, 1, 'told once');
    quitting = true;
    const really = prevented();
    win.emit('close', really);
    assert.equal(really.defaultPrevented, false);

    win.emit('ready-to-show');
    assert.equal(win.shown, true);

    const nav = prevented();
    win.webContents.emit('will-navigate', nav, 'https://example.org/phish');
    assert.equal(nav.defaultPrevented, true);
    assert.deepEqual(opened, ['https://example.org/phish']);
    assert.deepEqual(win.webContents.openHandler?.({ url: 'https://docs.example/x' }), { action: 'deny' });
    assert.deepEqual(opened, ['https://example.org/phish', 'https://docs.example/x']);
  });

  it('denies every permission request and check, and has no DevTools when packaged (issue #17)', () => {
    const { shell } = fakeShell();
    const make = (packaged: boolean) =>
      createMainWindow(
        { BrowserWindow: FakeWindow as unknown as new (o: BrowserWindowConstructorOptions) => BrowserWindow, shell },
        { preloadPath: '/p.cjs', packaged, runInBackground: () => true, quitting: () => false },
      ) as unknown as FakeWindow;
    const win = make(true);
    assert.equal(win.options.webPreferences?.devTools, false, 'packaged: no DevTools');
    assert.equal(make(false).options.webPreferences?.devTools, true, 'development keeps them');
    assert.equal(mainWindowOptions('/p.cjs').webPreferences?.devTools, false, 'the default is the safe one');
    const session = win.webContents.session;
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'midi', 'pointerLock', 'fullscreen', 'openExternal', 'hid', 'serial', 'usb', 'unknown']) {
      let granted: boolean | undefined;
      session.request!({}, permission, (g) => (granted = g));
      assert.equal(granted, false, `request ${permission}`);
      assert.equal(session.check!({}, permission), false, `check ${permission}`);
    }
    assert.equal(session.device!({ deviceType: 'usb' }), false);
  });

  it('never hands file:, javascript: or custom schemes to the shell; in-app URLs stay in', () => {
    const { shell, opened } = fakeShell();
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'ms-settings:', 'not a url']) {
      assert.equal(openExternalSafely(shell, url), false, url);
    }
    const contents = new FakeContents();
    hardenContents(contents, shell);
    const e = prevented();
    contents.emit('will-navigate', e, `${APP_INDEX_URL}#/wallet`);
    assert.equal(e.defaultPrevented, true, 'even our own URL does not navigate the window');
    const webview = prevented();
    contents.emit('will-attach-webview', webview);
    assert.equal(webview.defaultPrevented, true);
    assert.deepEqual(opened, []);
    assert.equal(isAppUrl('app://smesher/index.html'), true);
    assert.equal(isAppUrl('app://smesher.evil/index.html'), false);
    assert.equal(isAppUrl('https://smesher/index.html'), false);
  });
});
