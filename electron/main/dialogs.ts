/**
 * The desktop app's native dialogs behind the API contract: `dialog.chooseFolder` (the storage wizard's "Choose
 * folder…", with a button to create one) and `dialog.openNetworkFile` (onboarding's "Open a network file…", read
 * here so the page never sees the file system). The IPC bridge answers these two itself (electron/main/ipc.ts),
 * whichever node the window shows, after checking the arguments against the contract's schemas. I/O: dialogs
 * and one file read.
 * @module
 */
import type { BrowserWindow, Dialog } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import type { ApiArgs, ApiValue } from '../../core/api/contract/contract.js';
import { MAX_NETWORK_FILE_CHARS } from '../../core/api/contract/schemas.js';
import { ApiRequestError } from '../../core/api/service/errors.js';

/** The calls the desktop host answers itself. */
export interface DesktopCalls {
  'dialog.chooseFolder'(args: ApiArgs<'dialog.chooseFolder'>): Promise<ApiValue<'dialog.chooseFolder'>>;
  'dialog.openNetworkFile'(args: ApiArgs<'dialog.openNetworkFile'>): Promise<ApiValue<'dialog.openNetworkFile'>>;
}

export const DESKTOP_METHODS = ['dialog.chooseFolder', 'dialog.openNetworkFile'] as const satisfies readonly (keyof DesktopCalls)[];

/**
 * The dialogs over Electron's `dialog`, parented to the window `parent()` returns (modal to it), or free-standing
 * when there is none.
 */
export function desktopCalls(dialog: Pick<Dialog, 'showOpenDialog'>, parent: () => BrowserWindow | undefined): DesktopCalls {
  const open = (options: Electron.OpenDialogOptions) => {
    const window = parent();
    return window === undefined || window.isDestroyed() ? dialog.showOpenDialog(options) : dialog.showOpenDialog(window, options);
  };
  return {
    async 'dialog.chooseFolder'({ title, defaultPath }) {
      const result = await open({
        title: title ?? 'Choose a folder for the PoS data',
        ...(defaultPath === undefined ? {} : { defaultPath }),
        properties: ['openDirectory', 'createDirectory', 'promptToCreate'],
      });
      return { path: result.canceled ? null : (result.filePaths[0] ?? null) };
    },
    async 'dialog.openNetworkFile'() {
      const result = await open({ title: 'Open a network file', properties: ['openFile'], filters: [{ name: 'Network file', extensions: ['json'] }, { name: 'Any file', extensions: ['*'] }] });
      const path = result.canceled ? undefined : result.filePaths[0];
      if (path === undefined) return { text: null };
      // A network file is a few hundred bytes: anything far bigger is the wrong file, refused before it is read.
      if ((await stat(path)).size > MAX_NETWORK_FILE_CHARS) throw new ApiRequestError('INVALID_ARGS', `${path} is too big to be a network file`);
      return { text: await readFile(path, 'utf8') };
    },
  };
}
