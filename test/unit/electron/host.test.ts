/**
 * The rest of the Electron host, without the binary: notifications for reward received, reward missed and init
 * done; the quit warning's critical windows and its dialog flow; the tray menu; the single-instance lock; `npm start`'s choice; the app:// protocol's CSP and
 * confinement; the generated icon.
 * @module
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { TimelineEvent } from '../../../core/api/contract/contract.js';
import { scheduleFromPreset, openRoundId, roundStartMs } from '../../../core/poet/schedule.js';
import { iconPng } from '../../../build/makeIcons.js';
import { findElectron, startCommand } from '../../../build/start.js';
import { acquireSingleInstance } from '../../../electron/main/app.js';
import { criticalReason } from '../../../electron/main/critical.js';
import { notificationFor, startNotifications } from '../../../electron/main/notifications.js';
import { respondApp } from '../../../electron/main/protocol.js';
import { installQuitGuard, openRegistrationWindows } from '../../../electron/main/quit.js';
import { CONTENT_SECURITY_POLICY } from '../../../electron/main/security.js';
import { trayMenuTemplate } from '../../../electron/main/tray.js';
import { PRESET, SMESHER_A, fixture, tempDir } from '../api/helpers.js';

describe('notifications', () => {
  it('maps reward, missed reward and init done; ignores the rest', () => {
    assert.deepEqual(notificationFor('reward', { layer: 42, layerTimeMs: 0, coinbase: 'x', smesherId: SMESHER_A, total: '1500000000', layerReward: '1' }), {
      title: 'Reward received',
      body: `1.5 SMH for layer 42 (identity ${SMESHER_A.slice(0, 8)}…)`,
    });
    assert.equal(notificationFor('rewardMissed', { smesherId: SMESHER_A, layer: 7, reason: 'the node was offline' })?.title, 'Reward missed');
    assert.equal(notificationFor('timeline', { timeMs: 0, event: 'post_init_done', smesherId: SMESHER_A, numUnits: 4, vrfNonce: 1 })?.title, 'Storage ready');
    assert.equal(notificationFor('timeline', { timeMs: 0, event: 'post_proof', smesherId: SMESHER_A, publishEpoch: 1 }), undefined);
    assert.equal(notificationFor('layer', { layer: 1, epoch: 0, startMs: 0 }), undefined);
  });

  it('shows what the service emits', async (t) => {
    const f = await fixture(t);
    const shown: string[] = [];
    const stop = startNotifications(f.service, (n) => shown.push(n.title));
    f.node.events.emit('timeline', { event: 'post_init_done', smesherId: SMESHER_A, numUnits: 2, vrfNonce: 3 });
    f.service.emit('reward', { layer: 1, layerTimeMs: 0, coinbase: 'x', smesherId: SMESHER_A, total: '1', layerReward: '1' });
    stop();
    f.service.emit('reward', { layer: 2, layerTimeMs: 0, coinbase: 'x', smesherId: SMESHER_A, total: '1', layerReward: '1' });
    assert.deepEqual(shown, ['Storage ready', 'Reward received']);
  });
});

describe('the quit warning', () => {
  const ev = (e: Record<string, unknown>): TimelineEvent => ({ timeMs: 0, smesherId: SMESHER_A, ...e }) as TimelineEvent;

  it('names proving, an open registration window and an own eligible layer; otherwise none', () => {
    const base = { nowMs: 1000, registrationWindows: [], timeline: [], eligibleLayers: [] };
    assert.equal(criticalReason(base), null);
    assert.match(criticalReason({ ...base, timeline: [ev({ event: 'poet_registered', round: 1 }), ev({ event: 'poet_proof', round: 1 })] })!, /PoST proof/);
    assert.equal(criticalReason({ ...base, timeline: [ev({ event: 'poet_proof' }), ev({ event: 'post_proof' })] }), null);
    assert.match(criticalReason({ ...base, registrationWindows: [{ startMs: 500, endMs: 1500 }] })!, /registration window/);
    assert.equal(criticalReason({ ...base, registrationWindows: [{ startMs: 1500, endMs: 2000 }] }), null);
    assert.match(criticalReason({ ...base, eligibleLayers: [{ layer: 9, startMs: 900, endMs: 1100 }] })!, /layer 9/);
  });

  it('derives the registration window from the PoET schedule until every identity registered', () => {
    const schedule = scheduleFromPreset(PRESET, 0);
    const identities = () => [{ smesherId: SMESHER_A }] as never;
    const node = { schedule, preset: PRESET, identities };
    const round = openRoundId(schedule, 1);
    const end = roundStartMs(schedule, round);
    assert.deepEqual(openRegistrationWindows(node, [], 1), [{ startMs: end - PRESET.poet.gracePeriodMs, endMs: end }]);
    assert.deepEqual(openRegistrationWindows(node, [ev({ event: 'poet_registered', round })], 1), []);
    assert.deepEqual(openRegistrationWindows({ ...node, identities: () => [] }, [], 1), []);
  });

  it('asks before quitting in a critical window; "keep running" keeps it, "quit anyway" cleans up and quits', async () => {
    const app = new EventEmitter() as EventEmitter & { quit(): void };
    let quits = 0;
    let cleanups = 0;
    let answer = 0;
    let asked = 0;
    app.quit = () => {
      quits++;
      const e = { defaultPrevented: false, preventDefault: () => (e.defaultPrevented = true) };
      app.emit('before-quit', e);
    };
    const guard = installQuitGuard({
      app: app as never,
      dialog: { showMessageBox: () => (asked++, Promise.resolve({ response: answer, checkboxChecked: false })) },
      reason: () => Promise.resolve('a PoST proof is being generated'),
      onQuit: () => (cleanups++, Promise.resolve()),
    });
    const settle = () => new Promise((r) => setImmediate(r));
    app.quit();
    await settle();
    assert.deepEqual([asked, cleanups, quits, guard.quitting()], [1, 0, 1, false], 'kept running');
    answer = 1;
    app.quit();
    await settle();
    await settle();
    assert.deepEqual([asked, cleanups, guard.quitting()], [2, 1, true]);
    assert.equal(quits, 3, 'the guard re-issued the quit after cleaning up, and let it through');
  });
});

describe('tray, single instance and start', () => {
  it('tray menu opens the window and quits', () => {
    const calls: string[] = [];
    const items = trayMenuTemplate({ show: () => calls.push('show'), quit: () => calls.push('quit') });
    for (const item of items) (item.click as (() => void) | undefined)?.();
    assert.deepEqual(items.map((i) => i.label ?? i.type), ['Open Smesher', 'separator', 'Quit Smesher']);
    assert.deepEqual(calls, ['show', 'quit']);
  });

  it('a second instance quits; the first focuses its window when one is launched', () => {
    const first = Object.assign(new EventEmitter(), { requestSingleInstanceLock: () => true, quit: () => assert.fail('first must not quit') });
    let focused = 0;
    assert.equal(acquireSingleInstance(first as never, () => focused++), true);
    first.emit('second-instance');
    assert.equal(focused, 1);
    let quit = 0;
    const second = Object.assign(new EventEmitter(), { requestSingleInstanceLock: () => false, quit: () => quit++ });
    assert.equal(acquireSingleInstance(second as never, () => assert.fail()), false);
    assert.equal(quit, 1);
  });

  it('npm start runs the headless host with a reason when the Electron binary is missing, Electron when present', async (t) => {
    const root = await tempDir(t);
    await writeFile(join(root, 'package.json'), '{"name":"x","type":"module"}');
    const plan = startCommand(root, ['--api-port', '0'], {});
    assert.equal(plan.mode, 'headless');
    assert.match(plan.reason!, /not installed/);
    assert.deepEqual(plan.args.slice(1), ['node', '--api-port', '0']);
    const pkg = join(root, 'node_modules', 'electron');
    await mkdir(join(pkg, 'dist'), { recursive: true });
    await writeFile(join(pkg, 'package.json'), '{"name":"electron","version":"39.8.10"}');
    assert.match((findElectron(root) as { reason: string }).reason, /not downloaded/);
    await writeFile(join(pkg, 'path.txt'), 'electron');
    await writeFile(join(pkg, 'dist', 'electron'), '');
    const withBinary = startCommand(root, [], {});
    assert.deepEqual([withBinary.mode, withBinary.command, withBinary.args], ['electron', join(pkg, 'dist', 'electron'), [root]]);
    assert.equal(startCommand(root, [], { SMESHER_HEADLESS: '1' }).mode, 'headless');
  });
});

describe('app:// protocol and icon', () => {
  it('serves the renderer with the CSP, a note when not built, nothing outside the folder or for other hosts', async (t) => {
    const dir = await tempDir(t);
    const missing = await respondApp(join(dir, 'dist'), 'app://smesher/index.html');
    assert.equal(missing.status, 200);
    assert.match(await missing.text(), /not built/);
    assert.equal(missing.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    await mkdir(join(dir, 'dist'));
    await writeFile(join(dir, 'dist', 'index.html'), '<title>ui</title>');
    await writeFile(join(dir, 'secret.txt'), 'secret');
    const page = await respondApp(join(dir, 'dist'), 'app://smesher/index.html');
    assert.equal(await page.text(), '<title>ui</title>');
    assert.equal(page.headers.get('content-security-policy'), CONTENT_SECURITY_POLICY);
    assert.equal((await respondApp(join(dir, 'dist'), 'app://smesher/%2e%2e/secret.txt')).status, 404);
    assert.equal((await respondApp(join(dir, 'dist'), 'app://other/index.html')).status, 404);
  });

  it('the generated icon is a 512×512 RGBA PNG', () => {
    const png = iconPng();
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(png.readUInt32BE(16), 512);
    assert.equal(png.readUInt32BE(20), 512);
    assert.equal(png[25], 6);
  });
});
