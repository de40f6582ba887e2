/**
 * The newcomer journey in real Chromium against the real headless host on one fresh node: onboarding creates a
 * wallet (phrase, quiz), the setup wizard proposes a folder (no path typed), benchmarks, shows the plan and starts
 * smeshing 1 unit with that wallet's first account as coinbase; the dashboard shows init progress, the ATX and the first reward,
 * the wallet the balance; a send to a second address moves coins and both balances update; stopping the node
 * shows the unreachable state. Saves a screenshot of each screen (see SCREENSHOTS in helpers.ts).
 * @module
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { accountAddress, deriveAccountKey } from '../../core/wallet/keys.js';
import { mnemonicToSeed } from '../../core/wallet/mnemonic.js';
import { CHROMIUM, SCREENSHOTS, answerQuiz, buildRenderer, launchChromium, openPage, planStorage, startNode, waitUntil, type RunningNode } from './helpers.js';

const PASSWORD = 'Correct-Horse-Battery-42';
const SECOND_MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

describe('newcomer journey in Chromium', { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} missing (apt-get install chromium)`, timeout: 420_000 }, () => {
  let browser: Browser;
  let page: Page;
  const nodes: RunningNode[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 'smesher-e2e-'));
  const pageErrors: string[] = [];

  before(async () => {
    buildRenderer();
    mkdirSync(SCREENSHOTS, { recursive: true });
    browser = await launchChromium();
    page = await openPage(browser, pageErrors);
  });

  after(async () => {
    await browser?.close();
    for (const n of nodes) await n.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  let address = '';

  it('onboarding creates a wallet: phrase shown once, quiz, then the setup wizard plans the first reward and starts', async () => {
    const node = await startNode(['--data-dir', join(tmp, 'data')]);
    nodes.push(node);
    await page.goto(node.ui);
    await page.getByTestId('onboarding').waitFor();
    await shot(page, '01-onboarding');
    await page.getByRole('button', { name: 'Create a new wallet' }).click();
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Repeat password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create wallet' }).click();
    await page.getByTestId('mnemonic').waitFor();
    const words = (await page.getByTestId('mnemonic').locator('li').allTextContents()).map((w) => w.trim());
    assert.equal(words.length, 24);
    await shot(page, '02-recovery-phrase');
    await page.getByRole('button', { name: 'I wrote it down' }).click();
    const continueButton = page.getByRole('button', { name: 'Continue to storage setup' });
    for (const input of await page.locator('input[data-quiz]').all()) {
      await input.fill('wrong');
    }
    assert.equal(await continueButton.isDisabled(), true, 'wrong answers do not pass the quiz');
    await answerQuiz(page, words);
    await continueButton.click();

    await page.getByTestId('setup').waitFor();
    // No path typed: the wizard proposes this network's folder under the data dir (its disk holds the max), measured.
    assert.match(await page.getByTestId('proposed-folder').innerText(), /^Proposed for this network, on the usual place with the most room: 1024 units fit there/);
    const postDir = await planStorage(page);
    assert.equal(dirname(postDir), join(tmp, 'data', 'post'));
    assert.match(basename(postDir), /^standalone-[0-9a-f]{8}$/);
    assert.match(await page.getByTestId('plan').innerText(), /First eligible layer \d+/);
    // The rewards go to the wallet just created: its first account is the wizard's default coinbase.
    const coinbase = page.getByLabel('Rewards go to');
    address = (await coinbase.inputValue()).trim();
    assert.match(address, /^\w+1\w+$/);
    await shot(page, '03-storage-setup');
    await page.getByRole('button', { name: 'Start smeshing' }).click();
    await page.getByTestId('init-progress').waitFor();
  });

  it('the node smeshes for that wallet: init progress, ATX, first reward in the dashboard and the balance', async () => {
    await page.getByTestId('init-percent').filter({ hasText: '100.0 %' }).waitFor({ timeout: 60_000 });
    await shot(page, '04-dashboard-init');
    await page.locator('[data-check="atx"][data-done="true"]').waitFor({ timeout: 150_000 });
    await page.locator('[data-event="atx_published"]').first().waitFor();
    await shot(page, '05-dashboard-atx');
    await page.locator('[data-check="reward"][data-done="true"]').waitFor({ timeout: 150_000 });
    assert.notEqual(await page.getByTestId('rewards-total').innerText(), '0 SMH');
    // The rewarded epoch shows up in the expected-vs-actual view too (it reloads shortly after the reward event).
    await page.locator('[data-testid="epoch-rewards"] tr[data-epoch]').first().waitFor({ timeout: 15_000 });
    await shot(page, '06-dashboard-reward');

    await page.locator('nav').getByRole('button', { name: 'Wallet' }).click();
    await page.getByTestId('receive-address').filter({ hasText: address }).waitFor();
    const balance = page.locator(`[data-testid="balance"][data-address="${address}"]`);
    await waitUntil(async () => /SMH|smidge/.test(await balance.innerText()) && (await balance.innerText()) !== '0 SMH', 30_000);
    assert.notEqual(await balance.innerText(), '0 SMH');
  });

  it('sends to a second account; both balances update', async () => {
    const hrp = address.slice(0, address.indexOf('1'));
    const second = accountAddress(deriveAccountKey(mnemonicToSeed(SECOND_MNEMONIC), 0).publicKey, hrp);
    const balance = page.locator(`[data-testid="balance"][data-address="${address}"]`);
    const before = await balance.innerText();
    await page.getByLabel('Name').fill('Second account');
    await page.getByLabel('Address', { exact: true }).fill(second);
    await page.getByRole('button', { name: 'Add contact' }).click();
    const contactBalance = page.locator(`[data-testid="contact-balance"][data-address="${second}"]`);
    await contactBalance.filter({ hasText: '0 SMH' }).waitFor();
    await page.getByRole('button', { name: 'Pay' }).click();
    await page.getByLabel(/^Amount/).fill('0.000001');
    await page.getByRole('button', { name: 'Review' }).click();
    await page.getByRole('dialog', { name: 'Confirm the transaction' }).waitFor();
    await shot(page, '07-send-confirm');
    await page.getByRole('button', { name: 'Confirm and send' }).click();
    const sendCard = page.getByRole('region', { name: 'Send' });
    await waitUntil(async () => (await page.getByTestId('sent').count()) > 0 || (await sendCard.getByRole('alert').count()) > 0, 30_000);
    if ((await page.getByTestId('sent').count()) === 0) {
      // A never-used account needs a spawn first; the node takes the spend only once the spawn is applied, and
      // the UI says so. The user sends again after it is.
      assert.match(await sendCard.getByRole('alert').innerText(), /not spawned/, await sendCard.innerText());
      // `spawned` in the balance counts the pending spawn; the node wants it applied, which the history shows.
      await page.locator('tr[data-kind="spawn"][data-status="applied"]').waitFor({ timeout: 60_000 });
      await page.getByRole('button', { name: 'Review' }).click();
      await page.getByRole('button', { name: 'Confirm and send' }).click();
      await waitUntil(async () => (await page.getByTestId('sent').count()) > 0 || (await sendCard.getByRole('alert').count()) > 0, 30_000);
      assert.equal(await page.getByTestId('sent').count(), 1, await sendCard.innerText());
    }
    await contactBalance.filter({ hasText: '1,000 smidge' }).waitFor({ timeout: 90_000 });
    await waitUntil(async () => (await balance.innerText()) !== before, 30_000);
    await shot(page, '08-wallet');

    await page.locator('nav').getByRole('button', { name: 'Node' }).click();
    await page.getByTestId('layer').waitFor();
    await shot(page, '09-node');
    await page.getByLabel('Theme').selectOption('dark');
    await page.locator('nav').getByRole('button', { name: 'Smeshing' }).click();
    await shot(page, '10-dashboard-dark');
  });

  it('shows the node as unreachable when it stops, and no CSP or page errors happened', async () => {
    await nodes.at(-1)!.stop();
    await page.getByRole('alert').filter({ hasText: 'The node is unreachable' }).waitFor({ timeout: 15_000 });
    await shot(page, '11-unreachable');
    assert.deepEqual(pageErrors, []);
  });
});
