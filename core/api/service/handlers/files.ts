/**
 * `fs.listFolders` (the browser UI's folder picker, core/post/folderBrowser.ts: subfolders with free space, system
 * folders refused) and the native dialogs, which only the desktop app has: its IPC bridge answers `dialog.*`
 * itself (electron/main/dialogs.ts), so a node reached over the WebSocket says NOT_AVAILABLE and the page shows
 * its own picker. I/O: directory listings.
 * @module
 */
import { listFolders } from '../../../post/folderBrowser.js';
import type { Handlers } from '../dispatch.js';
import { ApiRequestError } from '../errors.js';

const DESKTOP_ONLY = 'a native dialog needs the desktop app; the page offers its own folder browser and a field to paste into';

export function fileHandlers(): Pick<Handlers, 'fs.listFolders' | 'dialog.chooseFolder' | 'dialog.openNetworkFile'> {
  return {
    'fs.listFolders': ({ path }) => listFolders(path),
    'dialog.chooseFolder': () => Promise.reject(new ApiRequestError('NOT_AVAILABLE', DESKTOP_ONLY)),
    'dialog.openNetworkFile': () => Promise.reject(new ApiRequestError('NOT_AVAILABLE', DESKTOP_ONLY)),
  };
}
