/**
 * The Electron app's composition root (docs/architecture.md §3: main is only a host): single-instance lock, the data
 * folder's lock (or, when a node already runs on the folder, the app attaches to it over its API: electron/main/
 * attach.ts), the node (`createNode` in-process, the prover in utility processes), the API host (IPC for the window, WebSocket on
 * 127.0.0.1 for the CLI and browsers), the window, tray and run-in-background, notifications, rotating logs and the
 * quit warning; the network the user last joined (core/node/chosenNetwork.ts) and restarting on another one
 * (`network.join`); the native dialogs (electron/main/dialogs.ts). Every Electron API comes in through `electron`, so nothing here needs the binary until it runs.
 * I/O.
 * @module
 */
import type * as Electron from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEFAULT_API_PORT, type NodeHost, startNodeHost } from '../../core/api/server/host.js';
import { LogBuffer } from '../../core/api/server/logBuffer.js';
import type { ApiService } from '../../core/api/service/service.js';
import { defaultDataDir } from '../../core/node/defaultDataDir.js';
import { readChosenNetwork } from '../../core/node/chosenNetwork.js';
import { createNode, type NodeDeps, type SmesherNode } from '../../core/node/node.js';
import type { NetworkDefinition } from '../../core/params/networkFile.js';
import { DEFAULT_PRESET, getPreset } from '../../core/params/presets.js';
import { SystemClock } from '../../core/util/clock.js';
import { describeHolder, type FileLock } from '../../core/util/lockFile.js';
import { createLogger, stderrSink, type Logger } from '../../core/util/logger.js';
import { RotatingFileSink } from '../../core/util/rotatingLogFile.js';
import { type DataFolder, openDataFolder } from './attach.js';
import { criticalReason } from './critical.js';
import { desktopCalls } from './dialogs.js';
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
  // Before anything in the folder is opened (the log files included): ours, or a running node's to attach to.
  const folder = await openDataFolder(dataDir);
  if (folder.kind === 'attached') return startAttached(electron, ui, showWindow, folder);
  const { lock } = folder;
  try {
    await startOwn(electron, ui, showWindow, dataDir, lock, options);
  } catch (err) {
    lock.release();
    throw err;
  }
}

async function startOwn(electron: ElectronMain, ui: { window?: Electron.BrowserWindow }, showWindow: () => void, dataDir: string, lock: FileLock, options: AppOptions): Promise<void> {
  const { app } = electron;
  const clock = new SystemClock();
  const logs = new LogBuffer({ next: new RotatingFileSink(join(dataDir, 'logs')), now: () => clock.now() });
  const logger: Logger = createLogger({ sink: logs, format: 'json' });
  const log = logger.child({ module: 'app' });
  const deps: NodeDeps = {
    logger,
    clock,
    dataDir,
    dataDirLock: lock,
    proverFactory: () => new UtilityProver({ fork: (p, a, o) => electron.utilityProcess.fork(p, a, o), entry: PATHS.proverEntry, logger }),
  };
  // The network joined last time (network.join), else standalone; each network has its own folder in the data dir.
  const network = (await readChosenNetwork(dataDir)) ?? null;
  const restart = (next: NetworkDefinition | null): Promise<SmesherNode> => createNode({ preset: next?.preset ?? getPreset(DEFAULT_PRESET) }, deps);
  const node: SmesherNode = await restart(network);
  const hostOptions = { node, dataDir, clock, logger, logs, version: options.version, network, restart };
  let host: NodeHost;
  try {
    host = await startNodeHost({ ...hostOptions, lock, listen: { host: '127.0.0.1', port: DEFAULT_API_PORT, rendererDir: PATHS.renderer } });
  } catch (err) {
    // Another Smesher on another data folder may hold the port: the window still works over IPC.
    log.warn('API listener not started; the app window works without it', { err });
    host = await startNodeHost({ ...hostOptions, listen: false });
  }

  const stop = openUi(electron, showWindow, host.service, logger, ui);
  const guard = installQuitGuard({
    app,
    dialog: electron.dialog,
    reason: async () => {
      const result = await host.service.dispatch('timeline.list', { limit: 200 });
      const timeline = result.ok ? (result.value as { events: Parameters<typeof criticalReason>[0]['timeline'] }).events : [];
      const nowMs = clock.now();
      return criticalReason({ nowMs, timeline, registrationWindows: openRegistrationWindows(host.node(), timeline, nowMs), eligibleLayers: [] });
    },
    onQuit: async () => {
      stop();
      await host.close();
      await host.node().close();
      lock.release();
    },
  });
  createWindow(electron, ui, guard.quitting);
  log.info('app started', { dataDir, api: host.server?.url ?? null });
}

/**
 * The app as a window onto a node that runs in another process: no node, no logs of its own in the data folder,
 * and quitting leaves the node running. When that node stops, the user is told and the app closes.
 */
function startAttached(electron: ElectronMain, ui: { window?: Electron.BrowserWindow }, showWindow: () => void, folder: Extract<DataFolder, { kind: 'attached' }>): void {
  const { app } = electron;
  const logger = createLogger({ sink: stderrSink, format: 'json' });
  const stop = openUi(electron, showWindow, folder.service, logger, ui);
  let quitting = false;
  app.on('before-quit', () => {
    quitting = true;
    stop();
    folder.service.close();
  });
  createWindow(electron, ui, () => quitting);
  void folder.service.disconnected.then(() => {
    if (quitting) return;
    electron.dialog.showErrorBox('The Smesher node stopped', `The node this window showed (${describeHolder(folder.holder)}) has stopped. Open Smesher again to start its own node.`);
    app.quit();
  });
  logger.child({ module: 'app' }).info('app attached to a running node', { pid: folder.holder.pid, api: folder.holder.api ?? null });
}

/**
 * The IPC bridge (with the native dialogs, parented to the window in `ui`), notifications and tray over `service`.
 * Returns the function that stops the first two.
 */
function openUi(electron: ElectronMain, showWindow: () => void, service: ApiService, logger: Logger, ui: { window?: Electron.BrowserWindow }): () => void {
  serveAppProtocol(electron.protocol, PATHS.renderer);
  const desktop = desktopCalls(electron.dialog, () => ui.window);
  const stopIpc = registerIpcBridge({ ipcMain: electron.ipcMain, service, logger, desktop });
  const stopNotifications = startNotifications(service, (text) => {
    if (electron.Notification.isSupported()) new electron.Notification({ title: text.title, body: text.body }).show();
  });
  createTray(electron, PATHS.icon, { show: showWindow, quit: () => electron.app.quit() });
  // With the window hidden the app lives in the tray; only an explicit quit ends it.
  electron.app.on('window-all-closed', () => {});
  electron.app.on('activate', showWindow);
  return () => {
    stopNotifications();
    stopIpc();
  };
}

function createWindow(electron: ElectronMain, ui: { window?: Electron.BrowserWindow }, quitting: () => boolean): void {
  ui.window = createMainWindow(electron, {
    preloadPath: PATHS.preload,
    iconPath: PATHS.icon,
    packaged: electron.app.isPackaged,
    runInBackground: () => true,
    quitting,
    onHiddenToBackground: () => {
      if (electron.Notification.isSupported()) new electron.Notification({ title: 'Smesher keeps running', body: 'Smeshing continues in the background. Quit from the tray icon.' }).show();
    },
  });
}
