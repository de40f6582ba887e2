/**
 * Accessibility in real Chromium against the real headless host: axe-core (the WCAG 2.1 A and AA rules: labels,
 * names, roles, contrast) finds nothing on any screen, in the light and the dark theme: onboarding's steps (the
 * phrase, the quiz answered wrong), the storage wizard with its plan, and every screen of a node that smeshes with
 * an open wallet, the dashboard's plan to the first reward among them; the reward accrual chart with its table open,
 * its hover readout showing, and the wallet's history with its state badges (on reward facts the routed API answers,
 * see fakeRewards.ts, as a fresh node has none yet); and the navigation works from the keyboard: Tab reaches each button with a visible focus ring
 * and Enter opens its screen; the screen is in the address (reload, Back, Forward). axe runs through
 * page.evaluate (DevTools), so the page's strict CSP stays on; a planted unlabelled field shows the audit reports
 * what it should.
 * @module
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';
import type { NodeStatus, WalletAccountInfo } from '../../core/api/contract/contract.js';
import { fakeRewards } from './fakeRewards.js';
import { trackRequests } from './settle.js';
import { CHROMIUM, answerQuiz, nodeInBrowser, pageApiCall, planStorage, routeApi, type RoutedApi } from './helpers.js';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PASSWORD = 'Correct-Horse-Battery-42';
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const SCREENS = ['Smeshing', 'Storage setup', 'Wallet', 'Node'] as const;

/**
 * The browser globals the page-side callbacks use, typed here because the test tsconfig has Node's types and not
 * the DOM's. Callbacks cast `globalThis` inline: they are serialised into the page, so they cannot close over
 * anything of this file.
 */
interface PageGlobals {
  axe?: { run(context: unknown, options: object): Promise<AxeResults> };
  document: { activeElement: unknown; body: { append(node: unknown): void }; createElement(tag: string): { id: string } };
  getComputedStyle(element: unknown): { outlineStyle: string; outlineWidth: string; boxShadow: string };
}

describe('accessibility in Chromium', { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} missing (apt-get install chromium)`, timeout: 180_000 }, () => {
  const env = nodeInBrowser('smesher-e2e-a11y-');
  const { tmp, pageErrors } = env;
  let page: Page;
  let api: RoutedApi;
  let requests: ReturnType<typeof trackRequests>;

  before(async () => {
    page = env.page;
    api = await routeApi(page);
    requests = trackRequests(page);
    await page.goto(env.node.ui);
    await page.getByTestId('onboarding').waitFor({ timeout: 15_000 });
  });

  const nav = (name: string) => page.locator('nav').getByRole('button', { name, exact: true }).click();
  const setTheme = (theme: 'light' | 'dark') => page.getByLabel('Theme').selectOption(theme);

  /** axe's WCAG 2.1 A/AA findings on the page as it is now, one line each (rule, impact, elements). */
  async function violations(): Promise<string[]> {
    if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(AXE_SOURCE);
    const results = await page.evaluate((tags) => {
      const g = globalThis as unknown as PageGlobals;
      return g.axe!.run(g.document, { runOnly: { type: 'tag', values: tags } });
    }, WCAG_TAGS);
    assert.ok(results.passes.length > 10, 'axe ran its rules');
    return results.violations.map((v) => `${v.id} (${v.impact ?? 'n/a'}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  }

  async function auditBothThemes(where: string): Promise<void> {
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(theme);
      assert.deepEqual(await violations(), [], `${where}, ${theme} theme`);
    }
  }

  it('the audit finds what it should: an unlabelled field added to the page is reported', async () => {
    await page.evaluate(() => {
      const g = globalThis as unknown as PageGlobals;
      const field = g.document.createElement('input');
      field.id = 'a11y-probe';
      g.document.body.append(field);
    });
    assert.ok((await violations()).some((v) => v.startsWith('label ') && v.includes('#a11y-probe')));
    await page.reload();
    await page.getByTestId('onboarding').waitFor({ timeout: 15_000 });
  });

  it('onboarding: the welcome, create and restore steps have no WCAG 2.1 A/AA violations in either theme', async () => {
    await auditBothThemes('onboarding');
    await page.getByRole('button', { name: 'Create a new wallet' }).click();
    await page.getByLabel('Password', { exact: true }).fill('short');
    await auditBothThemes('create a wallet, with a weak password showing');
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('button', { name: 'Restore a wallet' }).click();
    await auditBothThemes('restore a wallet');
  });

  it('creating a wallet through to the storage plan: the phrase, the quiz with wrong answers, the wizard with its plan', async () => {
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('button', { name: 'Create a new wallet' }).click();
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.getByLabel('Repeat password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create wallet' }).click();
    await page.getByTestId('mnemonic').waitFor();
    await auditBothThemes('the recovery phrase');
    await page.getByRole('button', { name: 'I wrote it down' }).click();
    for (const input of await page.locator('input[data-quiz]').all()) await input.fill('wrong');
    await auditBothThemes('the quiz, answered wrong');
    await page.getByRole('button', { name: 'Show the phrase again' }).click();
    const words = (await page.getByTestId('mnemonic').locator('li').allTextContents()).map((w) => w.trim());
    await page.getByRole('button', { name: 'I wrote it down' }).click();
    await answerQuiz(page, words);
    await page.getByRole('button', { name: 'Continue to storage setup' }).click();
    await page.getByTestId('setup').waitFor();
    await planStorage(page, join(tmp, 'pos'));
    await auditBothThemes('the storage wizard with its plan');
  });

  it('every screen of a smeshing node with an open wallet has no WCAG 2.1 A/AA violations in either theme', async () => {
    const started = await pageApiCall(page, env.node.ui, 'smeshing.start', { postDir: join(tmp, 'pos'), units: [1] });
    assert.equal(started.ok, true, JSON.stringify(started));
    await page.goto(env.node.ui);
    await page.getByTestId('dashboard').waitFor({ timeout: 15_000 });
    await page.getByTestId('init-progress').first().waitFor({ timeout: 15_000 });
    for (const screen of SCREENS) {
      await nav(screen);
      if (screen === 'Smeshing') await page.getByTestId('first-reward-plan').locator('li[data-stage]').first().waitFor();
      await auditBothThemes(screen);
    }
  });

  it('the reward accrual chart (table open, hover readout on) and the wallet history with its badges pass in both themes', async () => {
    const status = (await pageApiCall(page, env.node.ui, 'node.status', {})).value as NodeStatus;
    const accounts = (await pageApiCall(page, env.node.ui, 'wallet.accounts', {})).value as WalletAccountInfo[];
    const facts = fakeRewards(status.network, status.identities[0]!.smesherId, accounts[0]!.address);
    for (const [method, value] of Object.entries(facts)) api.faked.set(method, value);
    try {
      await nav('Smeshing');
      // Chromium fetches the favicon again on the in-page navigation; a reload while it is in flight aborts it,
      // which the suite's error check rightly counts. Let it finish first.
      await requests.settled();
      await page.reload();
      await page.getByTestId('accrual-chart').waitFor({ timeout: 15_000 });
      await page.getByText(/The numbers as a table/).click();
      await page.locator('[data-testid="accrual-table"] tbody tr').first().waitFor();
      const plot = (await page.locator('.accrual-plot .u-over').boundingBox())!;
      await page.mouse.move(plot.x + plot.width / 2, plot.y + plot.height / 2);
      await auditBothThemes('the accrual chart with its table and hover readout');
      await nav('Wallet');
      await page.locator('[data-testid="history"] .badge').first().waitFor({ timeout: 15_000 });
      assert.deepEqual([...new Set(await page.locator('[data-testid="history"] .badge').evaluateAll((els) => els.map((e) => (e as unknown as { dataset: Record<string, string> }).dataset['state'])))].sort(), ['missed', 'paid', 'waiting']);
      await auditBothThemes('the wallet history with state badges');
    } finally {
      for (const method of Object.keys(facts)) api.faked.delete(method);
    }
  });

  it('keyboard only: Tab reaches each navigation button with a visible focus ring, and Enter opens its screen', async () => {
    await setTheme('light');
    await page.goto(env.node.ui);
    await page.getByTestId('dashboard').waitFor({ timeout: 15_000 });
    for (const screen of SCREENS) {
      const button = page.locator('nav').getByRole('button', { name: screen, exact: true });
      let reached = false;
      for (let presses = 0; presses < 40 && !reached; presses++) {
        await page.keyboard.press('Tab');
        reached = await button.evaluate((el) => el === (globalThis as unknown as PageGlobals).document.activeElement);
      }
      assert.ok(reached, `Tab never reached the ${screen} button`);
      const ring = await button.evaluate((el) => {
        const style = (globalThis as unknown as PageGlobals).getComputedStyle(el);
        return { outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0, shadow: style.boxShadow !== 'none' };
      });
      assert.ok(ring.outline || ring.shadow, `the focused ${screen} button shows no focus ring`);
      await page.keyboard.press('Enter');
      assert.equal(await button.getAttribute('aria-current'), 'page', `Enter did not open ${screen}`);
    }
  });

  it('the screen is in the address: a reload stays on it, Back and Forward move between screens', async () => {
    const current = () => page.locator('nav button[aria-current="page"]').innerText();
    await nav('Wallet');
    await nav('Node');
    assert.match(page.url(), /#node$/);
    await requests.settled();
    await page.reload();
    await page.getByTestId('node').waitFor({ timeout: 15_000 });
    assert.equal(await current(), 'Node');
    await page.goBack();
    await page.getByTestId('wallet').waitFor();
    assert.equal(await current(), 'Wallet');
    await page.goForward();
    await page.getByTestId('node').waitFor();
    assert.deepEqual(pageErrors, []);
  });
});
