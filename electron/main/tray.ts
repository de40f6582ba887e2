/**
 * The tray icon: the app keeps smeshing with its window closed, and the tray is how the user gets it back or quits.
 * Electron APIs are passed in. I/O: the OS tray.
 * @module
 */
import type { Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron';

export interface TrayDeps {
  readonly Tray: new (image: NativeImage | string) => Tray;
  readonly Menu: { buildFromTemplate(template: MenuItemConstructorOptions[]): Menu };
}

export interface TrayActions {
  show(): void;
  quit(): void;
}

/** The tray menu: what the user can do with the window hidden. */
export function trayMenuTemplate(actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    { label: 'Open Smesher', click: () => actions.show() },
    { type: 'separator' },
    { label: 'Quit Smesher', click: () => actions.quit() },
  ];
}

export function createTray(deps: TrayDeps, icon: NativeImage | string, actions: TrayActions): Tray {
  const tray = new deps.Tray(icon);
  tray.setToolTip('Smesher');
  tray.setContextMenu(deps.Menu.buildFromTemplate(trayMenuTemplate(actions)));
  tray.on('click', () => actions.show());
  return tray;
}
