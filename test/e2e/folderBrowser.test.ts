/**
 * Choosing the PoS folder without typing a path, in real Chromium against the real headless host: the storage
 * wizard's "Choose folder…" opens the node's folder browser (a browser has no native dialog); the user goes to a
 * folder by its path, opens a subfolder from the list, is refused a system folder in place (the listing stays), picks
 * the folder, and smeshing starts there.
 * @module
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CHROMIUM, SCREENSHOTS, nodeInBrowser, pageApiCall, planStorage, routeApi } from './helpers.js';

const PASSWORD = 'Correct-Horse-Battery-42';
const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

describe('the folder browser in Chromium', { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} missing (apt-get install chromium)`, timeout: 240_000 }, () => {
  const env = nodeInBrowser('smesher-e2e-folders-');

  it('picks a folder through the folder browser, is refused a system folder in place, and starts smeshing there', async () => {
    const { page } = env;
    const disks = join(env.tmp, 'disks');
    mkdirSync(join(disks, 'alpha'), { recursive: true });
    mkdirSync(join(disks, 'beta'), { recursive: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
    // A wallet first (as onboarding would leave one, here through the API as a script would), so the page opens the
    // wizard rather than onboarding.
    const ui = new URL(env.node.ui);
    const restored = await fetch(`${ui.origin}/api`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ui.searchParams.get('token')}` },
      body: JSON.stringify({ method: 'wallet.restore', args: { name: 'Mine', password: PASSWORD, mnemonic: MNEMONIC } }),
    });
    assert.equal(((await restored.json()) as { ok: boolean }).ok, true);
    // A slow node, as on a busy machine: the browser's first listings (the wizard's folder, which does not exist yet,
    // then the home folder it falls back to) are still on their way while the user types a path, and must not
    // overwrite it. A CI run lost the typed path this way.
    const api = await routeApi(page);
    api.delayed.set('fs.listFolders', 400);
    await page.goto(`${env.node.ui}#setup`);
    await page.getByTestId('setup').waitFor({ timeout: 15_000 });

    await page.getByRole('button', { name: 'Choose folder…' }).click();
    const browser = page.getByTestId('folder-browser');
    await browser.waitFor();
    const path = browser.getByLabel('Path');
    await path.fill(disks);
    await browser.getByRole('button', { name: 'Open' }).click();
    const list = browser.getByRole('list', { name: `Folders in ${disks}` });
    await list.waitFor();
    assert.deepEqual((await list.getByRole('button').allInnerTexts()).map((t) => t.trim()), ['alpha', 'beta']);
    await list.getByRole('button', { name: 'beta' }).click();
    await browser.getByTestId('folder-browser-here').filter({ hasText: `${join(disks, 'beta')}: writable` }).waitFor();

    // A system folder is refused where the user typed it; the listing they had stays.
    await path.fill('/etc');
    await browser.getByRole('button', { name: 'Open' }).click();
    await browser.getByRole('alert').filter({ hasText: /system folder \/etc/ }).waitFor();
    assert.match(await browser.getByTestId('folder-browser-here').innerText(), /beta: writable/);
    await page.screenshot({ path: join(SCREENSHOTS, 'folder-browser.png'), fullPage: true });

    await browser.getByRole('button', { name: 'Use this folder' }).click();
    await browser.waitFor({ state: 'detached' });
    assert.equal(await page.getByLabel('Folder for the PoS data').inputValue(), join(disks, 'beta'));
    // The units stay at the quickest to initialise; what fits that folder comfortably is one click away.
    await page.getByTestId('use-fitting-units').filter({ hasText: /^Use \d+ units \(what fits, leaving a fifth of the free space\)$/ }).waitFor();
    assert.equal(await planStorage(page), join(disks, 'beta'));
    await page.getByRole('button', { name: 'Start smeshing' }).click();
    await page.getByTestId('init-progress').waitFor({ timeout: 30_000 });
    const status = await pageApiCall(page, env.node.ui, 'node.status', {});
    const identities = (status.value as { identities: { postDir: string; state: string }[] }).identities;
    assert.equal(identities.length, 1);
    assert.ok(identities[0]!.postDir.startsWith(join(disks, 'beta')), identities[0]!.postDir);
    assert.deepEqual(env.pageErrors, []);
  });
});
