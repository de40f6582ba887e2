/**
 * The plan on the dashboard and reward accrual as a picture (issue #20 items 2 and 3), in real Chromium against the
 * real headless standalone node: after Start the dashboard keeps the plan to the first reward (five stages with
 * planned times, the stage reached, a running countdown); the first reward lands within one layer of the planned
 * first eligible layer (a protocol check: layers compared, not clocks); after it, the next reward's layer and
 * forecast. The accrual chart's points (its table) agree with `rewards.epochs`, the rewards CSV with the wallet
 * history of the same run, and the wallet's CSV export with `wallet.history`; the chart's range buttons and the
 * hover readout work; a plan the node moves to a later round shows as a re-plan with its reason. Saves the README's
 * plan and chart screenshots (see SCREENSHOTS in helpers.ts).
 * @module
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import type { Download, Locator, Page } from 'playwright-core';
import type { EpochRewardInfo, HistoryItem, NodeStatus, RewardInfo, WalletCreated } from '../../core/api/contract/contract.js';
import type { ActivationPlanInfo } from '../../core/api/contract/contract.js';
import { CHROMIUM, SCREENSHOTS, nodeInBrowser, openPage, pageApiCall, routeApi, waitUntil } from './helpers.js';

const STAGES = ['init', 'registration', 'proof', 'atx', 'eligible'];

/** The slice of a DOM element the page-side callbacks use (the test tsconfig has no DOM types). */
interface El {
  getAttribute(name: string): string | null;
  querySelector(selector: string): El | null;
}

/** Attribute `name` of every element `locator` matches, in document order. */
function attrsOf(locator: Locator, name: string): Promise<(string | null)[]> {
  return locator.evaluateAll((els, n) => els.map((e) => (e as unknown as El).getAttribute(n)), name);
}

/** Parses the exported CSV (no field of ours needs quotes: numbers, ISO times, hex and bech32). */
function parseCsv(text: string): Record<string, string>[] {
  assert.ok(text.endsWith('\r\n'), 'CRLF line ends');
  const [header, ...lines] = text.trimEnd().split('\r\n');
  const names = header!.split(',');
  return lines.map((line) => {
    const cells = line.split(',');
    assert.equal(cells.length, names.length, `row ${line}`);
    return Object.fromEntries(names.map((n, i) => [n, cells[i]!]));
  });
}

async function readDownload(download: Download): Promise<string> {
  const path = await download.path();
  return readFileSync(path, 'utf8');
}

describe('the plan on the dashboard and reward accrual in Chromium', { skip: existsSync(CHROMIUM) ? false : `${CHROMIUM} missing (apt-get install chromium)`, timeout: 420_000 }, () => {
  const env = nodeInBrowser('smesher-e2e-plan-');
  const { tmp, pageErrors } = env;
  let page: Page;
  let coinbase = '';
  let smesherId = '';
  let plannedLayer = 0;

  const apiCall = async <T,>(method: string, args: unknown): Promise<T> => {
    const r = await pageApiCall(page, env.node.ui, method, args);
    assert.equal(r.ok, true, `${method}: ${JSON.stringify(r.error)}`);
    return r.value as T;
  };
  const shot = (name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });

  before(async () => {
    page = env.page;
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.goto(env.node.ui);
    await page.getByTestId('onboarding').waitFor({ timeout: 15_000 });
    const wallet = await apiCall<WalletCreated>('wallet.create', { name: 'Plan', password: 'Correct-Horse-Battery-42', words: 12 });
    coinbase = wallet.accounts[0]!.address;
    await apiCall('smeshing.start', { postDir: join(tmp, 'pos'), units: [1], coinbase });
    smesherId = (await apiCall<NodeStatus>('node.status', {})).identities[0]!.smesherId;
    await page.goto(env.node.ui);
    await page.getByTestId('dashboard').waitFor({ timeout: 15_000 });
  });

  it('before the first reward: five stages with planned times in order, the stage reached, a running countdown', async () => {
    const card = page.locator(`[data-testid="first-reward-plan"][data-smesher="${smesherId}"]`);
    await card.waitFor({ timeout: 15_000 });
    await waitUntil(async () => (await card.getAttribute('data-planned-layer')) !== null, 30_000);
    plannedLayer = Number(await card.getAttribute('data-planned-layer'));
    const stages = card.locator('li[data-stage]');
    assert.deepEqual(await attrsOf(stages, 'data-stage'), STAGES);
    const planned = (await attrsOf(stages, 'data-planned-ms')).map(Number);
    for (let i = 1; i < planned.length; i++) assert.ok(planned[i]! >= planned[i - 1]!, `stage ${STAGES[i]} is planned after ${STAGES[i - 1]}: ${planned.join(', ')}`);
    // The node's own plan for this identity agrees on the layer: the first layer of the ATX's target epoch.
    const network = (await apiCall<NodeStatus>('node.status', {})).network;
    assert.equal(plannedLayer % network.layersPerEpoch, 0, `planned layer ${plannedLayer} opens an epoch`);
    assert.ok(plannedLayer > network.currentLayer, 'the first eligible layer lies ahead');
    // Exactly one stage is the current one, and no stage before it is still open.
    const currents = await attrsOf(stages, 'data-current');
    const states = (await attrsOf(stages, 'data-state')).map((s, i) => [s, currents[i]] as const);
    assert.equal(states.filter(([, current]) => current === 'true').length, 1, JSON.stringify(states));
    const current = states.findIndex(([, c]) => c === 'true');
    assert.ok(states.slice(0, current).every(([s]) => s === 'done'), JSON.stringify(states));
    assert.ok(!states.some(([s]) => s === 'missed'), `nothing missed on a healthy node: ${JSON.stringify(states)}`);
    // The countdown names the stage at hand and moves.
    const countdown = card.getByTestId('plan-countdown');
    assert.match(await countdown.innerText(), /^Next: .+ (in|due) /);
    const first = await countdown.innerText();
    await waitUntil(async () => (await countdown.innerText()) !== first, 5_000);
    await shot('12-dashboard-plan');

    // Stages are reached in order while the plan stays on screen.
    await card.locator('li[data-stage="atx"][data-state="done"]').waitFor({ timeout: 180_000 });
    assert.equal(await card.locator('li[data-stage="init"][data-state="done"]').count(), 1);
    assert.equal(await card.locator('li[data-stage="registration"][data-state="done"]').count(), 1);
    assert.equal(await card.getByTestId('replan').count(), 0, 'no window missed, no re-plan');
    assert.equal(Number(await card.getAttribute('data-planned-layer')), plannedLayer, 'the plan held');
  });

  it('the first reward lands within one layer of the planned first eligible layer; then the next reward is shown', async () => {
    const card = page.locator(`[data-testid="first-reward-plan"][data-smesher="${smesherId}"]`);
    const reward = card.getByTestId('first-reward');
    await reward.waitFor({ timeout: 150_000 });
    const layer = Number(await reward.getAttribute('data-layer'));
    const history = await apiCall<RewardInfo[]>('rewards.history', { coinbase });
    assert.equal(Math.min(...history.map((r) => r.layer)), layer, 'the card shows the node’s first reward');
    assert.ok(Math.abs(layer - plannedLayer) <= 1, `first reward in layer ${layer}, planned ${plannedLayer}`);
    assert.equal(await card.locator('li[data-stage="eligible"][data-state="done"]').count(), 1);
    await card.getByTestId('next-reward').waitFor();
  });

  it('the accrual chart agrees with rewards.epochs, the rewards CSV with the wallet history; ranges and hover work', async () => {
    const network = (await apiCall<NodeStatus>('node.status', {})).network;
    const epochOf = (layer: number) => Math.floor(layer / network.layersPerEpoch);
    const firstEpoch = epochOf(plannedLayer);
    // Wait until the first rewarded epoch is over and applied (rewards paid a layer into the next one), then load
    // the page's facts afresh so the chart and the API below describe the same finished epoch.
    await waitUntil(async () => (await apiCall<RewardInfo[]>('rewards.history', { coinbase })).some((r) => epochOf(r.layer) > firstEpoch), 120_000);
    const epochs = await apiCall<EpochRewardInfo[]>('rewards.epochs', {});
    const done = epochs.filter((e) => e.epoch <= firstEpoch && e.smesherId === smesherId);
    assert.ok(done.length > 0 && done.every((e) => (e.pendingLayers ?? 0) === 0), `epoch ${firstEpoch} is settled: ${JSON.stringify(done)}`);
    await page.reload();
    const chart = page.getByTestId('accrual-chart');
    await chart.waitFor({ timeout: 15_000 });
    await page.locator('.accrual-plot canvas').first().waitFor();
    await page.getByText(/The numbers as a table/).click();
    const rows = page.locator('[data-testid="accrual-table"] tbody tr');
    const lastOfEpoch = network.layersPerEpoch * (firstEpoch + 1) - 1;
    const rowAt = async (series: string) => {
      const cells = await rows.evaluateAll(
        (trs, s) => trs.map((tr) => [Number((tr as unknown as El).getAttribute('data-layer')), (tr as unknown as El).querySelector(`td[data-series="${s}"]`)?.getAttribute('data-smidge') ?? '']),
        series,
      );
      const upTo = (cells as [number, string][]).filter(([l]) => l <= lastOfEpoch);
      return BigInt(upTo.at(-1)?.[1] || '0');
    };
    const sum = (values: readonly string[]) => values.reduce((a, v) => a + BigInt(v), 0n);
    assert.equal(await rowAt('actual:total'), sum(done.map((e) => e.actual)), 'cumulative actual at the end of the epoch = rewards.epochs actual');
    assert.equal(await rowAt('expected:total'), sum(done.map((e) => e.expected)), 'cumulative expected at the end of the epoch = rewards.epochs expected');

    // Range buttons: one pressed at a time; every point of this young network lies within the last day.
    const ranges = page.getByRole('group', { name: 'Time range' });
    const count = await rows.count();
    await ranges.getByRole('button', { name: 'Last day' }).click();
    assert.equal(await ranges.getByRole('button', { name: 'Last day' }).getAttribute('aria-pressed'), 'true');
    assert.equal(await ranges.getByRole('button', { name: 'All time' }).getAttribute('aria-pressed'), 'false');
    assert.equal(await rows.count(), count);
    // Drag across the plot zooms in, a new reward leaves the zoom alone, a double-click shows all again.
    const xRange = async () => [Number(await chart.getAttribute('data-x-min')), Number(await chart.getAttribute('data-x-max'))];
    const [allMin, allMax] = await xRange();
    const over = (await page.locator('.accrual-plot .u-over').boundingBox())!;
    await page.mouse.move(over.x + over.width * 0.3, over.y + over.height / 2);
    await page.mouse.down();
    await page.mouse.move(over.x + over.width * 0.6, over.y + over.height / 2, { steps: 5 });
    await page.mouse.up();
    await waitUntil(async () => (await xRange())[0]! > allMin!, 5_000);
    const zoomed = await xRange();
    assert.ok(zoomed[1]! < allMax!, `zoomed in: ${zoomed.join('..')} inside ${allMin}..${allMax}`);
    const received = await chart.getAttribute('data-total-actual');
    await waitUntil(async () => (await chart.getAttribute('data-total-actual')) !== received, 30_000);
    assert.deepEqual(await xRange(), zoomed, 'a new reward keeps the zoom');
    await page.locator('.accrual-plot .u-over').dblclick();
    await waitUntil(async () => (await xRange())[0]! <= allMin!, 5_000);

    // Hover: the legend reads the exact amount at the cursor (the README's picture of the chart shows it so).
    const box = (await page.locator('.accrual-plot .u-over').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.6, box.y + box.height / 2);
    await waitUntil(async () => /SMH|smidge/.test(await page.locator('.accrual-plot .u-legend').innerText()), 5_000);
    await page.getByRole('region', { name: 'Reward accrual: actual and expected' }).screenshot({ path: join(SCREENSHOTS, '13-accrual-chart.png') });
    await page.mouse.move(0, 0);

    // The rewards CSV: the wallet history's rewards, layer by layer, for the settled epochs.
    const [rewardsDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export rewards (CSV)' }).click()]);
    assert.match(rewardsDownload.suggestedFilename(), /^rewards-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = parseCsv(await readDownload(rewardsDownload)).filter((r) => Number(r['layer']) <= lastOfEpoch);
    const history = await apiCall<HistoryItem[]>('wallet.history', { address: coinbase });
    const historyRewards = history.filter((h) => h.kind === 'reward' && h.layer !== null && h.layer <= lastOfEpoch);
    assert.deepEqual(
      csv.map((r) => [Number(r['layer']), r['amount_smidge']]),
      historyRewards.map((h) => [h.layer, h.amount]).sort((a, b) => Number(a[0]) - Number(b[0])),
    );
    for (const r of csv) {
      assert.equal(r['identity'], smesherId);
      assert.equal(r['coinbase'], coinbase);
      assert.equal(r['time'], new Date(network.genesisTimeMs + Number(r['layer']) * network.layerDurationMs).toISOString(), `layer ${r['layer']}'s time`);
      const [whole, fraction = ''] = r['amount_smh']!.split('.');
      assert.equal(BigInt(whole!) * 1_000_000_000n + BigInt(fraction.padEnd(9, '0')), BigInt(r['amount_smidge']!), `layer ${r['layer']}: SMH and smidge agree`);
    }
    assert.equal(sum(csv.map((r) => r['amount_smidge']!)), sum(done.map((e) => e.actual)), 'the CSV sums to rewards.epochs actual');
  });

  it('the wallet exports its history as CSV, the same items as wallet.history', async () => {
    await page.locator('nav').getByRole('button', { name: 'Wallet', exact: true }).click();
    await page.getByTestId('history').waitFor({ timeout: 15_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export history (CSV)' }).click()]);
    const csv = parseCsv(await readDownload(download));
    const history = await apiCall<HistoryItem[]>('wallet.history', { address: coinbase });
    // The page's copy may be a few rewards behind the call: compare up to the last layer the CSV has.
    const last = Math.max(...csv.map((r) => Number(r['layer'])));
    const key = (layer: number | null, kind: string, amount: string | undefined) => `${layer}:${kind}:${amount ?? ''}`;
    assert.deepEqual(
      csv.map((r) => key(Number(r['layer']), r['kind']!, r['amount_smidge'])).sort(),
      history.filter((h) => h.layer !== null && h.layer <= last).map((h) => key(h.layer, h.kind, h.amount)).sort(),
    );
    assert.ok(csv.every((r) => r['account'] === coinbase && r['status'] === 'applied'));
  });

  it('a plan moved to a later round shows as a re-plan with its reason and the layers it moves', async () => {
    // A second page whose API is routed: the first load keeps the node's plan as the baseline (localStorage); then
    // the node's own plan for the next round stands in for a missed window, and a reload shows the re-plan.
    const second = await openPage(env.browser, pageErrors);
    const api = await routeApi(second);
    await second.goto(`${env.node.ui.split('#')[0]}#dashboard`);
    const card = second.locator(`[data-testid="first-reward-plan"][data-smesher="${smesherId}"]`);
    await waitUntil(async () => (await card.getAttribute('data-planned-layer')) !== null, 15_000);
    const baselineLayer = Number(await card.getAttribute('data-planned-layer'));
    const round = (baselineLayer / (await apiCall<NodeStatus>('node.status', {})).network.layersPerEpoch) - 2;
    const later = await apiCall<ActivationPlanInfo>('smeshing.plan', { units: 1, labelsPerSecond: 1, labelsDone: Number.MAX_SAFE_INTEGER, round: round + 1 });
    api.faked.set('smeshing.plan', later);
    await second.reload();
    const replan = second.getByTestId('replan');
    await replan.waitFor({ timeout: 15_000 });
    assert.match(await replan.innerText(), new RegExp(`re-planned on round ${round + 1}, 1 epoch\\(s\\) later\\. First eligible layer ${baselineLayer} → ${later.firstEligibleLayer}`));
    await second.context().close();
    assert.deepEqual(pageErrors, []);
  });
});
