/**
 * The desktop host's native dialogs behind the contract: "Choose folder…" hands back the folder picked (or null on
 * cancel) with a button to create one, modal to the window; "Open a network file…" reads the file picked and
 * refuses one too big to be a network file; the IPC bridge answers both itself for our window only, after the
 * contract's argument check, and hands every other call to the node.
 * @module
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { BrowserWindow, Dialog, IpcMainInvokeEvent, OpenDialogOptions, OpenDialogReturnValue } from 'electron';
import type { ApiResult } from '../../../core/api/contract/contract.js';
import { desktopCalls } from '../../../electron/main/dialogs.js';
import { CALL_CHANNEL, registerIpcBridge } from '../../../electron/main/ipc.js';
import { fixture, tempDir } from '../api/helpers.js';

/** A dialog that records what it was asked and answers `answer`. */
function fakeDialog(answer: OpenDialogReturnValue) {
  const asked: { window: unknown; options: OpenDialogOptions }[] = [];
  const dialog = {
    showOpenDialog: (a: unknown, b?: OpenDialogOptions) => {
      asked.push(b === undefined ? { window: undefined, options: a as OpenDialogOptions } : { window: a, options: b });
      return Promise.resolve(answer);
    },
  } as Pick<Dialog, 'showOpenDialog'>;
  return { dialog, asked };
}

const WINDOW = { isDestroyed: () => false } as BrowserWindow;

describe('native dialogs', () => {
  it('chooseFolder: the folder picked, modal to the window, folders only with creation allowed; null on cancel', async () => {
    const picked = fakeDialog({ canceled: false, filePaths: ['/home/me/post'] });
    assert.deepEqual(await desktopCalls(picked.dialog, () => WINDOW)['dialog.chooseFolder']({ defaultPath: '/home/me' }), { path: '/home/me/post' });
    assert.equal(picked.asked[0]!.window, WINDOW);
    assert.equal(picked.asked[0]!.options.defaultPath, '/home/me');
    assert.deepEqual(picked.asked[0]!.options.properties, ['openDirectory', 'createDirectory', 'promptToCreate']);
    const cancelled = fakeDialog({ canceled: true, filePaths: [] });
    assert.deepEqual(await desktopCalls(cancelled.dialog, () => undefined)['dialog.chooseFolder']({}), { path: null });
    assert.equal(cancelled.asked[0]!.window, undefined, 'no window: a free-standing dialog');
  });

  it('openNetworkFile: the text of the file picked; null on cancel; a file too big is refused unread', async (t) => {
    const dir = await tempDir(t);
    const file = join(dir, 'friends.json');
    await writeFile(file, '{"format": "smesher-network/1"}');
    const big = join(dir, 'big.json');
    await writeFile(big, 'x'.repeat(100_000));
    assert.deepEqual(await desktopCalls(fakeDialog({ canceled: false, filePaths: [file] }).dialog, () => WINDOW)['dialog.openNetworkFile']({}), { text: '{"format": "smesher-network/1"}' });
    assert.deepEqual(await desktopCalls(fakeDialog({ canceled: true, filePaths: [] }).dialog, () => WINDOW)['dialog.openNetworkFile']({}), { text: null });
    await assert.rejects(desktopCalls(fakeDialog({ canceled: false, filePaths: [big] }).dialog, () => WINDOW)['dialog.openNetworkFile']({}), /too big/);
  });

  it('the IPC bridge answers the dialogs itself for our window, checks their arguments, and passes the rest on', async (t) => {
    const f = await fixture(t);
    type Handler = (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<ApiResult<unknown>>;
    const handlers = new Map<string, Handler>();
    const { dialog } = fakeDialog({ canceled: false, filePaths: ['/data/post'] });
    const stop = registerIpcBridge({
      ipcMain: { handle: (ch: string, fn: Handler) => void handlers.set(ch, fn), removeHandler: (ch: string) => void handlers.delete(ch) },
      service: f.service,
      desktop: desktopCalls(dialog, () => WINDOW),
      setInterval: () => 1,
      clearInterval: () => {},
    });
    t.after(stop);
    const sender = { id: 1, send: () => {}, isDestroyed: () => false, once: () => {} };
    const call = (method: string, args: unknown, url = 'app://smesher/index.html') =>
      handlers.get(CALL_CHANNEL)!({ sender, senderFrame: { url, parent: null } } as unknown as IpcMainInvokeEvent, method, args);
    assert.deepEqual(await call('dialog.chooseFolder', {}), { ok: true, value: { path: '/data/post' } });
    assert.equal(((await call('dialog.chooseFolder', { defaultPath: 7 })) as { error: { code: string } }).error.code, 'INVALID_ARGS');
    assert.equal(((await call('dialog.chooseFolder', {}, 'https://evil.example/')) as { error: { code: string } }).error.code, 'FORBIDDEN_ORIGIN');
    assert.equal((await call('network.info', {})).ok, true, 'everything else goes to the node');
  });
});
