/**
 * The main window: its options (the shared secure web preferences plus our preload, DevTools off when packaged), the
 * hardening of its web contents, every permission request denied, and run-in-background: closing the window hides it while the node keeps smeshing, until the user
 * quits from the tray or the menu. Electron APIs are passed in, so tests assert the options without the binary.
 * @module
 */
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';
import { APP_INDEX_URL, type ExternalOpener, SECURE_WEB_PREFERENCES, denyAllPermissions, hardenContents } from './security.js';

export const WINDOW_MIN_WIDTH = 900;
export const WINDOW_MIN_HEIGHT = 640;

/**
 * The window's constructor options; `show: false` until the page is ready, so no blank frame flashes. DevTools
 * only in development: in a packaged build nobody (and nothing that tricks a user into it) opens them.
 */
export function mainWindowOptions(preloadPath: string, iconPath?: string, packaged = true): BrowserWindowConstructorOptions {
  return {
    width: 1200,
    height: 800,
    minWidth: WINDOW_MIN_WIDTH,
    minHeight: WINDOW_MIN_HEIGHT,
    show: false,
    title: 'Smesher',
    backgroundColor: '#101418',
    ...(iconPath === undefined ? {} : { icon: iconPath }),
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: preloadPath, spellcheck: false, devTools: !packaged },
  };
}

export interface WindowDeps {
  readonly BrowserWindow: new (options: BrowserWindowConstructorOptions) => BrowserWindow;
  readonly shell: ExternalOpener;
}

export interface MainWindowOptions {
  readonly preloadPath: string;
  readonly iconPath?: string;
  /** `app.isPackaged`: a packaged build has no DevTools. */
  readonly packaged: boolean;
  /** When true, closing the window hides it (the node keeps running); read at close time. */
  readonly runInBackground: () => boolean;
  /** True once the user chose to quit: then a close really closes. */
  readonly quitting: () => boolean;
  /** Called the first time the window hides instead of closing (to tell the user it still runs). */
  readonly onHiddenToBackground?: () => void;
}

/** Creates, hardens and loads the main window. */
export function createMainWindow(deps: WindowDeps, options: MainWindowOptions): BrowserWindow {
  const win = new deps.BrowserWindow(mainWindowOptions(options.preloadPath, options.iconPath, options.packaged));
  hardenContents(win.webContents, deps.shell);
  denyAllPermissions(win.webContents.session);
  let toldHidden = false;
  win.on('close', (event) => {
    if (options.quitting() || !options.runInBackground()) return;
    event.preventDefault();
    win.hide();
    if (!toldHidden) {
      toldHidden = true;
      options.onHiddenToBackground?.();
    }
  });
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_INDEX_URL);
  return win;
}
