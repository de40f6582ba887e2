/**
 * Test only: the connection gate of a `smesher node` process, set from a JSON file that a multi-process test
 * rewrites to partition and heal a network (`SMESHER_TEST_GATE=<path>`; docs/cli.md §5). The file says
 * `{"denyAll": bool, "denied": [peer ids]}`; it is read once before the host starts and then polled. A missing or
 * empty file is the open gate; a file that does not parse is logged and the gate stays as it was. The host closes
 * connections to newly denied peers on its next maintenance tick (host.ts). No production path sets it. I/O.
 * @module
 */
import { readFileSync } from 'node:fs';
import type { Logger } from '../util/logger.js';
import { errorMessage } from '../util/errors.js';
import { OPEN_TEST_GATE, type TestGate, type TestGateSpec, applyTestGateSpec, parseTestGateSpec } from './gate.js';

/** How often the file is read: a partition starts within this plus the host's 1 s maintenance tick. */
export const TEST_GATE_POLL_MS = 250;

export interface TestGateWatch {
  stop(): void;
}

/**
 * Applies `path` to `gate` now and every `intervalMs` until stopped.
 * Every change is logged (`test_gate`, with `denyAll` and `denied`), so a test's log shows when the split began.
 */
export function watchTestGateFile(o: { readonly path: string; readonly gate: TestGate; readonly logger: Logger; readonly intervalMs?: number }): TestGateWatch {
  const log = o.logger.child({ module: 'p2p' });
  let lastText: string | undefined;
  const poll = (): void => {
    let text: string;
    try {
      text = readFileSync(o.path, 'utf8');
    } catch {
      text = '';
    }
    if (text === lastText) return;
    lastText = text;
    let spec: TestGateSpec;
    try {
      spec = parseTestGateSpec(text);
    } catch (err) {
      log.warn('test gate file not applied', { path: o.path, error: errorMessage(err) });
      return;
    }
    if (applyTestGateSpec(o.gate, spec)) log.info('test gate changed', { event: 'test_gate', denyAll: spec.denyAll, denied: [...spec.denied] });
  };
  log.warn('test-only connection gate in use: peers are refused as the gate file says', { path: o.path });
  applyTestGateSpec(o.gate, OPEN_TEST_GATE);
  poll();
  const timer = setInterval(poll, o.intervalMs ?? TEST_GATE_POLL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
