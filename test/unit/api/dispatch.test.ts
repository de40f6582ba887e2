/**
 * Every API method through the one dispatcher, with valid and invalid arguments (issue #8 "Done when"): the
 * allowlist, schema refusals with INVALID_ARGS and nothing done, coded errors passed through, NOT_AVAILABLE where
 * the node has no component yet, and no secret in any error or log line.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdir, readdir, symlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { planActivation } from '../../../core/activation/plan.js';
import { METHOD_NAMES, type ApiResult, type ApiValue, type EventName, type MethodName } from '../../../core/api/contract/contract.js';
import { ARG_SCHEMAS } from '../../../core/api/contract/schemas.js';
import type { NetworkSwitch } from '../../../core/api/service/interface.js';
import { stateAccounts } from '../../../core/api/service/stateReader.js';
import { parseNetworkFile } from '../../../core/params/networkFile.js';
import { insertReward } from '../../../core/rewards/store.js';
import { encodeAddress } from '../../../core/types/address.js';
import { bytesToHex, hexToBytes } from '../../../core/util/bytes.js';
import { lockPosDir } from '../../../core/post/posData.js';
import { accountAddress, deriveAccountKey } from '../../../core/wallet/keys.js';
import { mnemonicToSeed } from '../../../core/wallet/mnemonic.js';
import { FILM_MNEMONIC, FUNDED_BALANCE, PRESET, SMESHER_A, COINBASE_A, type Fixture, filmPrincipal, fixture, tempDir } from './helpers.js';

const HRP = PRESET.hrp;
const PASSWORD = 'correct horse battery staple';

function value<T>(result: ApiResult<T>): T {
  assert.ok(result.ok, `expected ok, got ${JSON.stringify(result)}`);
  return result.value;
}

function refused(result: ApiResult<unknown>, code: string): string {
  assert.equal(result.ok, false, `expected ${code}, got ${JSON.stringify(result)}`);
  if (result.ok) throw new Error('unreachable');
  assert.equal(result.error.code, code, result.error.message);
  return result.error.message;
}

function call<M extends MethodName>(f: Fixture, method: M, args?: unknown): Promise<ApiResult<ApiValue<M>>>;
function call(f: Fixture, method: unknown, args?: unknown): Promise<ApiResult<unknown>>;
function call(f: Fixture, method: unknown, args?: unknown): Promise<ApiResult<unknown>> {
  return f.service.dispatch(method, args);
}

/** Methods whose tests below cover both a valid and an invalid call; checked against the allowlist at the end. */
const covered = new Set<MethodName>();
const cover = (...names: MethodName[]) => names.forEach((n) => covered.add(n));

describe('dispatcher: the allowlist and the envelope', () => {
  it('refuses unknown methods and non-string names without running anything', async (t) => {
    const f = await fixture(t);
    refused(await call(f, 'node.shutdown', {}), 'UNKNOWN_METHOD');
    refused(await call(f, '__proto__', {}), 'UNKNOWN_METHOD');
    refused(await call(f, 42, {}), 'UNKNOWN_METHOD');
    refused(await call(f, 'constructor'), 'UNKNOWN_METHOD');
  });

  it('has a schema for every allowlisted method and nothing else', () => {
    assert.deepEqual(Object.keys(ARG_SCHEMAS).sort(), [...METHOD_NAMES].sort());
  });

  it('turns an unexpected failure into INTERNAL without its message, and logs it', async (t) => {
    const f = await fixture(t, {
      smeshing: {
        start: () => Promise.reject(new Error('disk /secret/path exploded')),
        pause: () => Promise.resolve(),
        resume: () => Promise.resolve(),
        stop: () => Promise.resolve(),
      },
    });
    const message = refused(await call(f, 'smeshing.start', { postDir: '/tmp/p', units: [1] }), 'INTERNAL');
    assert.doesNotMatch(message, /secret/);
    assert.ok(f.logLines.some((l) => l.includes('API call failed') && l.includes('smeshing.start')));
  });
});

describe('node and network', () => {
  it('node.status: network, mesh progress, identities with bech32 coinbases, uptime; refuses arguments', async (t) => {
    const f = await fixture(t);
    await f.node.clock.advance(5000);
    const s = value(await call(f, 'node.status', {}));
    assert.equal(s.version, '0.1.0-test');
    assert.equal(s.network.preset, 'standalone');
    assert.equal(s.network.currentLayer, 25);
    assert.equal(s.network.currentEpoch, 2);
    assert.equal(s.smeshing, true);
    assert.equal(s.identities[0]!.coinbase, encodeAddress(hexToBytes(COINBASE_A), HRP));
    assert.equal(s.uptimeMs, 5000);
    assert.equal(s.mesh, null, 'no consensus in this node double: no mesh to report');
    // The clock is at layer 25; the node is in step while it trails by at most 10 layers (go-spacemesh's default).
    f.node.consensus = { mesh: { lastApplied: () => null }, tortoise: { verified: 19 } } as never;
    assert.deepEqual(value(await call(f, 'node.status', {})).mesh, { appliedLayer: 19, verifiedLayer: 19, inStep: true, outOfSyncLayers: 10 }, 'before the first block: the effective genesis layer');
    f.node.consensus = { mesh: { lastApplied: () => 15 }, tortoise: { verified: 14 } } as never;
    assert.deepEqual(value(await call(f, 'node.status', {})).mesh, { appliedLayer: 15, verifiedLayer: 14, inStep: true, outOfSyncLayers: 10 });
    f.node.consensus = { mesh: { lastApplied: () => 14 }, tortoise: { verified: 14 } } as never;
    assert.equal(value(await call(f, 'node.status', {})).mesh?.inStep, false, '11 layers behind');
    assert.equal(value(await call(f, 'node.status')).network.genesisId, 'ab'.repeat(20));
    refused(await call(f, 'node.status', { verbose: true }), 'INVALID_ARGS');
    refused(await call(f, 'node.status', 'x'), 'INVALID_ARGS');
    cover('node.status');
  });

  it('network.info / layers / epochs / peers', async (t) => {
    const f = await fixture(t);
    const info = value(await call(f, 'network.info', {}));
    assert.equal(info.layersPerEpoch, PRESET.layersPerEpoch);
    assert.equal(info.hrp, HRP);
    refused(await call(f, 'network.info', { a: 1 }), 'INVALID_ARGS');

    const layers = value(await call(f, 'network.layers', { from: 9, to: 11 }));
    assert.deepEqual(
      layers.map((l) => [l.layer, l.epoch, l.startMs]),
      [9, 10, 11].map((l) => [l, Math.floor(l / 10), info.genesisTimeMs + l * info.layerDurationMs]),
    );
    refused(await call(f, 'network.layers', { from: 5, to: 4 }), 'INVALID_ARGS');
    refused(await call(f, 'network.layers', { from: 0, to: 5000 }), 'INVALID_ARGS');
    refused(await call(f, 'network.layers', { from: -1, to: 2 }), 'INVALID_ARGS');

    f.node.atxs.set(1, [{ weight: 10 }, { weight: 32 }] as never);
    const epochs = value(await call(f, 'network.epochs', { from: 1, to: 2 }));
    assert.deepEqual(epochs.map((e) => [e.epoch, e.atxCount, e.totalWeight, e.firstLayer, e.lastLayer]), [
      [1, 0, '0', 10, 19],
      [2, 2, '42', 20, 29],
    ]);
    refused(await call(f, 'network.epochs', { from: 'a', to: 2 }), 'INVALID_ARGS');

    refused(await call(f, 'network.peers', {}), 'NOT_AVAILABLE');
    refused(await call(f, 'network.peers', { all: true }), 'INVALID_ARGS');

    const presets = value(await call(f, 'network.presets', {}));
    assert.deepEqual(presets.map((p) => p.name), ['standalone', 'devnet', 'testnet']);
    assert.deepEqual(presets.filter((p) => p.current).map((p) => p.name), [PRESET.name]);
    const standalonePreset = presets.find((p) => p.name === 'standalone')!;
    assert.equal(standalonePreset.embeddedPoet, true);
    assert.equal(standalonePreset.bytesPerUnit, 64 * 16);
    assert.ok(presets.every((p) => p.description.length > 0 && p.layerDurationMs > 0));
    refused(await call(f, 'network.presets', { name: 'devnet' }), 'INVALID_ARGS');
    cover('network.info', 'network.layers', 'network.epochs', 'network.peers', 'network.presets');
  });
});

describe('smeshing', () => {
  it('smeshing.options: unit sizes and free space per folder, also for one not created yet', async (t) => {
    const f = await fixture(t);
    const dir = await tempDir(t);
    const o = value(await call(f, 'smeshing.options', { folders: [dir, join(dir, 'not', 'yet')] }));
    assert.equal(o.bytesPerUnit, PRESET.post.labelsPerUnit * 16);
    assert.equal(o.minUnits, PRESET.post.minUnits);
    assert.ok(o.cpuThreads >= 1);
    assert.equal(o.folders.length, 2);
    assert.equal(o.folders[0]!.exists, true);
    assert.equal(o.folders[1]!.exists, false);
    for (const folder of o.folders) {
      assert.equal(folder.writable, true);
      assert.ok(folder.freeBytes !== null && folder.freeBytes > 0 && folder.totalBytes !== null && folder.totalBytes >= folder.freeBytes);
    }
    // The proposal: this network's folder under the data dir (its disk holds the test preset's max), measured.
    assert.ok(o.proposed !== null);
    assert.equal(dirname(o.proposed.folder.path), join(f.dataDir, 'post'));
    assert.match(basename(o.proposed.folder.path), new RegExp(`^${PRESET.name}-[0-9a-f]{8}$`));
    assert.equal(o.proposed.folder.writable, true);
    assert.equal(o.proposed.units, PRESET.post.maxUnits);
    // A file in the way, as the folder itself or as a parent: the folder cannot be created there.
    await writeFile(join(dir, 'a-file'), '');
    const blocked = value(await call(f, 'smeshing.options', { folders: [join(dir, 'a-file'), join(dir, 'a-file', 'post')] }));
    assert.deepEqual(blocked.folders.map((b) => [b.exists, b.writable]), [[true, false], [false, false]]);
    refused(await call(f, 'smeshing.options', { folders: 'dir' }), 'INVALID_ARGS');
    refused(await call(f, 'smeshing.options', { folders: ['a\0b'] }), 'INVALID_ARGS');
    refused(await call(f, 'smeshing.options', { folders: Array(17).fill('/tmp') }), 'INVALID_ARGS');
    cover('smeshing.options');
  });

  it('smeshing.benchmark passes the thread count (capped by the machine) to the benchmark', async (t) => {
    const f = await fixture(t);
    const b = value(await call(f, 'smeshing.benchmark', { threads: 1 }));
    assert.equal(b.threads, 1);
    refused(await call(f, 'smeshing.benchmark', { threads: 0 }), 'INVALID_ARGS');
    refused(await call(f, 'smeshing.benchmark', { threads: 1.5 }), 'INVALID_ARGS');
    cover('smeshing.benchmark');
  });

  it('smeshing.plan is planActivation over the node timing and the measured rate', async (t) => {
    const f = await fixture(t);
    const plan = value(await call(f, 'smeshing.plan', { units: 4, labelsPerSecond: 128, initialProofSeconds: 2 }));
    const expected = planActivation({
      nowMs: f.node.clock.now(),
      timing: f.node.layers.timing,
      poet: { phaseShiftMs: PRESET.poet.phaseShiftMs, cycleGapMs: PRESET.poet.cycleGapMs, gracePeriodMs: PRESET.poet.gracePeriodMs },
      initRemainingMs: Math.ceil(((4 * PRESET.post.labelsPerUnit) / 128) * 1000),
      initialProofMs: 2000,
    });
    assert.deepEqual(plan, expected);
    // An identity at work: the labels done are not planned again, and the registered round is kept.
    const atWork = value(await call(f, 'smeshing.plan', { units: 4, labelsPerSecond: 128, labelsDone: 4 * PRESET.post.labelsPerUnit, round: 7 }));
    assert.equal(atWork.readyMs, f.node.clock.now());
    assert.equal(atWork.round, 7);
    refused(await call(f, 'smeshing.plan', { units: 4, labelsPerSecond: 128, round: -1 }), 'INVALID_ARGS');
    refused(await call(f, 'smeshing.plan', { units: 4, labelsPerSecond: 0 }), 'INVALID_ARGS');
    refused(await call(f, 'smeshing.plan', { units: -1, labelsPerSecond: 5 }), 'INVALID_ARGS');
    cover('smeshing.plan');
  });

  it('start/pause/resume/stop answer NOT_AVAILABLE without host controls, and reach them when given', async (t) => {
    const f = await fixture(t);
    for (const m of ['smeshing.pause', 'smeshing.resume', 'smeshing.stop'] as const) refused(await call(f, m, {}), 'NOT_AVAILABLE');
    refused(await call(f, 'smeshing.start', { postDir: '/tmp/p', units: [1] }), 'NOT_AVAILABLE');

    const calls: unknown[] = [];
    const g = await fixture(t, {
      smeshing: {
        start: (o) => Promise.resolve(void calls.push(['start', o])),
        pause: () => Promise.resolve(void calls.push('pause')),
        resume: () => Promise.resolve(void calls.push('resume')),
        stop: () => Promise.resolve(void calls.push('stop')),
      },
    });
    const coinbase = encodeAddress(hexToBytes(COINBASE_A), HRP);
    assert.equal(value(await call(g, 'smeshing.start', { postDir: '/tmp/p', units: [1, 2], threads: 2, coinbase })).smeshing, true);
    for (const m of ['smeshing.pause', 'smeshing.resume', 'smeshing.stop'] as const) value(await call(g, m, {}));
    assert.deepEqual(calls, [['start', { postDir: '/tmp/p', units: [1, 2], threads: 2, coinbase: hexToBytes(COINBASE_A) }], 'pause', 'resume', 'stop']);

    refused(await call(g, 'smeshing.start', { postDir: '/tmp/p', units: [] }), 'INVALID_ARGS');
    refused(await call(g, 'smeshing.start', { postDir: '/tmp/p', units: [PRESET.post.maxUnits + 1] }), 'INVALID_ARGS');
    refused(await call(g, 'smeshing.start', { postDir: '/tmp/p', units: [1], coinbase: 'sm1notanaddress' }), 'INVALID_ARGS');
    refused(await call(g, 'smeshing.start', { postDir: '/tmp/p', units: [1], coinbase: encodeAddress(hexToBytes(COINBASE_A), 'sm') }), 'WRONG_HRP');
    for (const m of ['smeshing.pause', 'smeshing.resume', 'smeshing.stop'] as const) refused(await call(g, m, { now: true }), 'INVALID_ARGS');
    assert.equal(calls.length, 4, 'refused calls reached nothing');
    cover('smeshing.start', 'smeshing.pause', 'smeshing.resume', 'smeshing.stop');
  });

  it('smeshing.deleteData removes only PoS files, never a running identity\'s folder', async (t) => {
    const f = await fixture(t);
    const dir = await tempDir(t);
    await writeFile(join(dir, 'postdata_0.bin'), 'x');
    await writeFile(join(dir, 'postdata_12.bin'), 'x');
    await writeFile(join(dir, 'postdata_metadata.json'), '{}');
    await writeFile(join(dir, 'notes.txt'), 'keep me');
    assert.deepEqual(value(await call(f, 'smeshing.deleteData', { postDir: dir })), { deletedFiles: 3 });
    assert.deepEqual(await readdir(dir), ['notes.txt']);

    f.node.identityList[0] = { ...f.node.identityList[0]!, postDir: dir };
    await writeFile(join(dir, 'postdata_0.bin'), 'x');
    refused(await call(f, 'smeshing.deleteData', { postDir: dir }), 'INVALID_ARGS');
    assert.deepEqual((await readdir(dir)).sort(), ['notes.txt', 'postdata_0.bin']);
    refused(await call(f, 'smeshing.deleteData', { postDir: join(dir, 'missing') }), 'INVALID_ARGS');
    refused(await call(f, 'smeshing.deleteData', { postDir: '' }), 'INVALID_ARGS');
    cover('smeshing.deleteData');
  });

  it('smeshing.deleteData knows a running identity\'s folder by device and inode: a symlink or another spelling is refused (issue #17)', async (t) => {
    const f = await fixture(t);
    const base = await tempDir(t);
    const running = join(base, 'post', 'post-0');
    await mkdir(running, { recursive: true });
    for (const name of ['postdata_0.bin', 'postdata_metadata.json']) await writeFile(join(running, name), 'x');
    f.node.identityList[0] = { ...f.node.identityList[0]!, postDir: running };
    await symlink(join(base, 'post'), join(base, 'link'));
    for (const alias of [join(base, 'link', 'post-0'), join(base, 'post', '.', 'post-0') + '/', join(base, 'link', '..', 'post', 'post-0')]) {
      const r = await call(f, 'smeshing.deleteData', { postDir: alias });
      refused(r, 'INVALID_ARGS');
      assert.match(r.ok ? '' : r.error.message, /running identity/);
    }
    assert.deepEqual((await readdir(running)).sort(), ['postdata_0.bin', 'postdata_metadata.json'], 'nothing deleted');
  });

  it('smeshing.deleteData refuses a PoS folder another process holds, and names the holder', async (t) => {
    const f = await fixture(t);
    const dir = await tempDir(t);
    await writeFile(join(dir, 'postdata_0.bin'), 'x');
    const lock = lockPosDir(dir, 'smesher post init');
    const r = await call(f, 'smeshing.deleteData', { postDir: dir });
    refused(r, 'INVALID_ARGS');
    assert.match(r.ok ? '' : r.error.message, new RegExp(`in use by smesher post init \\(pid ${process.pid}`));
    assert.deepEqual((await readdir(dir)).sort(), ['postdata_0.bin', 'smesher.lock']);
    lock.release();
    assert.deepEqual(value(await call(f, 'smeshing.deleteData', { postDir: dir })), { deletedFiles: 1 });
    assert.deepEqual(await readdir(dir), [], 'its own lock is gone too');
  });

  it('smeshing.progress and timeline.list follow the node\'s timeline events', async (t) => {
    const f = await fixture(t);
    assert.deepEqual(value(await call(f, 'smeshing.progress', {})), [{ smesherId: SMESHER_A, state: 'sleeping', init: null, initDone: false }]);
    const emit = (e: Parameters<typeof f.node.events.emit<'timeline'>>[1]) => f.node.events.emit('timeline', e);
    emit({ event: 'post_init_progress', smesherId: SMESHER_A, labelsDone: 10, labelsTotal: 128, etaSeconds: 30 });
    emit({ event: 'post_init_progress', smesherId: SMESHER_A, labelsDone: 128, labelsTotal: 128, etaSeconds: 0 });
    emit({ event: 'post_init_done', smesherId: SMESHER_A, numUnits: 2, vrfNonce: 7 });
    emit({ event: 'poet_registered', smesherId: SMESHER_A, poet: 'http://p', round: 3, publishEpoch: 4 });
    const [p] = value(await call(f, 'smeshing.progress', {}));
    assert.deepEqual(p!.init, { smesherId: SMESHER_A, labelsDone: 128, labelsTotal: 128, etaSeconds: 0 });
    assert.equal(p!.initDone, true);
    refused(await call(f, 'smeshing.progress', { x: 1 }), 'INVALID_ARGS');
    cover('smeshing.progress');

    f.node.signed.push({ smesherId: hexToBytes(SMESHER_A), publishEpoch: 4, atxId: hexToBytes('ee'.repeat(32)), blob: new Uint8Array(1), publishedMs: 123 });
    const tl = value(await call(f, 'timeline.list', {}));
    // Consecutive progress events collapse into the latest one.
    assert.deepEqual(tl.events.map((e) => e.event), ['post_init_progress', 'post_init_done', 'poet_registered']);
    assert.equal(tl.events[0]!.timeMs, f.node.clock.now());
    assert.deepEqual(tl.atxs, [{ smesherId: SMESHER_A, atxId: 'ee'.repeat(32), publishEpoch: 4, publishedMs: 123 }]);
    assert.deepEqual(value(await call(f, 'timeline.list', { limit: 1 })).events.map((e) => e.event), ['poet_registered']);
    assert.deepEqual(value(await call(f, 'timeline.list', { smesherId: 'bb'.repeat(32) })), { events: [], atxs: [] });
    refused(await call(f, 'timeline.list', { smesherId: 'AA'.repeat(32) }), 'INVALID_ARGS');
    refused(await call(f, 'timeline.list', { limit: 0 }), 'INVALID_ARGS');
    cover('timeline.list');
  });
});

describe('rewards', () => {
  it('rewards.history reads our coinbases\' rewards from state with layer times; per-epoch and upcoming are NOT_AVAILABLE', async (t) => {
    const f = await fixture(t);
    const coinbase = hexToBytes(COINBASE_A);
    insertReward(f.state, { smesherId: hexToBytes(SMESHER_A), coinbase, layer: 21, totalReward: 1000n, layerReward: 900n });
    insertReward(f.state, { smesherId: hexToBytes(SMESHER_A), coinbase, layer: 23, totalReward: 2000n, layerReward: 1900n });
    const rewards = value(await call(f, 'rewards.history', {}));
    assert.deepEqual(rewards.map((r) => [r.layer, r.total, r.layerReward, r.smesherId]), [
      [23, '2000', '1900', SMESHER_A],
      [21, '1000', '900', SMESHER_A],
    ]);
    assert.equal(rewards[0]!.layerTimeMs, f.node.genesisTimeMs + 23 * PRESET.layerDurationMs);
    assert.equal(rewards[0]!.coinbase, encodeAddress(coinbase, HRP));
    assert.equal(value(await call(f, 'rewards.history', { coinbase: encodeAddress(coinbase, HRP), limit: 1 })).length, 1);
    refused(await call(f, 'rewards.history', { coinbase: 'nope' }), 'INVALID_ARGS');
    refused(await call(f, 'rewards.history', { limit: 100000 }), 'INVALID_ARGS');

    refused(await call(f, 'rewards.epochs', {}), 'NOT_AVAILABLE');
    refused(await call(f, 'rewards.epochs', { fromEpoch: -2 }), 'INVALID_ARGS');
    refused(await call(f, 'rewards.upcoming', {}), 'NOT_AVAILABLE');
    refused(await call(f, 'rewards.upcoming', { epoch: 1 }), 'INVALID_ARGS');

    const g = await fixture(t, { accounts: undefined });
    refused(await call(g, 'rewards.history', {}), 'NOT_AVAILABLE');
    cover('rewards.history', 'rewards.epochs', 'rewards.upcoming');
  });

  it('with consensus: per-epoch accounts with their gaps, upcoming eligible layers with times, reward events', async (t) => {
    const f = await fixture(t);
    const asked: [string, number][] = [];
    f.node.consensus = {
      rewardAccount: (id: Uint8Array, epoch: number) => {
        asked.push([bytesToHex(id), epoch]);
        if (epoch === 1 || epoch > 3) return null;
        if (epoch === 3) {
          return { epoch, expected: 50n, actual: 0n, eligibleLayers: 1, paidLayers: 0, pending: 50n, pendingLayers: 1, gaps: [], layers: [{ layer: 34, count: 1, expected: 50n, outcome: 'pending' }] };
        }
        return {
          epoch,
          expected: 1000n,
          actual: 900n,
          eligibleLayers: 3,
          paidLayers: 1,
          pending: 0n,
          pendingLayers: 0,
          gaps: [{ layer: epoch * 10 + 3, cause: 'missed_proposal', amount: -100n }],
          layers: [
            { layer: 21, count: 1, expected: 900n, outcome: 'paid' },
            { layer: 23, count: 1, expected: 100n, outcome: 'missed_proposal' },
            { layer: 26, count: 2, expected: 0n, outcome: 'pending' },
          ],
        };
      },
    } as never;
    const epochs = value(await call(f, 'rewards.epochs', { fromEpoch: 1, toEpoch: 2 }));
    assert.deepEqual(asked, [[SMESHER_A, 1], [SMESHER_A, 2]]);
    assert.deepEqual(epochs, [
      {
        epoch: 2,
        smesherId: SMESHER_A,
        expected: '1000',
        actual: '900',
        eligibleLayers: 3,
        paidLayers: 1,
        gaps: [{ layer: 23, cause: 'missed_proposal', amount: '-100' }],
        pending: '0',
        pendingLayers: 0,
        layers: [
          { layer: 21, count: 1, expected: '900', outcome: 'paid' },
          { layer: 23, count: 1, expected: '100', outcome: 'missed_proposal' },
          { layer: 26, count: 2, expected: '0', outcome: 'pending' },
        ],
      },
    ]);
    assert.equal(value(await call(f, 'rewards.epochs', {})).length, 2, 'default: the last epochs up to the current one (2), epochs 0..2 minus the null one');
    refused(await call(f, 'rewards.epochs', { fromEpoch: 5, toEpoch: 2 }), 'INVALID_ARGS');

    const pushed: unknown[] = [];
    f.service.onEvent((event, data) => pushed.push([event, data]));
    // Current layer is 25 (epoch 2): layers before it are past.
    f.node.events.emit('mesh', { event: 'eligibility', smesherId: SMESHER_A, epoch: 2, atxId: 'ee'.repeat(32), weight: '10', totalWeight: '10', slots: 3, layers: [{ layer: 21, count: 1 }, { layer: 26, count: 2 }] });
    f.node.events.emit('mesh', { event: 'eligibility', smesherId: SMESHER_A, epoch: 3, atxId: 'ee'.repeat(32), weight: '10', totalWeight: '10', slots: 1, layers: [{ layer: 34, count: 1 }] });
    f.node.events.emit('mesh', { event: 'block_applied', layer: 24, blockId: null, decidedBy: 'empty', stateHash: '00', executedTxs: 0, burnt: '0' });
    f.node.events.emit('mesh', { event: 'reward', smesherId: SMESHER_A, coinbase: COINBASE_A, layer: 24, totalReward: '1500', layerReward: '1400' });
    // Upcoming comes from the recorded eligibilities (the account), not from the events: 21 is past.
    const upcoming = value(await call(f, 'rewards.upcoming', {}));
    assert.deepEqual(upcoming.map((u) => [u.layer, u.count, u.layerTimeMs]), [
      [26, 2, f.node.genesisTimeMs + 26 * PRESET.layerDurationMs],
      [34, 1, f.node.genesisTimeMs + 34 * PRESET.layerDurationMs],
    ]);
    const rewardEvents = pushed.filter((p) => (p as [string])[0] === 'reward');
    assert.deepEqual(rewardEvents, [['reward', { layer: 24, layerTimeMs: f.node.genesisTimeMs + 24 * PRESET.layerDurationMs, coinbase: encodeAddress(hexToBytes(COINBASE_A), HRP), smesherId: SMESHER_A, total: '1500', layerReward: '1400' }]]);
    const timeline = value(await call(f, 'timeline.list', {})).events.map((e) => e.event);
    assert.deepEqual(timeline, ['eligibility', 'eligibility', 'reward'], 'applied layers stay out of the timeline');
  });
});

describe('wallet', () => {
  it('create, list, lock, unlock, accounts; wrong password and locked wallet refused; no secret in logs', async (t) => {
    const f = await fixture(t);
    const created = value(await call(f, 'wallet.create', { name: 'My Wallet', password: PASSWORD, words: 12 }));
    assert.equal(created.mnemonic.split(' ').length, 12);
    assert.equal(created.file, 'my-wallet.json');
    assert.equal(created.accounts.length, 1);
    assert.match(created.accounts[0]!.address, new RegExp(`^${HRP}1`));
    assert.equal(value(await call(f, 'wallet.create', { name: 'Second', password: PASSWORD })).mnemonic.split(' ').length, 24);
    refused(await call(f, 'wallet.create', { name: 'My Wallet', password: PASSWORD }), 'ALREADY_EXISTS');
    refused(await call(f, 'wallet.create', { name: 'x', password: '' }), 'INVALID_ARGS');
    refused(await call(f, 'wallet.create', { name: 'x', password: PASSWORD, words: 13 }), 'INVALID_ARGS');

    const list = value(await call(f, 'wallet.list', {}));
    assert.deepEqual(list.map((w) => [w.file, w.name, w.open]), [['my-wallet.json', 'My Wallet', false], ['second.json', 'Second', true]]);
    refused(await call(f, 'wallet.list', { all: 1 }), 'INVALID_ARGS');

    value(await call(f, 'wallet.lock', {}));
    refused(await call(f, 'wallet.accounts', {}), 'WALLET_LOCKED');
    refused(await call(f, 'wallet.lock', { now: 1 }), 'INVALID_ARGS');
    refused(await call(f, 'wallet.unlock', { wallet: 'My Wallet', password: 'wrong password' }), 'WRONG_PASSWORD');
    refused(await call(f, 'wallet.unlock', { wallet: '../my-wallet.json', password: PASSWORD }), 'INVALID_ARGS');
    refused(await call(f, 'wallet.unlock', { wallet: 'My Wallet' }), 'INVALID_ARGS');
    const unlocked = value(await call(f, 'wallet.unlock', { wallet: 'My Wallet', password: PASSWORD }));
    assert.deepEqual(unlocked.accounts, created.accounts);
    assert.deepEqual(value(await call(f, 'wallet.accounts', {})), created.accounts);
    refused(await call(f, 'wallet.accounts', { index: 0 }), 'INVALID_ARGS');

    const logged = f.logLines.join('\n');
    assert.ok(f.logLines.length > 0, 'refusals were logged');
    for (const secret of [PASSWORD, 'wrong password', created.mnemonic]) assert.ok(!logged.includes(secret), 'a secret reached the log');
    cover('wallet.create', 'wallet.list', 'wallet.lock', 'wallet.unlock', 'wallet.accounts');
  });

  it('restore gives the vector mnemonic\'s address; balance, send (dry run and real), history, tx.submit', async (t) => {
    const f = await fixture(t);
    const restored = value(await call(f, 'wallet.restore', { name: 'film', password: PASSWORD, mnemonic: FILM_MNEMONIC }));
    const address = accountAddress(deriveAccountKey(mnemonicToSeed(FILM_MNEMONIC), 0).publicKey, HRP);
    assert.equal(restored.accounts[0]!.address, address);
    assert.equal(encodeAddress(filmPrincipal(), HRP), address);
    refused(await call(f, 'wallet.restore', { name: 'bad', password: PASSWORD, mnemonic: 'not a mnemonic at all' }), 'INVALID_MNEMONIC');
    refused(await call(f, 'wallet.restore', { name: 'bad', password: PASSWORD }), 'INVALID_ARGS');

    assert.deepEqual(value(await call(f, 'wallet.balance', { address })), { address, balance: FUNDED_BALANCE.toString(), nextNonce: '0', spawned: false, spawnState: 'unspawned' });
    refused(await call(f, 'wallet.balance', { address: 'sm1xyz' }), 'INVALID_ARGS');
    refused(await call(f, 'wallet.balance', { address: encodeAddress(filmPrincipal(), 'sm') }), 'WRONG_HRP');

    const to = encodeAddress(hexToBytes(COINBASE_A), HRP);
    const dry = value(await call(f, 'wallet.send', { account: 0, to, amount: '1000', dryRun: true }));
    assert.deepEqual(dry.txs.map((tx) => [tx.method, tx.nonce]), [['spawn', '0'], ['spend', '1']]);
    assert.equal(BigInt(dry.total), 1000n + BigInt(dry.totalFee));
    assert.equal(f.submitted.length, 0);
    const sent = value(await call(f, 'wallet.send', { account: 0, to, amount: '1000', gasPrice: '2' }));
    assert.equal(sent.dryRun, false);
    assert.equal(f.submitted.length, 2);
    refused(await call(f, 'wallet.send', { account: 0, to, amount: (FUNDED_BALANCE + 1n).toString() }), 'INSUFFICIENT_BALANCE');
    refused(await call(f, 'wallet.send', { account: 0, to, amount: '0' }), 'INVALID_ARGS');
    refused(await call(f, 'wallet.send', { account: 0, to, amount: '1.5' }), 'INVALID_ARGS');
    refused(await call(f, 'wallet.send', { account: 0, to, amount: '18446744073709551616' }), 'INVALID_ARGS');
    refused(await call(f, 'wallet.send', { account: 5, to, amount: '1' }), 'NOT_FOUND');
    assert.equal(f.submitted.length, 2, 'refused sends submitted nothing');

    const history = value(await call(f, 'wallet.history', { address }));
    assert.deepEqual(history, []);
    refused(await call(f, 'wallet.history', { address: 42 }), 'INVALID_ARGS');

    const raw = bytesToHex(f.submitted[0]!);
    assert.equal(value(await call(f, 'tx.submit', { raw })).id, sent.txs[0]!.id);
    refused(await call(f, 'tx.submit', { raw: 'zz' }), 'INVALID_ARGS');
    refused(await call(f, 'tx.submit', { raw: 'ab'.repeat(9000) }), 'INVALID_ARGS');

    const readOnly = stateAccounts(f.state);
    const g = await fixture(t, { accounts: readOnly });
    value(await call(g, 'wallet.restore', { name: 'film', password: PASSWORD, mnemonic: FILM_MNEMONIC }));
    refused(await call(g, 'wallet.send', { account: 0, to, amount: '1' }), 'NOT_AVAILABLE');
    refused(await call(g, 'tx.submit', { raw }), 'NOT_AVAILABLE');
    value(await call(g, 'wallet.send', { account: 0, to, amount: '1', dryRun: true }));
    const h = await fixture(t, { accounts: undefined });
    refused(await call(h, 'wallet.balance', { address }), 'NOT_AVAILABLE');
    refused(await call(h, 'wallet.history', { address }), 'NOT_AVAILABLE');
    cover('wallet.restore', 'wallet.balance', 'wallet.send', 'wallet.history', 'tx.submit');
  });

  it('wallet.importSmapp copies a wallet file into the wallets folder and summarises it', async (t) => {
    const f = await fixture(t);
    value(await call(f, 'wallet.restore', { name: 'Old Smapp', password: PASSWORD, mnemonic: FILM_MNEMONIC }));
    const elsewhere = await tempDir(t);
    const source = join(elsewhere, 'smapp-wallet.json');
    const { copyFile } = await import('node:fs/promises');
    await copyFile(join(f.dataDir, 'wallets', 'old-smapp.json'), source);
    const imported = value(await call(f, 'wallet.importSmapp', { path: source, password: PASSWORD, name: 'Imported' }));
    assert.equal(imported.file, 'imported.json');
    assert.equal(imported.name, 'Imported');
    assert.equal(imported.mnemonicValid, true);
    assert.equal(imported.accounts[0]!.address, encodeAddress(filmPrincipal(), HRP));
    refused(await call(f, 'wallet.importSmapp', { path: source, password: 'nope nope' }), 'WRONG_PASSWORD');
    refused(await call(f, 'wallet.importSmapp', { path: source, password: PASSWORD, name: 'Imported' }), 'ALREADY_EXISTS');
    refused(await call(f, 'wallet.importSmapp', { path: join(elsewhere, 'missing.json'), password: PASSWORD, name: 'X' }), 'NOT_FOUND');
    refused(await call(f, 'wallet.importSmapp', { password: PASSWORD }), 'INVALID_ARGS');
    cover('wallet.importSmapp');
  });
});

describe('logs and subscriptions', () => {
  it('logs.tail returns recent records at or above a level', async (t) => {
    const f = await fixture(t);
    await call(f, 'wallet.balance', { address: 'sm1xyz' }); // a refusal: logged at debug only
    const root = (await import('../../../core/util/logger.js')).createLogger({ sink: f.logs, format: 'json', level: 'debug' });
    root.info('hello', { module: 'test' });
    root.warn('careful', { module: 'test' });
    const tail = value(await call(f, 'logs.tail', { level: 'warn' }));
    assert.deepEqual(tail.map((r) => r.level), ['warn']);
    assert.match(tail[0]!.line, /careful/);
    assert.equal(value(await call(f, 'logs.tail', { limit: 2, level: 'debug' })).length, 2);
    refused(await call(f, 'logs.tail', { level: 'trace' }), 'INVALID_ARGS');
    const g = await fixture(t, { logs: undefined });
    refused(await call(g, 'logs.tail', {}), 'NOT_AVAILABLE');
    cover('logs.tail');
  });

  it('events.subscribe/unsubscribe go to the connection context; without one they are NOT_AVAILABLE', async (t) => {
    const f = await fixture(t);
    refused(await call(f, 'events.subscribe', { events: ['timeline'] }), 'NOT_AVAILABLE');
    const subs = new Set<EventName>();
    const context = {
      subscribe: (e: readonly EventName[]) => (e.forEach((x) => subs.add(x)), [...subs]),
      unsubscribe: (e: readonly EventName[]) => (e.forEach((x) => subs.delete(x)), [...subs]),
    };
    assert.deepEqual(value(await f.service.dispatch('events.subscribe', { events: ['timeline', 'layer'] }, context)), { events: ['timeline', 'layer'] });
    assert.deepEqual(value(await f.service.dispatch('events.unsubscribe', { events: ['layer'] }, context)), { events: ['timeline'] });
    refused(await f.service.dispatch('events.subscribe', { events: ['everything'] }, context), 'INVALID_ARGS');
    refused(await f.service.dispatch('events.unsubscribe', { events: [] }, context), 'INVALID_ARGS');
    cover('events.subscribe', 'events.unsubscribe');
  });
});

describe('folders and networks (issue #20)', () => {
  it('fs.listFolders lists subfolders with free space and refuses relative paths and system folders', async (t) => {
    const f = await fixture(t);
    const dir = await tempDir(t);
    await mkdir(join(dir, 'b'));
    await mkdir(join(dir, 'a'));
    await mkdir(join(dir, '.hidden'));
    await writeFile(join(dir, 'file.txt'), 'x');
    const listing = value(await call(f, 'fs.listFolders', { path: dir }));
    assert.deepEqual(listing.folders.map((e) => e.name), ['a', 'b']);
    assert.equal(listing.parent, dirname(listing.path));
    assert.equal(listing.space.writable, true);
    assert.ok((listing.space.freeBytes ?? 0) > 0);
    assert.match(refused(await call(f, 'fs.listFolders', { path: 'relative/dir' }), 'NOT_ABSOLUTE'), /not a full path/);
    assert.match(refused(await call(f, 'fs.listFolders', { path: '/proc' }), 'SYSTEM_FOLDER'), /system folder \/proc/);
    refused(await call(f, 'fs.listFolders', { path: join(dir, 'missing') }), 'FOLDER_NOT_FOUND');
    refused(await call(f, 'fs.listFolders', { path: join(dir, 'file.txt') }), 'NOT_A_FOLDER');
    refused(await call(f, 'fs.listFolders', { path: 42 }), 'INVALID_ARGS');
    cover('fs.listFolders');
  });

  it('the native dialogs are the desktop host\'s: NOT_AVAILABLE from the node, arguments still checked', async (t) => {
    const f = await fixture(t);
    assert.match(refused(await call(f, 'dialog.chooseFolder', {}), 'NOT_AVAILABLE'), /desktop app/);
    refused(await call(f, 'dialog.openNetworkFile', {}), 'NOT_AVAILABLE');
    refused(await call(f, 'dialog.chooseFolder', { defaultPath: '' }), 'INVALID_ARGS');
    refused(await call(f, 'dialog.openNetworkFile', { path: '/etc/passwd' }), 'INVALID_ARGS');
    cover('dialog.chooseFolder', 'dialog.openNetworkFile');
  });

  it('network.create writes a file that parses as a new network; network.join checks it before the host restarts anything', async (t) => {
    const joined: unknown[] = [];
    const networks: NetworkSwitch = {
      current: () => null,
      join: (target) => {
        joined.push(target);
        return Promise.resolve({ name: target?.name ?? 'standalone', preset: target?.preset.name ?? 'standalone', genesisId: '00', genesisTimeMs: 0, folder: 'x' });
      },
    };
    const f = await fixture(t, { networks });
    const created = value(await call(f, 'network.create', { name: 'Friends', preset: 'devnet' }));
    const parsed = parseNetworkFile(created.text);
    assert.equal(parsed.name, 'Friends');
    assert.equal(parsed.preset.p2p.mdns, true, 'friends on one LAN find each other by default');
    assert.equal(created.network.folder, `devnet-${created.network.genesisId.slice(0, 8)}`);
    assert.notEqual(parseNetworkFile(value(await call(f, 'network.create', { name: 'Friends', preset: 'devnet' })).text).file.genesisExtraData, parsed.file.genesisExtraData, 'two networks, two GenesisIDs');
    refused(await call(f, 'network.create', { name: 'x', preset: 'standalone' }), 'INVALID_ARGS');
    refused(await call(f, 'network.create', { name: 'x', preset: 'devnet', bootnodes: ['not an address'] }), 'BAD_NETWORK_FILE');
    const withPoet = parseNetworkFile(value(await call(f, 'network.create', { name: 'LAN', preset: 'devnet', poetServers: ['http://192.0.2.10:10010'], genesisDelaySeconds: 600 })).text);
    assert.deepEqual(withPoet.preset.poet.servers, ['http://192.0.2.10:10010']);
    assert.equal(withPoet.genesisTimeMs, Math.ceil((f.node.clock.now() + 600_000) / 1000) * 1000);
    refused(await call(f, 'network.create', { name: 'x', preset: 'devnet', poetServers: ['ftp://poet'] }), 'BAD_NETWORK_FILE');
    refused(await call(f, 'network.create', { name: 'x', preset: 'devnet', genesisDelaySeconds: 1 }), 'INVALID_ARGS');

    assert.match(refused(await call(f, 'network.join', { file: '{"format": "smesher-network/1"}' }), 'BAD_NETWORK_FILE'), /"name" must be a string/);
    refused(await call(f, 'network.join', { file: 'not json' }), 'BAD_NETWORK_FILE');
    assert.match(refused(await call(f, 'network.join', { file: null }), 'SAME_NETWORK'), /already runs standalone/);
    refused(await call(f, 'network.join', {}), 'INVALID_ARGS');
    assert.equal(joined.length, 0, 'nothing refused reached the host');
    assert.equal(value(await call(f, 'network.join', { file: created.text })).name, 'Friends');
    assert.equal((joined[0] as { name: string }).name, 'Friends');

    const noHost = await fixture(t);
    refused(await call(noHost, 'network.join', { file: created.text }), 'NOT_AVAILABLE');
    cover('network.create', 'network.join');
  });
});

describe('coverage', () => {
  it('every allowlisted method has valid and invalid calls above', () => {
    assert.deepEqual(METHOD_NAMES.filter((m) => !covered.has(m)), []);
  });
});

