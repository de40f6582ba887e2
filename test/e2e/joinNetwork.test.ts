/**
 * Joining a network from onboarding, in real Chromium against the real headless host: the network step creates a
 * network file for friends (checked: it parses as a new devnet network), refuses a malformed pasted file with the
 * node's message in place (the node stays standalone), then joins a pasted file: the node restarts on that network
 * behind the same address, the page comes back on it, and the Node screen shows the network's name and its peers;
 * from there "Back to standalone" returns to standalone's own chain.
 * @module
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { parseNetworkFile } from '../../core/params/networkFile.js';
import { newNetworkFile } from '../../core/params/newNetwork.js';
import { CHROMIUM, SCREENSHOTS, type RunningNode, buildRenderer, launchChromium, openPage, pageApiCall, startNode } from './helpers.js';

describe('joining a network in Chromium', { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} missing (apt-get install chromium)`, timeout: 180_000 }, () => {
  const tmp = mkdtempSync(join(tmpdir(), 'smesher-e2e-join-'));
  const pageErrors: string[] = [];
  let browser: Browser;
  let page: Page;
  let node: RunningNode;

  before(async () => {
    buildRenderer();
    mkdirSync(SCREENSHOTS, { recursive: true });
    // On loopback with any free port and no multicast: the network joined below listens there, not on 0.0.0.0:7513.
    node = await startNode(['--data-dir', join(tmp, 'data'), '--listen', '/ip4/127.0.0.1/tcp/0', '--no-mdns']);
    browser = await launchChromium();
    page = await openPage(browser, pageErrors);
  });
  after(async () => {
    await (browser as Browser | undefined)?.close();
    await (node as RunningNode | undefined)?.stop();
    rmSync(tmp, { recursive: true, force: true });
  });

  const networkInfo = async () => (await pageApiCall(page, node.ui, 'network.info', {})).value as { preset: string; name?: string; genesisId: string };

  it('creates a network file for friends, refuses a malformed one in place, joins a pasted one and shows it on the Node screen', async () => {
    await page.goto(node.ui);
    await page.getByTestId('onboarding').waitFor({ timeout: 15_000 });
    await page.getByTestId('network-current').filter({ hasText: 'This node runs standalone.' }).waitFor();
    const standalone = await networkInfo();

    // Create: the text is a network file of a new devnet network, ready to hand out.
    await page.getByRole('button', { name: 'Create a network for friends' }).click();
    await page.getByLabel('Network name').fill('Friends made here');
    await page.getByLabel('PoET server address (optional)').fill('http://192.0.2.10:10010');
    await page.getByRole('button', { name: 'Create network file' }).click();
    const created = parseNetworkFile(await page.getByTestId('network-file-text').inputValue());
    assert.deepEqual([created.name, created.preset.name, created.preset.p2p.mdns], ['Friends made here', 'devnet', true]);
    assert.deepEqual(created.preset.poet.servers, ['http://192.0.2.10:10010']);
    await page.screenshot({ path: join(SCREENSHOTS, 'network-create.png'), fullPage: true });
    await page.getByRole('button', { name: 'Create a network for friends' }).click();

    // Join: a malformed file gets the node's message where it was pasted, and nothing changes.
    await page.getByRole('button', { name: 'Join a network' }).click();
    const pasted = page.getByLabel('Network file (paste its contents)');
    await pasted.fill('{"format": "smesher-network/1", "name": "Broken"}');
    await page.getByRole('button', { name: 'Join network', exact: true }).click();
    const refusal = page.getByTestId('network-files').getByRole('alert');
    await refusal.filter({ hasText: /Could not join the network: "preset" must be a string \(BAD_NETWORK_FILE\)/ }).waitFor();
    assert.equal((await networkInfo()).genesisId, standalone.genesisId, 'the node still runs standalone');

    // A file a friend made (no mDNS: CI runs no multicast): the node restarts on it and the page comes back.
    const file = newNetworkFile({ name: 'Friends', preset: 'devnet', genesisTimeMs: Date.now() + 120_000, suffix: new Uint8Array([9, 9, 9, 9]) });
    await pasted.fill(file);
    // The page loads again once the node runs there (the status push may show the network a moment before).
    const reloaded = page.waitForEvent('load', { timeout: 60_000 });
    await page.getByRole('button', { name: 'Join network', exact: true }).click();
    await reloaded;
    await page.getByTestId('network-current').filter({ hasText: 'This node runs the network Friends (devnet).' }).waitFor({ timeout: 60_000 });
    const joined = await networkInfo();
    assert.deepEqual([joined.preset, joined.name], ['devnet', 'Friends']);
    assert.notEqual(joined.genesisId, standalone.genesisId);
    await page.screenshot({ path: join(SCREENSHOTS, 'network-joined.png'), fullPage: true });

    await page.locator('nav').getByRole('button', { name: 'Node', exact: true }).click();
    await page.getByTestId('network-name').filter({ hasText: 'Friends (devnet)' }).waitFor({ timeout: 15_000 });
    await page.getByTestId('peer-count').waitFor();
    assert.match(await page.getByTestId('peer-count').innerText(), /0/);
    assert.equal(await page.getByTestId('peers-standalone').count(), 0, 'a network with peers, not standalone');

    // Back from the Node screen: standalone continues its own chain, untouched by the visit.
    const reloadedAgain = page.waitForEvent('load', { timeout: 60_000 });
    await page.getByRole('button', { name: 'Back to standalone' }).click();
    await reloadedAgain;
    await page.getByTestId('network-current').filter({ hasText: 'This node runs standalone.' }).waitFor({ timeout: 60_000 });
    assert.equal((await networkInfo()).genesisId, standalone.genesisId);
    assert.deepEqual(pageErrors, []);
  });
});
