/**
 * Waiting for a page's own requests to finish before a test reloads it: Chromium fetches the favicon again on
 * every in-page navigation, and a reload while that fetch is in flight aborts it (net::ERR_ABORTED), which the
 * suites' error checks rightly count as a failed request. `waitForLoadState('networkidle')` does not help: it
 * answers at once for a document that was idle once.
 * @module
 */
import type { Page, Request } from 'playwright-core';
import { waitUntil } from './helpers.js';

/** Starts tracking `page`'s requests (install before the page loads); `settled()` waits until none is in flight. */
export function trackRequests(page: Page): { settled(): Promise<void> } {
  const inFlight = new Set<Request>();
  page.on('request', (r) => inFlight.add(r));
  page.on('requestfinished', (r) => inFlight.delete(r));
  page.on('requestfailed', (r) => inFlight.delete(r));
  return {
    // The WebSocket's upgrade request stays open for the page's life: only the page's files count.
    settled: () => waitUntil(() => Promise.resolve([...inFlight].every((r) => r.resourceType() === 'websocket')), 10_000),
  };
}
