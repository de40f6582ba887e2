/**
 * The Electron app's composition root (docs/architecture.md §3: main is only a host): single-instance lock, the node
 * (`createNode` in-process, the prover in utility processes), the API host (IPC for the window, WebSocket on
 * 127.0.0.1 for the CLI and browsers), the window, tray and run-in-background, notifications, rotating logs and the
 * quit warning. Every Electron API comes in through `electron`, so nothing here needs the binary until it runs.
 * I/O.
 * @module
 */
import type * as Electron from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_API_PORT, type NodeHost, startNodeHost } from '../../core/api/server/host.js';
import { LogBuffer } from '../../core/api/server/logBuffer.js';
import { defaultDataDir } from '../../core/node/defaultDataDir.js';
import { createNode, type SmesherNode } from '../../core/node/node.js';
import { DEFAULT_PRESET, getPreset } from '../../core/params/presets.js';
import { SystemClock } from '../../core/util/clock.js';
import { createLogger, type Logger } from '../../core/util/logger.js';
import { RotatingFileSink } from '../../core/util/rotatingLogFile.js';
import { criticalReason } from './critical.js';
import { registerIpcBridge } from './ipc.js';
import { startNotifications } from './notifications.js';
import { UtilityProver } from './processes.js';
import { APP_SCHEME_PRIVILEGES, serveAppProtocol } from './protocol.js';
import { installQuitGuard, openRegistrationWindows } from './quit.js';
import { createTray } from './tray.js';
import { createMainWindow } from './windows.js';

export type ElectronMain = Pick<
  typeof Electron,
  'app' | 'BrowserWindow' | 'ipcMain' | 'shell' | 'protocol' | 'Tray' | 'Menu' | 'Notification' | 'dialog' | 'utilityProcess'
>;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PATHS = {
  preload: join(ROOT, 'out', 'preload.cjs'),
  proverEntry: join(ROOT, 'electron', 'utility', 'bootstrap.js'),
  renderer: join(ROOT, 'renderer', 'dist'),
  icon: join(ROOT, 'build', 'icons', 'icon.png'),
} as const;

export interface AppOptions {
  /** Where data lives (default: the same per-user folder `smesher node` uses, so the app and the CLI share a node). */
  readonly dataDir?: string;
  readonly version: string;
}

/**
 * Takes the single-instance lock; a second launch focuses the first instance's window and exits.
 * @returns false when another instance holds the lock (this one is quitting)
 */
export function acquireSingleInstance(app: Pick<Electron.App, 'requestSingleInstanceLock' | 'quit' | 'on'>, focus: () => void): boolean {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return false;
  }
  app.on('second-instance', () => focus());
  return true;
}

/** Starts the app. Resolves once the window is up. @throws the node's start errors (shown in a dialog by main.ts) */
export async function startApp(electron: ElectronMain, options: AppOptions): Promise<void> {
  const { app } = electron;
  // Set once the app is ready; the second-instance and tray handlers may fire before that.
  const ui: { window?: Electron.BrowserWindow } = {};
  const showWindow = (): void => {
    const window = ui.window;
    if (window === undefined || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };
  if (!acquireSingleInstance(app, showWindow)) return;
  electron.protocol.registerSchemesAsPrivileged(APP_SCHEME_PRIVILEGES);
  await app.whenReady();

  const dataDir = options.dataDir ?? defaultDataDir(process.env);
  const clock = new SystemClock();
  const logs = new LogBuffer({ next: new RotatingFileSink(join(dataDir, 'logs')), now: () => clock.now() });
  const logger: Logger = createLogger({ sink: logs, format: 'json' });
  const log = logger.child({ module: 'app' });
  const preset = getPreset(DEFAULT_PRESET);
  const node: SmesherNode = await createNode(
    { preset },
    { logger, clock, dataDir, proverFactory: () => new UtilityProver({ fork: (p, a, o) => electron.utilityProcess.fork(p, a, o), entry: PATHS.proverEntry, logger }) },
  );
  let host: NodeHost;
  try {
    host = await startNodeHost({ node, dataDir, clock, logger, logs, version: options.version, listen: { host: '127.0.0.1', port: DEFAULT_API_PORT, rendererDir: PATHS.renderer } });
  } catch (err) {
    // Another Smesher (a headless node) may hold the port: the window still works over IPC.
    log.warn('API listener not started; the app window works without it', { err });
    host = await startNodeHost({ node, dataDir, clock, logger, logs, version: options.version, listen: false });
  }

  serveAppProtocol(electron.protocol, PATHS.renderer);
  const stopIpc = registerIpcBridge({ ipcMain: electron.ipcMain, service: host.service, logger });
  const stopNotifications = startNotifications(host.service, (text) => {
    if (electron.Notification.isSupported()) new electron.Notification({ title: text.title, body: text.body }).show();
  });

  const guard = installQuitGuard({
    app,
    dialog: electron.dialog,
    reason: async () => {
      const result = await host.service.dispatch('timeline.list', { limit: 200 });
      const timeline = result.ok ? (result.value as { events: Parameters<typeof criticalReason>[0]['timeline'] }).events : [];
      const nowMs = clock.now();
      return criticalReason({ nowMs, timeline, registrationWindows: openRegistrationWindows(node, timeline, nowMs), eligibleLayers: [] });
    },
    onQuit: async () => {
      stopNotifications();
      stopIpc();
      await host.close();
      await node.close();
    },
  });
  createTray(electron, PATHS.icon, { show: showWindow, quit: () => app.quit() });
  ui.window = createMainWindow(electron, {
    preloadPath: PATHS.preload,
    iconPath: PATHS.icon,
    runInBackground: () => true,
    quitting: guard.quitting,
    onHiddenToBackground: () => {
      if (electron.Notification.isSupported()) new electron.Notification({ title: 'Smesher keeps running', body: 'Smeshing continues in the background. Quit from the tray icon.' }).show();
    },
  });
  // With the window hidden the app lives in the tray; only an explicit quit ends it.
  app.on('window-all-closed', () => {});
  app.on('activate', showWindow);
  log.info('app started', { dataDir, api: host.server?.url ?? null });
}
