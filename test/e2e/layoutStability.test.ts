/**
 * No layout jumps, measured the way browsers do: Chromium's layout-shift entries (the Cumulative Layout Shift
 * metric; shifts right after the user's own input do not count) while each screen loads its data from a fresh page
 * load and while it updates live (init progress, layers, logs) on a node that smeshes with an open wallet. Each
 * screen stays under 0.1, the "good" threshold of the Web Vitals, in the light and the dark theme; the dashboard
 * also once it has rewards (the plan after the first reward, the accrual chart drawn on its canvas, on reward facts
 * the routed API answers, see fakeRewards.ts). On a 1280×720 laptop screen, no screen scrolls sideways. The
 * observer goes in through DevTools (addInitScript), so the page's strict CSP stays on.
 * @module
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import type { NodeStatus, WalletAccountInfo } from '../../core/api/contract/contract.js';
import { fakeRewards } from './fakeRewards.js';
import { trackRequests } from './settle.js';
import { CHROMIUM, nodeInBrowser, pageApiCall, routeApi, type RoutedApi } from './helpers.js';

/** Web Vitals: a CLS of 0.1 or less is "good". */
const GOOD_CLS = 0.1;
/** How long each screen is watched after its load: long enough for several pushes and a status poll. */
const WATCH_MS = 6_000;
const SCREENS = [
  { nav: 'Smeshing', testId: 'dashboard' },
  { nav: 'Storage setup', testId: 'setup' },
  { nav: 'Wallet', testId: 'wallet' },
  { nav: 'Node', testId: 'node' },
] as const;

/** The laptop screen the layout is made for (issue #20). */
const LAPTOP = { width: 1280, height: 720 };

/** What the init script keeps in the page (typed here: the test tsconfig has no DOM types). */
interface ShiftLog {
  __shifts: { value: number; hadRecentInput: boolean; sources: string[] }[];
}

/** The slice of Chromium's LayoutShift entry the observer reads. */
interface LayoutShift {
  value: number;
  hadRecentInput: boolean;
  sources?: {
    previousRect: { y: number; height: number };
    currentRect: { y: number; height: number };
    node?: { nodeName?: string; className?: string; textContent?: string; dataset?: Record<string, string> };
  }[];
}

describe('layout stability in Chromium', { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} missing (apt-get install chromium)`, timeout: 300_000 }, () => {
  const env = nodeInBrowser('smesher-e2e-layout-');
  const { tmp, pageErrors } = env;
  let page: Page;
  let api: RoutedApi;
  let requests: ReturnType<typeof trackRequests>;

  before(async () => {
    page = env.page;
    await page.setViewportSize(LAPTOP);
    api = await routeApi(page);
    requests = trackRequests(page);
    await page.addInitScript(() => {
      const g = globalThis as unknown as ShiftLog & {
        PerformanceObserver: new (cb: (list: { getEntries(): unknown[] }) => void) => { observe(o: object): void };
      };
      g.__shifts = [];
      // No named functions in here: the bundler's name helper does not exist in the page.
      new g.PerformanceObserver((list) => {
        for (const e of list.getEntries() as LayoutShift[]) {
          // Each moved element as `TAG.class[testid] "its text" [old top, old height, new top, new height]`.
          const sources = (e.sources ?? []).map((s) => {
            const n = s.node;
            const rects = [s.previousRect.y, s.previousRect.height, s.currentRect.y, s.currentRect.height].map(Math.round);
            return `${n?.nodeName ?? '?'}.${n?.className ?? ''}[${n?.dataset?.['testid'] ?? ''}] "${(n?.textContent ?? '').slice(0, 30)}" ${JSON.stringify(rects)}`;
          });
          g.__shifts.push({ value: e.value, hadRecentInput: e.hadRecentInput, sources });
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(env.node.ui);
    await page.getByTestId('onboarding').waitFor({ timeout: 15_000 });
    const created = await pageApiCall(page, env.node.ui, 'wallet.create', { name: 'Steady', password: 'Correct-Horse-Battery-42', words: 12 });
    assert.equal(created.ok, true, JSON.stringify(created));
    const started = await pageApiCall(page, env.node.ui, 'smeshing.start', { postDir: join(tmp, 'pos'), units: [1] });
    assert.equal(started.ok, true, JSON.stringify(started));
  });

  /** Opens `nav`, reloads there (the screen is in the address) and returns the CLS of the load and WATCH_MS after. */
  async function clsOfLoad(nav: string, testId: string): Promise<{ cls: number; shifts: unknown[] }> {
    await page.locator('nav').getByRole('button', { name: nav, exact: true }).click();
    await page.getByTestId(testId).waitFor();
    // Chromium fetches the favicon again on the in-page navigation; a reload while it is in flight aborts it.
    await requests.settled();
    // A reload counts everything from an empty page: no input happens after it, so no shift is excused as
    // following the user's own action.
    await page.reload();
    await page.getByTestId(testId).waitFor({ timeout: 15_000 });
    await page.waitForTimeout(WATCH_MS);
    const shifts = (await page.evaluate(() => (globalThis as unknown as ShiftLog).__shifts)).filter((s) => !s.hadRecentInput);
    const width = await page.evaluate(() => (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth);
    assert.ok(width <= LAPTOP.width, `${nav} scrolls sideways at ${LAPTOP.width}×${LAPTOP.height}: ${width} px wide`);
    return { cls: shifts.reduce((sum, s) => sum + s.value, 0), shifts };
  }

  for (const theme of ['light', 'dark'] as const) {
    for (const screen of SCREENS) {
      it(`${screen.nav}, ${theme} theme: loading and live updates shift the layout by less than ${GOOD_CLS}`, async () => {
        await page.getByLabel('Theme').selectOption(theme);
        const { cls, shifts } = await clsOfLoad(screen.nav, screen.testId);
        assert.ok(cls < GOOD_CLS, `${screen.nav}, ${theme}: CLS ${cls.toFixed(3)}; shifts: ${JSON.stringify(shifts)}`);
      });
    }
  }

  it(`Smeshing with rewards (the plan after the first reward, the accrual chart): less than ${GOOD_CLS}`, async () => {
    const status = (await pageApiCall(page, env.node.ui, 'node.status', {})).value as NodeStatus;
    const accounts = (await pageApiCall(page, env.node.ui, 'wallet.accounts', {})).value as WalletAccountInfo[];
    const facts = fakeRewards(status.network, status.identities[0]!.smesherId, accounts[0]!.address);
    for (const [method, value] of Object.entries(facts)) api.faked.set(method, value);
    try {
      const { cls, shifts } = await clsOfLoad('Smeshing', 'dashboard');
      assert.equal(await page.locator('.accrual-plot canvas').count() > 0, true, 'the chart is drawn');
      assert.ok(cls < GOOD_CLS, `Smeshing with rewards: CLS ${cls.toFixed(3)}; shifts: ${JSON.stringify(shifts)}`);
    } finally {
      for (const method of Object.keys(facts)) api.faked.delete(method);
    }
  });

  it('no page errors', () => {
    assert.deepEqual(pageErrors, []);
  });
});
