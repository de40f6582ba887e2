/**
 * The test-only gate file (`SMESHER_TEST_GATE`, core/p2p/testGateFile.ts): its format, the watcher following the
 * file, and a host closing a live connection to a peer the file comes to deny, then reconnecting once it no longer
 * does. Hosts on 127.0.0.1 only.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { createTestGate, parseTestGateSpec, watchTestGateFile } from '../../../core/p2p/index.js';
import { createLogger } from '../../../core/util/logger.js';
import { events, sleep, startHost, waitFor } from './helpers.js';

function gateDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'smesher-gate-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

describe('test gate file', () => {
  it('parses the open gate, a deny list and denyAll; refuses other shapes', () => {
    assert.deepEqual(parseTestGateSpec(''), { denyAll: false, denied: [] });
    assert.deepEqual(parseTestGateSpec('{}'), { denyAll: false, denied: [] });
    assert.deepEqual(parseTestGateSpec('{"denied":["a","b"]}'), { denyAll: false, denied: ['a', 'b'] });
    assert.deepEqual(parseTestGateSpec('{"denyAll":true}'), { denyAll: true, denied: [] });
    for (const bad of ['[]', 'null', '{"denyAll":"yes"}', '{"denied":"a"}', '{"denied":[1]}']) assert.throws(() => parseTestGateSpec(bad), TypeError, bad);
    assert.throws(() => parseTestGateSpec('{'), SyntaxError);
  });

  it('the watcher follows the file; a bad file leaves the gate as it was', async (t) => {
    const path = join(gateDir(t), 'gate.json');
    const logs: Array<Record<string, unknown>> = [];
    const logger = createLogger({ format: 'json', level: 'debug', sink: { write: (line) => logs.push(JSON.parse(line) as Record<string, unknown>) } });
    const gate = createTestGate();
    const watch = watchTestGateFile({ path, gate, logger, intervalMs: 20 });
    t.after(() => watch.stop());
    assert.equal(gate.denyAll, false, 'no file: the open gate');
    writeFileSync(path, '{"denied":["peerA"]}');
    await waitFor('peerA denied', () => gate.denied.has('peerA'));
    writeFileSync(path, '{"denied":');
    await waitFor('the bad file logged', () => logs.some((l) => l.msg === 'test gate file not applied'));
    assert.deepEqual([...gate.denied], ['peerA']);
    writeFileSync(path, '{"denyAll":true}');
    await waitFor('denyAll', () => gate.denyAll && gate.denied.size === 0);
    assert.deepEqual(
      events(logs, 'test_gate').map((l) => [l.denyAll, l.denied]),
      [
        [false, ['peerA']],
        [true, []],
      ],
    );
  });

  it('a host closes its connection to a peer the file comes to deny, and reconnects when it is allowed again', async (t) => {
    const path = join(gateDir(t), 'gate.json');
    const gate = createTestGate();
    const a = await startHost(t, { testGate: gate });
    const watch = watchTestGateFile({ path, gate, logger: createLogger({ format: 'json', level: 'error', sink: { write: () => undefined } }), intervalMs: 50 });
    t.after(() => watch.stop());
    const b = await startHost(t, { bootnodes: a.host.addrs() });
    await waitFor('connected', () => a.host.connectedPeers().includes(b.host.peerId));
    writeFileSync(path, JSON.stringify({ denied: [b.host.peerId] }));
    // No hangUp here: the host's maintenance tick closes it.
    await waitFor('disconnected by the gate', () => !a.host.connectedPeers().includes(b.host.peerId));
    assert.ok(events(a.logs, 'peer_disconnected').some((l) => l.peerId === b.host.peerId && l.reason === 'denied by the test gate'));
    // B keeps re-dialling its bootnode; A refuses it for as long as the file says so.
    await sleep(1_500);
    assert.ok(!a.host.connectedPeers().includes(b.host.peerId), 'still apart');
    writeFileSync(path, '{}');
    await waitFor('reconnected', () => a.host.connectedPeers().includes(b.host.peerId), 15_000);
  });
});
