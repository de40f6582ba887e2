/**
 * Failure and empty states in real Chromium against the real headless host: a fresh node with no identity (the
 * dashboard sends the newcomer to Storage setup, no rewards yet), one API call failing at a time (the WebSocket is
 * routed through Playwright, which forwards every request to the node but answers the failing method itself with
 * `{ok:false, error}`: the screen shows a role="alert" with that message, and its retry works once the call
 * succeeds again), smeshing paused, resumed and stopped from the dashboard, and the node going away (the banner
 * plus each screen's own note). No page errors anywhere. Waits on conditions, never on the clock.
 * @module
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { ApiError, ApiEvents, EpochRewardInfo, NodeStatus } from '../../core/api/contract/contract.js';
import type { Page } from 'playwright-core';
import { CHROMIUM, ROOT, nodeInBrowser, pageApiCall, routeApi, waitUntil, withoutRefusedWhileStopped, type RoutedApi } from './helpers.js';

describe('node failures and empty states in Chromium', { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} missing (apt-get install chromium)`, timeout: 120_000 }, () => {
  const env = nodeInBrowser('smesher-e2e-failures-');
  const { tmp, pageErrors } = env;
  let page: Page;
  let api: RoutedApi;

  before(async () => {
    page = env.page;
    mkdirSync(join(ROOT, 'test-results', 'screenshots'), { recursive: true });
    api = await routeApi(page);
    await page.goto(env.node.ui);
    // A node without wallets opens onboarding once the wallet list loads; wait for it so that jump cannot land
    // after the tests navigated elsewhere.
    await page.getByTestId('onboarding').waitFor({ timeout: 15_000 });
  });

  /** Screenshots for people reviewing a run; never the README's (those come from newcomer.test.ts). */
  const shot = (name: string) => page.screenshot({ path: join(ROOT, 'test-results', 'screenshots', `failures-${name}.png`), fullPage: true });
  const nav = (name: string) => page.locator('nav').getByRole('button', { name, exact: true }).click();
  const alert = (text: string) => page.getByRole('alert').filter({ hasText: text });

  /** A page load (the stores load everything at start) that ends on the screen named. */
  const reloadOn = (screen: string) => async () => {
    await page.reload();
    await page.getByTestId('onboarding').waitFor({ timeout: 15_000 });
    await nav(screen);
  };

  const apiCall = (method: string, args: unknown) => pageApiCall(page, env.node.ui, method, args);

  /** Fails `method` with `error`, runs `show` (which must make the screen call it), checks the alert, then retries. */
  async function failThenRetry(method: string, error: ApiError, show: () => Promise<void>): Promise<void> {
    api.failing.set(method, error);
    await show();
    await alert(error.message).first().waitFor({ timeout: 10_000 });
    await shot(`failing-${method}`);
    assert.match(await alert(error.message).first().innerText(), new RegExp(error.code), 'the code is shown next to the message');
    api.failing.delete(method);
    await alert(error.message).first().getByRole('button', { name: 'Try again' }).click();
    await alert(error.message).first().waitFor({ state: 'detached', timeout: 10_000 });
  }

  it('a fresh node: the dashboard sends the newcomer to Storage setup and says no rewards yet', async () => {
    await nav('Smeshing');
    await page.getByTestId('no-identities').waitFor({ timeout: 15_000 });
    assert.match(await page.getByTestId('no-identities').innerText(), /Storage setup/);
    assert.match(await page.getByTestId('rewards-count').innerText(), /No rewards yet/);
    assert.equal(await page.getByTestId('rewards-total').innerText(), '0 SMH');
    await page.getByTestId('no-identities').getByRole('button', { name: 'Set up storage' }).click();
    await page.getByTestId('setup').waitFor();
  });

  it('dashboard: pending layers read as pending, misses with their cause in words, live misses in the why-no-rewards view', async () => {
    const epoch: EpochRewardInfo = {
      epoch: 4,
      smesherId: 'ab'.repeat(32),
      expected: '5000000000',
      actual: '1000000000',
      eligibleLayers: 5,
      paidLayers: 1,
      gaps: [{ layer: 41, cause: 'node_offline', amount: '-1000000000' }],
      pending: '2000000000',
      pendingLayers: 2,
      layers: [
        { layer: 40, count: 1, expected: '1000000000', outcome: 'paid' },
        { layer: 41, count: 1, expected: '1000000000', outcome: 'node_offline' },
        { layer: 42, count: 1, expected: '1000000000', outcome: 'late_proposal' },
        { layer: 43, count: 1, expected: '1000000000', outcome: 'pending' },
        { layer: 44, count: 1, expected: '1000000000', outcome: 'pending' },
      ],
    };
    api.faked.set('rewards.epochs', [epoch]);
    // Far enough ahead that the layer is still ahead when the page draws it.
    const ahead = { smesherId: epoch.smesherId, layer: 45, layerTimeMs: Date.now() + 3_600_000, count: 2, expected: '2000000000' };
    api.faked.set('rewards.upcoming', [ahead]);
    await reloadOn('Smeshing')();
    const row = page.locator('[data-testid="epoch-rewards"] tr[data-epoch="4"]');
    await row.waitFor({ timeout: 10_000 });
    assert.match(await row.innerText(), /1 paid · 2 pending · 2 missed/);
    assert.match(await row.innerText(), /2 SMH/, 'the pending amount has its own column');
    await row.locator('summary').click();
    const outcome = (layer: number) => row.locator(`li[data-layer="${layer}"]`).innerText();
    assert.match(await outcome(43), /pending: the layer is not applied yet, it can still pay/);
    assert.doesNotMatch(await outcome(43), /missed/);
    assert.match(await outcome(41), /missed: the node was not running/);
    assert.match(await outcome(42), /too late/);
    assert.match(await page.getByTestId('pending-layers').innerText(), /2 eligible layer\(s\) not applied yet/);
    assert.match(await page.getByTestId('upcoming').locator('tr[data-layer="45"]').innerText(), /45 \(×2\).*2 SMH/s);

    const missed: ApiEvents['rewardMissed'] = { smesherId: epoch.smesherId, layer: 42, reason: 'missed_proposal' };
    api.push('rewardMissed', missed);
    const live = page.getByTestId('missed-rewards').locator('li[data-layer="42"]');
    await live.waitFor({ timeout: 10_000 });
    assert.match(await live.innerText(), /Layer 42: missed: the node ran but published no proposal/);
    await shot('dashboard-outcomes');
    api.faked.delete('rewards.epochs');
    api.faked.delete('rewards.upcoming');
    assert.deepEqual(pageErrors, []);
  });

  it('dashboard: a failing smeshing.progress or rewards.epochs shows its message; Try again recovers', async () => {
    await failThenRetry('smeshing.progress', { code: 'INTERNAL', message: 'progress is broken for this test' }, reloadOn('Smeshing'));
    await failThenRetry('rewards.epochs', { code: 'NOT_AVAILABLE', message: 'epoch accounts are off for this test' }, reloadOn('Smeshing'));
    assert.deepEqual(pageErrors, []);
  });

  it('node: standalone says it has no peer-to-peer network; the sync state follows the node’s mesh verdict; a failing network.peers or logs.tail shows its message; Try again recovers', async () => {
    await nav('Node');
    await page.getByTestId('peers-standalone').waitFor({ timeout: 10_000 });
    assert.match(await page.getByTestId('peers-standalone').innerText(), /no peer-to-peer network \(standalone\)/);
    assert.equal(await page.getByTestId('sync').getAttribute('data-sync'), 'standalone');
    assert.match(await page.getByTestId('layer').innerText(), /^\d+$/);
    assert.match(await page.getByTestId('applied-layer').innerText(), /^\d+$/);
    // The node's own verdict drives the words: a status saying it is out of step reads as so many layers behind.
    const real = (await apiCall('node.status', {})) as unknown as { value: NodeStatus };
    const current = real.value.network.currentLayer;
    api.faked.set('node.status', { ...real.value, mesh: { appliedLayer: current - 15, verifiedLayer: current - 16, inStep: false, outOfSyncLayers: 10 } });
    await page.locator('[data-sync="behind"]').waitFor({ timeout: 10_000 });
    assert.match(await page.getByTestId('sync').innerText(), /^\d+ layers behind$/);
    assert.equal(await page.getByTestId('applied-layer').innerText(), String(current - 15));
    api.faked.delete('node.status');
    await page.locator('[data-sync="standalone"]').waitFor({ timeout: 10_000 });
    // Another failure than NOT_AVAILABLE is an error with a retry; the retry then gets the standalone answer.
    await failThenRetry('network.peers', { code: 'INTERNAL', message: 'the peer table failed for this test' }, async () => {
      await nav('Smeshing');
      await nav('Node');
    });
    await page.getByTestId('peers-standalone').waitFor();
    await failThenRetry('logs.tail', { code: 'INTERNAL', message: 'the log buffer failed for this test' }, async () => {
      await nav('Smeshing');
      await nav('Node');
    });
    assert.deepEqual(pageErrors, []);
  });

  it('storage setup: a failing smeshing.options shows its message; Try again recovers', async () => {
    await failThenRetry('smeshing.options', { code: 'INTERNAL', message: 'folder checks are off for this test' }, async () => {
      await nav('Smeshing');
      await nav('Storage setup');
    });
    assert.deepEqual(pageErrors, []);
  });

  it('storage setup: file size and count shown; a refused start shows the code and message; a good one opens the dashboard', async () => {
    // A folder under a plain file cannot be created: the node refuses the start with POST_DIR_UNWRITABLE.
    writeFileSync(join(tmp, 'a-file'), '');
    await nav('Storage setup');
    await page.getByLabel('Folder for the PoS data').fill(join(tmp, 'a-file', 'post'));
    await page.getByRole('button', { name: 'Check folder' }).click();
    await page.getByTestId('folder-space').waitFor();
    assert.match(await page.getByTestId('file-layout').innerText(), /^Max file size [\d.]+ [KMG]iB: \d+ file\(s\)/);
    await page.getByRole('button', { name: 'Measure speed and plan' }).click();
    await page.getByTestId('plan').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Start smeshing' }).click();
    const refused = page.getByTestId('start-error');
    await refused.waitFor({ timeout: 10_000 });
    assert.equal(await refused.getAttribute('role'), 'alert');
    assert.equal(await refused.getAttribute('data-code'), 'POST_DIR_UNWRITABLE');
    assert.match(await refused.innerText(), /cannot write to .*a-file/);
    assert.equal(await page.getByTestId('setup').count(), 1, 'a refused start stays in the wizard');
    await shot('setup-refused');

    await page.getByLabel('Folder for the PoS data').fill(join(tmp, 'post'));
    await page.getByRole('button', { name: 'Check folder' }).click();
    await page.getByTestId('folder-space').filter({ hasText: 'writable' }).waitFor();
    await page.getByRole('button', { name: 'Start smeshing' }).click();
    await page.getByTestId('init-progress').waitFor({ timeout: 15_000 });
    // Back in the wizard, the running identity is listed with its folder.
    await nav('Storage setup');
    assert.match(await page.getByTestId('running-identities').innerText(), new RegExp(`${join(tmp, 'post', 'post-0')}: 1 unit`));
    await nav('Smeshing');
  });

  it('dashboard: paused shows Resume, running shows Pause, Stop asks first and then leaves no identity', async () => {
    // The Node screen's settings list the folder with its units and threads (the wizard's 1).
    await nav('Node');
    const row = page.getByTestId('smeshing-folders').locator('tbody tr');
    await row.first().waitFor();
    assert.equal(await row.count(), 1);
    assert.deepEqual((await row.locator('td').allInnerTexts()).filter((_, i) => i === 0 || i === 2 || i === 3), [join(tmp, 'post', 'post-0'), '1', '1']);
    assert.equal(await page.getByRole('button', { name: 'Delete PoS data…' }).isDisabled(), true, 'the running folder cannot be deleted');
    await nav('Smeshing');
    const controls = page.getByTestId('smeshing-controls');
    const card = page.getByTestId('init-progress');
    await controls.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.locator('[data-testid="init-progress"][data-state="paused"]').waitFor({ timeout: 15_000 });
    assert.match(await card.innerText(), /paused/);
    await page.locator('[data-check="smeshing"][data-done="false"]').filter({ hasText: 'resume' }).waitFor();
    await shot('dashboard-paused');
    await controls.getByRole('button', { name: 'Resume' }).click();
    await controls.getByRole('button', { name: 'Pause', exact: true }).waitFor({ timeout: 15_000 });
    assert.notEqual(await card.getAttribute('data-state'), 'paused');

    await controls.getByRole('button', { name: 'Stop smeshing' }).click();
    const confirm = page.getByRole('alertdialog', { name: 'Stop smeshing?' });
    await confirm.getByRole('button', { name: 'Keep smeshing' }).click();
    await confirm.waitFor({ state: 'detached' });
    assert.equal(await card.count(), 1, 'keeping smeshing changes nothing');
    await controls.getByRole('button', { name: 'Stop smeshing' }).click();
    await shot('dashboard-stop-confirm');
    await confirm.getByRole('button', { name: 'Yes, stop smeshing' }).click();
    await page.getByTestId('no-identities').waitFor({ timeout: 15_000 });
    assert.equal(await card.count(), 0);
    assert.deepEqual(pageErrors, []);
  });

  it('node settings: a stopped identity’s PoS data is deleted only after typing DELETE', async () => {
    await nav('Node');
    const folder = page.getByLabel('Folder of a stopped identity');
    assert.equal(await folder.inputValue(), join(tmp, 'post', 'post-0'), 'the stopped folder is offered');
    await page.getByRole('button', { name: 'Delete PoS data…' }).click();
    const confirm = page.getByRole('alertdialog');
    const remove = confirm.getByRole('button', { name: 'Delete the PoS data' });
    await confirm.getByLabel('Type DELETE to confirm').fill('delete');
    assert.equal(await remove.isDisabled(), true);
    await confirm.getByLabel('Type DELETE to confirm').fill('DELETE');
    await remove.click();
    await page.getByRole('status').filter({ hasText: /Deleted \d+ PoS file\(s\)/ }).waitFor({ timeout: 10_000 });
    assert.equal(await folder.inputValue(), '', 'the deleted folder is no longer offered');
    assert.deepEqual(pageErrors, []);
  });

  it('several identities: each gets its own card on the dashboard and its own row in the settings', async () => {
    // The wizard starts one identity; two come from the API itself, as another client (the CLI) would start them.
    const started = await apiCall('smeshing.start', { postDir: join(tmp, 'post'), units: [1, 1], threads: 1 });
    // The same folder as before: identity 0 was initialised there with 1 unit (another folder is SETUP_MISMATCH).
    assert.equal(started.ok, true, JSON.stringify(started));
    await nav('Smeshing');
    await waitUntil(async () => (await page.getByTestId('init-progress').count()) === 2, 15_000);
    const cards = await page.getByTestId('init-progress').allInnerTexts();
    assert.match(cards[0]!, /post-0/);
    assert.match(cards[1]!, /post-1/);
    await shot('dashboard-two-identities');
    await nav('Node');
    await waitUntil(async () => (await page.getByTestId('smeshing-folders').locator('tbody tr').count()) === 2, 10_000);
    await shot('node-settings');
    assert.deepEqual(pageErrors, []);
  });

  it('node settings: Lock the wallet locks the open wallet', async () => {
    // A wallet made over the API (as the CLI would) is open on the node; a page load picks it up.
    const created = await apiCall('wallet.create', { name: 'Lock test', password: 'Correct-Horse-Battery-42', words: 12 });
    assert.equal(created.ok, true, JSON.stringify(created));
    await page.goto(env.node.ui);
    await page.getByTestId('dashboard').waitFor();
    await nav('Node');
    await page.getByRole('button', { name: 'Lock the wallet' }).click();
    await page.getByRole('status').filter({ hasText: 'The wallet is locked' }).waitFor({ timeout: 10_000 });
    await nav('Wallet');
    await nav('Node');
    assert.equal(await page.getByRole('button', { name: 'Lock the wallet' }).count(), 0, 'nothing left to lock');
    assert.deepEqual(pageErrors, []);
  });

  it('the node stops: the banner, and each screen says it shows the last known state; no page errors', async () => {
    assert.deepEqual(pageErrors, []);
    await env.node.stop();
    await alert('The node is unreachable').waitFor({ timeout: 15_000 });
    await page.getByTestId('node-stale').waitFor();
    await nav('Smeshing');
    await page.getByTestId('dashboard-stale').waitFor();
    await shot('dashboard-unreachable');
    assert.equal(await page.getByTestId('init-progress').count(), 2, 'the last known identities stay on screen');
    await nav('Storage setup');
    await page.getByTestId('setup-stale').waitFor();
    assert.equal(await alert('The node is unreachable').count(), 1, 'one banner, whatever the screen');
    // With the node down its server is gone too: the favicon the browser asks for again on each screen is refused.
    assert.deepEqual(withoutRefusedWhileStopped(pageErrors), []);
  });
});
