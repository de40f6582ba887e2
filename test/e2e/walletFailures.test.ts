/**
 * Onboarding and the wallet in real Chromium against the real headless host, beyond the happy path: the network
 * presets (the node's own marked, another one explains how to switch) and their failing load; a failing create and
 * the node going away during onboarding (then a restarted node); a failing restore; a restored wallet's empty
 * history, QR code and spawn state; history, balance, the wallet list and a send's dry run failing with the node's
 * message (and the retries working once the calls succeed); history filters' empty states; the confirmation's fee
 * choices priced by dry runs and a confirmed send followed to "applied"; lock and unlock with a wrong password
 * first; the node going away, then coming back on the same address (the page carries on with no reload). Calls
 * fail or are faked through a routed WebSocket (helpers.ts `routeApi`). No page errors, no CSP violations.
 * @module
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { CHROMIUM, ROOT, nodeInBrowser, routeApi, startNode, waitUntil, type RoutedApi } from './helpers.js';

const PASSWORD = 'Correct-Horse-Battery-42';
const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

describe('onboarding and wallet failures in Chromium', { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} missing (apt-get install chromium)`, timeout: 120_000 }, () => {
  const env = nodeInBrowser('smesher-e2e-wallet-');
  const { tmp, pageErrors } = env;
  let page: Page;
  let api: RoutedApi;

  before(async () => {
    page = env.page;
    mkdirSync(join(ROOT, 'test-results', 'screenshots'), { recursive: true });
    api = await routeApi(page);
  });

  const shot = (name: string) => page.screenshot({ path: join(ROOT, 'test-results', 'screenshots', `wallet-${name}.png`), fullPage: true });
  const alert = (text: string) => page.getByRole('alert').filter({ hasText: text });
  /**
   * Clicks the alert's "Try again" until the alert is gone. The wallet also reloads on every layer, so under load a
   * layer can clear the error between the test lifting the failure and the click: either way the data loads.
   */
  const retryUntilGone = (text: string) =>
    waitUntil(async () => {
      const box = alert(text);
      if ((await box.count()) === 0) return true;
      await box
        .getByRole('button', { name: 'Try again' })
        .click({ timeout: 1_000 })
        .catch(() => undefined);
      return (await box.count()) === 0;
    }, 10_000);
  const toWallet = () => page.locator('nav').getByRole('button', { name: 'Wallet', exact: true }).click();

  it('onboarding lists the presets with this node’s marked; another one says how to switch; a failed list retries', async () => {
    api.failing.set('network.presets', { code: 'INTERNAL', message: 'presets are on strike' });
    await page.goto(env.node.ui);
    await page.getByTestId('onboarding').waitFor({ timeout: 15_000 });
    await alert('presets are on strike').waitFor({ timeout: 10_000 });
    api.failing.delete('network.presets');
    await alert('presets are on strike').getByRole('button', { name: 'Try again' }).click();
    const presets = page.getByTestId('presets');
    await presets.waitFor();
    assert.match(await presets.innerText(), /standalone \(this node\)/);
    assert.equal(await page.getByRole('radio', { name: /^standalone/ }).isChecked(), true);
    await page.getByRole('radio', { name: /^devnet/ }).check();
    assert.match(await page.getByTestId('preset-switch').innerText(), /smesher node --preset devnet/);
    await shot('presets');
    await page.getByRole('radio', { name: /^standalone/ }).check();
    await page.getByTestId('preset-switch').waitFor({ state: 'detached' });
  });

  it('creating a wallet: a failing create shows the node’s message; with the node gone the banner shows over onboarding and the create says so; a restarted node carries on', async () => {
    await page.getByRole('button', { name: 'Create a new wallet' }).click();
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Repeat password').fill(PASSWORD);
    api.failing.set('wallet.create', { code: 'INTERNAL', message: 'keystore is read-only' });
    await page.getByRole('button', { name: 'Create wallet' }).click();
    await alert('keystore is read-only').waitFor({ timeout: 10_000 });
    api.failing.delete('wallet.create');
    assert.equal(await page.getByTestId('mnemonic').count(), 0, 'no phrase is shown for a wallet that was not created');

    await env.node.stop();
    await alert('The node is unreachable').waitFor({ timeout: 15_000 });
    await page.getByTestId('onboarding').waitFor();
    await page.getByRole('button', { name: 'Create wallet' }).click();
    await page.getByTestId('onboarding').getByRole('alert').filter({ hasNotText: 'keystore is read-only' }).waitFor({ timeout: 10_000 });
    assert.equal(await page.getByTestId('mnemonic').count(), 0);
    await shot('onboarding-unreachable');

    env.node = await startNode(['--data-dir', join(tmp, 'data')]);
    await page.goto(env.node.ui);
    await page.getByTestId('presets').waitFor({ timeout: 15_000 });
  });

  it('a failing restore shows the node’s message and changes nothing; then the restore works', async () => {
    await page.getByRole('button', { name: 'Restore a wallet' }).click();
    await page.getByLabel('Recovery phrase (12 or 24 words)').fill(MNEMONIC);
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Repeat password').fill(PASSWORD);
    api.failing.set('wallet.restore', { code: 'WALLET_EXISTS', message: 'a wallet with this name exists' });
    await page.getByRole('button', { name: 'Restore', exact: true }).click();
    await alert('a wallet with this name exists').waitFor({ timeout: 10_000 });
    api.failing.delete('wallet.restore');
    await page.getByRole('button', { name: 'Restore', exact: true }).click();
    await page.getByTestId('onboarding').waitFor({ state: 'detached', timeout: 10_000 });
  });

  it('the restored wallet: empty history, a QR code of the address, not spawned; filters keep the empty state', async () => {
    await toWallet();
    const address = (await page.getByTestId('receive-address').innerText()).trim();
    assert.match(address, /^standalone1\w+$/);
    await page.getByText('No transactions yet.').waitFor({ timeout: 10_000 });
    const qr = page.getByTestId('qr');
    assert.equal(await qr.getAttribute('aria-label'), `QR code of ${address}`);
    assert.ok((await qr.locator('path').getAttribute('d'))!.length > 500, 'the code draws its modules');
    await page.locator(`[data-testid="spawned"][data-address="${address}"]`).filter({ hasText: 'not spawned yet' }).waitFor();
    await page.getByRole('combobox', { name: /^Status/ }).selectOption('pending');
    await page.getByText('No transactions yet.').waitFor();
    await page.getByRole('combobox', { name: /^Status/ }).selectOption('all');
    await shot('empty');
  });

  it('history and balance failing: the wallet says so with the node’s message, and the retry loads them', async () => {
    api.failing.set('wallet.history', { code: 'INTERNAL', message: 'history store unreadable' });
    await page.reload();
    await toWallet();
    await alert('history store unreadable').waitFor({ timeout: 15_000 });
    await shot('failing-history');
    api.failing.delete('wallet.history');
    await retryUntilGone('history store unreadable');
    await page.getByText('No transactions yet.').waitFor({ timeout: 10_000 });

    api.failing.set('wallet.balance', { code: 'NOT_SYNCED', message: 'state not readable yet' });
    await page.reload();
    await toWallet();
    await alert('state not readable yet').waitFor({ timeout: 15_000 });
    api.failing.delete('wallet.balance');
    await retryUntilGone('state not readable yet');
  });

  it('history filters: a filter that matches nothing names what it found none of, and clearing it shows the rows', async () => {
    // A fresh node has paid no rewards yet: the route answers with one, as the node will later.
    api.faked.set('wallet.history', [{ kind: 'reward', layer: 3, amount: '1000' }]);
    await page.reload();
    await toWallet();
    await page.locator('tr[data-kind="reward"][data-direction="in"]').waitFor({ timeout: 15_000 });
    await page.getByRole('combobox', { name: /^Direction/ }).selectOption('out');
    await page.getByText('No outgoing transactions in this account’s 1 entry.').waitFor();
    await page.getByRole('combobox', { name: /^Direction/ }).selectOption('in');
    await page.getByRole('combobox', { name: /^Status/ }).selectOption('pending');
    await page.getByText('No pending incoming transactions in this account’s 1 entry.').waitFor();
    await page.getByRole('button', { name: 'Show everything' }).click();
    await page.locator('tr[data-kind="reward"]').waitFor();
    api.faked.delete('wallet.history');
  });

  it('a refused send shows the node’s reason in the send card; nothing is marked sent', async () => {
    const address = (await page.getByTestId('receive-address').innerText()).trim();
    await page.getByLabel('To address').fill(address);
    await page.getByLabel(/^Amount/).fill('1');
    await page.getByRole('button', { name: 'Review' }).click();
    const send = page.getByRole('region', { name: 'Send' });
    // A fresh wallet has no coins: the node itself refuses the dry run.
    await send.getByRole('alert').waitFor({ timeout: 10_000 });
    assert.ok((await send.getByRole('alert').innerText()).length > 0);
    api.failing.set('wallet.send', { code: 'MEMPOOL_FULL', message: 'the mempool is full' });
    await page.getByRole('button', { name: 'Review' }).click();
    await send.getByRole('alert').filter({ hasText: 'the mempool is full' }).waitFor({ timeout: 10_000 });
    api.failing.delete('wallet.send');
    assert.equal(await page.getByTestId('sent').count(), 0);
  });

  it('the confirmation prices each fee choice in SMH and shows recipient, amount, fee and total; cancel sends nothing; a confirmed send shows when a layer applies it', async () => {
    const address = (await page.getByTestId('receive-address').innerText()).trim();
    // Without coins the node refuses every dry run, so the route answers the dry runs as a funded node would.
    api.faked.set('wallet.send', { txs: [{ id: 'ab'.repeat(32), method: 'spend', nonce: '1', fee: '20000' }], totalFee: '20000', total: '1000020000', dryRun: true });
    await page.getByRole('button', { name: 'Review' }).click();
    const dialog = page.getByRole('dialog', { name: 'Confirm the transaction' });
    await dialog.waitFor({ timeout: 10_000 });
    for (const name of ['Normal', 'Fast', 'Priority']) await dialog.getByRole('radio', { name: new RegExp(`^${name} `) }).waitFor();
    assert.equal(await dialog.getByRole('radio', { name: /^Normal / }).isChecked(), true);
    assert.equal((await dialog.getByTestId('confirm-to').innerText()).trim(), address);
    assert.match(await dialog.getByTestId('confirm-amount').innerText(), /1 SMH/);
    assert.match(await dialog.getByTestId('confirm-fee').innerText(), /20,000 smidge \(0\.00002 SMH\)/);
    await dialog.getByRole('radio', { name: /^Fast / }).check();
    assert.match(await dialog.getByTestId('confirm-total').innerText(), /SMH/);
    await shot('confirm');
    assert.equal(await page.locator('[role="dialog"]:focus-within').count(), 1, 'the confirmation has the focus');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('sent').count(), 0);

    // Confirmed, the send follows its transaction through the history: here a layer already applied it.
    api.faked.set('wallet.history', [{ kind: 'sent', layer: 7, id: 'ab'.repeat(32), status: 'applied', amount: '1000000000', fee: '20000', to: address }]);
    await page.getByRole('button', { name: 'Review' }).click();
    await dialog.getByRole('button', { name: 'Confirm and send' }).click();
    await page.locator('[data-testid="sent"][data-status="applied"]').filter({ hasText: 'in layer 7' }).waitFor({ timeout: 10_000 });
    api.faked.delete('wallet.send');
    api.faked.delete('wallet.history');
  });

  it('lock, then unlock: a wrong password is refused, the right one opens the wallet', async () => {
    await page.getByRole('button', { name: 'Lock wallet' }).click();
    await page.getByRole('button', { name: 'Unlock' }).waitFor({ timeout: 10_000 });
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('alert').filter({ hasText: /password/i }).waitFor({ timeout: 10_000 });
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByTestId('receive-address').waitFor({ timeout: 10_000 });
  });

  it('a failing wallet list: the wallet screen says so with a retry, never “No wallet yet” nor onboarding; the retry opens the wallet', async () => {
    api.failing.set('wallet.list', { code: 'INTERNAL', message: 'wallet folder unreadable' });
    await page.reload();
    await toWallet();
    await alert('wallet folder unreadable').waitFor({ timeout: 15_000 });
    assert.equal(await page.getByText('No wallet yet.').count(), 0);
    assert.equal(await page.getByTestId('onboarding').count(), 0);
    api.failing.delete('wallet.list');
    await alert('wallet folder unreadable').getByRole('button', { name: 'Try again' }).click();
    await page.getByTestId('receive-address').waitFor({ timeout: 10_000 });
  });

  it('the node going away shows the unreachable banner over the wallet; back on the same address, the page carries on by itself: the banner goes and the wallet asks to be unlocked again; no page errors happened', async () => {
    await env.node.stop();
    await alert('The node is unreachable').waitFor({ timeout: 15_000 });
    await shot('unreachable');
    assert.equal(await page.getByTestId('receive-address').count(), 1, 'the last known wallet stays on screen while the node is away');

    // A restart forgets the wallet's keys; the page must notice that too, or its sends would be refused.
    env.node = await startNode(['--data-dir', join(tmp, 'data'), '--api-port', new URL(env.node.ui).port]);
    await alert('The node is unreachable').waitFor({ state: 'detached', timeout: 15_000 });
    await page.getByRole('button', { name: 'Unlock' }).waitFor({ timeout: 10_000 });
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByTestId('receive-address').waitFor({ timeout: 10_000 });
    assert.match(await page.locator('.conn').innerText(), /connected/);
    assert.deepEqual(pageErrors, []);
  });
});
