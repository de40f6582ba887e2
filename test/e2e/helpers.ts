/**
 * Browser-test plumbing: start `smesher node` as the headless host on a fresh data dir and read its `ui` address,
 * launch Debian's Chromium through playwright-core (never a downloaded browser), and save screenshots.
 * @module
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { chromium, type Browser, type Page, type WebSocketRoute } from 'playwright-core';
import type { ApiError } from '../../core/api/contract/contract.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CHROMIUM = '/usr/bin/chromium';
/**
 * Where screenshots go: test-results/screenshots on every run, so `npm test` leaves the tree clean;
 * `SMESHER_UPDATE_SCREENSHOTS=1 npm test` refreshes the README's copies in docs/screenshots.
 */
export const SCREENSHOTS = process.env.SMESHER_UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'docs', 'screenshots') : join(ROOT, 'test-results', 'screenshots');

export interface RunningNode {
  readonly ui: string;
  readonly process: ChildProcess;
  readonly output: () => string;
  stop(): Promise<void>;
}

/**
 * Starts the node and resolves once it printed its `ui` address (token included). It listens on a free port unless
 * `args` name one (a restart on the address a page already has open).
 */
export async function startNode(args: readonly string[]): Promise<RunningNode> {
  const port = args.includes('--api-port') ? [] : ['--api-port', '0'];
  const child = spawn(process.execPath, [join(ROOT, 'core', 'bin', 'smesher.js'), 'node', '--preset', 'standalone', ...port, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const ui = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node printed no ui address:\n${out}`)), 60_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^ui (\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`node exited ${code}:\n${out}`)));
  });
  return {
    ui,
    process: child,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * Builds the renderer from the current sources, so the browser tests never drive a stale `renderer/dist`.
 * `npm test` builds it once before the files run in parallel (SMESHER_RENDERER_BUILT); a file run on its own
 * builds it here, under a lock so two such runs do not write the folder at once.
 */
export function buildRenderer(): void {
  if (process.env.SMESHER_RENDERER_BUILT === '1') return;
  const r = spawnSync('flock', [join(tmpdir(), 'smesher-build-ui.lock'), 'npm', 'run', 'build:ui'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm run build:ui failed');
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Polls `check` every 250 ms until it holds. @throws {Error} after `timeoutMs` */
export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** The page's API traffic under the test's control: see {@link routeApi}. */
export interface RoutedApi {
  /** Method → the refusal the route answers instead of the node. */
  readonly failing: Map<string, ApiError>;
  /** Method → a value the route answers instead of the node (facts a fresh node cannot have yet). */
  readonly faked: Map<string, unknown>;
  /** Method → milliseconds its requests are held before they go on to the node (a slow node, made repeatable). */
  readonly delayed: Map<string, number>;
  /** Pushes an event to the page as the node would (on the latest routed socket). */
  push(event: string, data: unknown): void;
}

/**
 * Routes the page's API WebSocket through Playwright: every request goes on to the real node, except methods the
 * test made fail (answered `{ok:false, error}`) or faked; delayed methods go on late. Install before the page loads.
 */
export async function routeApi(page: Page): Promise<RoutedApi> {
  let latest: WebSocketRoute | undefined;
  const routed: RoutedApi = {
    failing: new Map(),
    faked: new Map(),
    delayed: new Map(),
    push(event, data) {
      if (latest === undefined) throw new Error('the page has no API socket yet');
      latest.send(JSON.stringify({ event, data }));
    },
  };
  await page.routeWebSocket(/\/ws(\?|$)/, (ws) => {
    latest = ws;
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const request = JSON.parse(String(message)) as { id: number; method: string };
      const error = routed.failing.get(request.method);
      if (error !== undefined) ws.send(JSON.stringify({ id: request.id, ok: false, error }));
      else if (routed.faked.has(request.method)) ws.send(JSON.stringify({ id: request.id, ok: true, value: routed.faked.get(request.method) }));
      else if (routed.delayed.has(request.method)) setTimeout(() => server.send(message), routed.delayed.get(request.method));
      else server.send(message);
    });
  });
  return routed;
}

/**
 * Requests whose failure is a page fault: the document and every file it loads (scripts, styles, images, fonts,
 * the favicon). The API travels over the WebSocket (or POST /api for other clients), whose refusals the failure tests
 * provoke on purpose and whose reconnects fail while a test has the node stopped; those are not counted.
 */
const COUNTED_RESOURCES: ReadonlySet<string> = new Set(['document', 'stylesheet', 'script', 'image', 'font', 'media', 'manifest', 'texttrack', 'other']);

/**
 * A fresh 1280×860 light page that records into `errors` every page error, every Content Security Policy violation
 * (they surface as console errors) and every failed request for the page's own files (no answer, or a status of 400
 * and up; see {@link COUNTED_RESOURCES}; the browser's favicon fetch shows only as a "Failed to load resource"
 * console error, counted too): the UI must run error-free under `script-src/style-src 'self'`, and
 * nothing it asks for may be missing (a favicon's 404 included).
 */
export async function openPage(browser: Browser, errors: string[]): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 860 }, colorScheme: 'light' })).newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    if (/Content Security Policy/i.test(m.text())) errors.push(m.text());
    // The browser's own fetches (the implicit /favicon.ico) raise no request events, only this console error.
    else if (/^Failed to load resource/i.test(m.text())) errors.push(`${m.text()}: ${m.location().url}`);
  });
  page.on('requestfailed', (r) => {
    if (COUNTED_RESOURCES.has(r.resourceType())) errors.push(`request failed: ${r.method()} ${r.url()} (${r.failure()?.errorText ?? 'no reason'})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && COUNTED_RESOURCES.has(r.request().resourceType())) errors.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
  });
  return page;
}

/**
 * `errors` less the requests refused because the test stopped the node on purpose (its server serves the page's
 * files too, and Chromium asks for the favicon again on every in-page navigation): the explicit allowance for the
 * steps that run with the node down. Any other failure, and any refusal while the node runs, still counts.
 */
export function withoutRefusedWhileStopped(errors: readonly string[]): string[] {
  return errors.filter((e) => !/net::ERR_CONNECTION_REFUSED/.test(e));
}

/**
 * One API call over a socket of the page's own: same origin, with the token from the `ui` address as the page's own
 * client sends it (a test acting as another client, e.g. the CLI).
 */
export function pageApiCall(page: Page, ui: string, method: string, args: unknown): Promise<{ ok: boolean; value?: unknown; error?: ApiError }> {
  return page.evaluate(
    async ({ host, search, method, args }) => {
      const ws = new WebSocket(`ws://${host}/ws${search}`);
      await new Promise((resolve) => ws.addEventListener('open', resolve));
      const reply = new Promise<string>((resolve) => ws.addEventListener('message', (e) => resolve(String(e.data))));
      ws.send(JSON.stringify({ id: 1, method, args }));
      const text = await reply;
      ws.close();
      return JSON.parse(text) as { ok: boolean; value?: unknown; error?: ApiError };
    },
    { host: new URL(ui).host, search: new URL(ui).search, method, args },
  );
}

/** What {@link nodeInBrowser} sets up for a suite; fields are filled in by its `before` hook. */
export interface NodeInBrowser {
  /** A fresh folder removed after the suite; the node's data dir is `<tmp>/data`. */
  readonly tmp: string;
  /** Page errors, CSP violations and failed requests for the page's files seen so far (see {@link openPage}). */
  readonly pageErrors: string[];
  browser: Browser;
  page: Page;
  /** The running node; a test that restarts it puts the new one here, and the suite's `after` stops that one. */
  node: RunningNode;
}

/**
 * Registers a suite's `before` and `after` (call it inside `describe`): builds the renderer, starts `smesher node`
 * on a fresh data dir, launches Chromium and opens a page that has not loaded anything yet, so the suite's own
 * `before` (which runs next) can route the API first; afterwards closes the browser, stops the node and removes
 * the folder.
 */
export function nodeInBrowser(tmpPrefix: string): NodeInBrowser {
  const env = { tmp: mkdtempSync(join(tmpdir(), tmpPrefix)), pageErrors: [] as string[] } as NodeInBrowser;
  before(async () => {
    buildRenderer();
    env.node = await startNode(['--data-dir', join(env.tmp, 'data')]);
    env.browser = await launchChromium();
    env.page = await openPage(env.browser, env.pageErrors);
  });
  after(async () => {
    await (env.browser as Browser | undefined)?.close();
    await (env.node as RunningNode | undefined)?.stop();
    rmSync(env.tmp, { recursive: true, force: true });
  });
  return env;
}

/** Onboarding's quiz: fills each asked-for word of the recovery phrase `words` (as shown, in order). */
export async function answerQuiz(page: Page, words: readonly string[]): Promise<void> {
  for (const input of await page.locator('input[data-quiz]').all()) await input.fill(words[Number(await input.getAttribute('data-quiz'))]!);
}

/**
 * The storage wizard: with a `folder`, types it and checks it until it reads writable; without one, keeps the folder
 * the wizard proposed (no typing: it is already measured and writable). Then measures the speed and waits for the plan.
 * Returns the folder used.
 */
export async function planStorage(page: Page, folder?: string): Promise<string> {
  const field = page.getByLabel('Folder for the PoS data');
  if (folder !== undefined) {
    await field.fill(folder);
    await page.getByRole('button', { name: 'Check folder' }).click();
  }
  await page.getByTestId('folder-space').filter({ hasText: 'writable' }).waitFor();
  await page.getByRole('button', { name: 'Measure speed and plan' }).click();
  await page.getByTestId('plan').waitFor({ timeout: 60_000 });
  return field.inputValue();
}
