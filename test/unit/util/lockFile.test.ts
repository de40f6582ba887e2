/**
 * The folder lock (core/util/lockFile.ts, issue #17): a live holder refuses a second taker with one line naming it
 * (pid, API address), in this process as from another; a dead holder's lock, one of a reused pid (another start
 * time, another boot, our own pid from an earlier process) and one left empty by a crash are taken over; release
 * never removes a file that is no longer ours; and of several processes racing for one stale lock exactly one wins.
 * @module
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { INCOMPLETE_LOCK_MS, LockError, type LockHolder, acquireLock, bootId, lockHolder, processStart } from '../../../core/util/lockFile.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const WHAT = { command: 'smesher node', what: 'the data folder D' };

function tempLock(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'smesher-lock-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'smesher.lock');
}

/** A process that sleeps until killed: a live pid that is not ours. */
async function sleeper(t: TestContext): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  await once(child, 'spawn');
  t.after(() => child.kill('SIGKILL'));
  return child;
}

/** A pid that ran a moment ago and no longer does. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await once(child, 'exit');
  return child.pid!;
}

function holderFile(path: string, fields: Partial<LockHolder> & { pid: number }): LockHolder {
  const holder: LockHolder = {
    command: 'smesher node',
    host: hostname(),
    startedAt: new Date().toISOString(),
    nonce: 'feedface',
    ...(bootId() === undefined ? {} : { bootId: bootId()! }),
    ...fields,
  };
  writeFileSync(path, JSON.stringify(holder));
  return holder;
}

function refused(fn: () => unknown, pattern: RegExp): LockError {
  let caught: unknown;
  assert.throws(fn, (err) => {
    caught = err;
    return err instanceof LockError && err.code === 'LOCKED';
  });
  const err = caught as LockError;
  assert.match(err.message, pattern);
  assert.ok(!err.message.includes('\n'), 'one line');
  return err;
}

const canCheckStart = process.platform === 'linux' || process.platform === 'darwin';

describe('folder lock', () => {
  it('records who holds it; a second taker here is refused by name; release frees it', (t) => {
    const path = tempLock(t);
    const lock = acquireLock(path, { ...WHAT, api: 'http://127.0.0.1:9171' });
    const onDisk = JSON.parse(readFileSync(path, 'utf8')) as LockHolder;
    assert.equal(onDisk.pid, process.pid);
    assert.equal(onDisk.host, hostname());
    assert.equal(onDisk.api, 'http://127.0.0.1:9171');
    assert.equal(lockHolder(path)?.nonce, onDisk.nonce);
    refused(() => acquireLock(path, WHAT), new RegExp(`^the data folder D is in use by smesher node \\(pid ${process.pid}, api http://127\\.0\\.0\\.1:9171, since `));
    lock.setApi('http://127.0.0.1:5555');
    refused(() => acquireLock(path, WHAT), /api http:\/\/127\.0\.0\.1:5555/);
    lock.release();
    assert.equal(existsSync(path), false);
    assert.equal(lockHolder(path), undefined);
    acquireLock(path, WHAT).release();
  });

  it('refuses while another live process holds it, names it, and leaves its file untouched', async (t) => {
    const path = tempLock(t);
    const other = await sleeper(t);
    holderFile(path, { pid: other.pid!, api: 'http://127.0.0.1:9999', ...(canCheckStart ? { procStart: processStart(other.pid!)! } : {}) });
    const before = readFileSync(path, 'utf8');
    const err = refused(() => acquireLock(path, WHAT), new RegExp(`in use by smesher node \\(pid ${other.pid}, api http://127\\.0\\.0\\.1:9999, since `));
    assert.equal(err.holder?.pid, other.pid);
    assert.equal(readFileSync(path, 'utf8'), before);
  });

  it('takes over the lock of a process that is gone', async (t) => {
    const path = tempLock(t);
    holderFile(path, { pid: await deadPid() });
    const lock = acquireLock(path, WHAT);
    assert.equal((JSON.parse(readFileSync(path, 'utf8')) as LockHolder).pid, process.pid);
    lock.release();
  });

  it('pid reuse: a live pid with another start time, or a lock in our own pid we do not hold, is stale', { skip: !canCheckStart && 'no process start time here' }, async (t) => {
    const path = tempLock(t);
    const other = await sleeper(t);
    holderFile(path, { pid: other.pid!, procStart: `${processStart(other.pid!)}0` });
    acquireLock(path, WHAT).release();
    // A container restarted with the same pid, say: the file names us, but this process never took it.
    holderFile(path, { pid: process.pid, procStart: processStart(process.pid)! });
    acquireLock(path, WHAT).release();
  });

  it('a lock from an earlier boot is stale whatever its pid', { skip: bootId() === undefined && 'no boot id here' }, async (t) => {
    const path = tempLock(t);
    const other = await sleeper(t);
    holderFile(path, { pid: other.pid!, bootId: '00000000-0000-0000-0000-000000000000' });
    acquireLock(path, WHAT).release();
  });

  it('an empty lock file left by a crash is taken over once it is old; another host\'s lock holds', (t) => {
    const path = tempLock(t);
    writeFileSync(path, '');
    const old = (Date.now() - INCOMPLETE_LOCK_MS - 5_000) / 1000;
    utimesSync(path, old, old);
    acquireLock(path, WHAT).release();
    holderFile(path, { pid: 1, host: 'elsewhere.example' });
    refused(() => acquireLock(path, WHAT), /in use by smesher node \(pid 1, on host elsewhere\.example, since /);
  });

  it('release never removes a lock file that is not ours any more', (t) => {
    const path = tempLock(t);
    const lock = acquireLock(path, WHAT);
    holderFile(path, { pid: process.pid + 1, nonce: 'someone-else' });
    lock.release();
    assert.equal((JSON.parse(readFileSync(path, 'utf8')) as LockHolder).nonce, 'someone-else');
  });

  it('of six processes racing for one stale lock, exactly one wins and the others are refused by its name', async (t) => {
    const path = tempLock(t);
    holderFile(path, { pid: await deadPid() });
    // Each says "ready", waits for "go" on stdin (all start together), tries once; the winner holds until stdin ends.
    const script = `
      import { acquireLock } from ${JSON.stringify(join(ROOT, 'core/util/lockFile.ts'))};
      console.log('ready');
      process.stdin.once('data', () => {
        try {
          const lock = acquireLock(${JSON.stringify(path)}, { command: 'racer', what: 'the folder' });
          console.log('won');
          process.stdin.once('end', () => lock.release()).resume();
        } catch (err) { console.log(err.code + ' ' + err.message); process.exit(0); }
      });`;
    const racers = Array.from({ length: 6 }, () => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
      t.after(() => child.kill('SIGKILL'));
      const lines: string[] = [];
      const ready = new Promise<void>((resolve) =>
        child.stdout.on('data', (d: Buffer) => {
          lines.push(...d.toString().trim().split('\n'));
          if (lines.includes('ready')) resolve();
        }),
      );
      const outcome = new Promise<string>((resolve) => {
        const check = (): void => {
          const last = lines.find((l) => l !== 'ready');
          if (last !== undefined) resolve(last);
        };
        child.stdout.on('data', check);
      });
      return { child, ready, outcome, exited: once(child, 'exit') };
    });
    await Promise.all(racers.map((r) => r.ready));
    for (const r of racers) r.child.stdin.write('go\n');
    const outcomes = await Promise.all(racers.map((r) => r.outcome));
    assert.equal(outcomes.filter((o) => o === 'won').length, 1, outcomes.join('\n'));
    for (const o of outcomes.filter((x) => x !== 'won')) assert.match(o, /^LOCKED the folder is in use by racer \(pid \d+/);
    for (const r of racers) r.child.stdin.end();
    await Promise.all(racers.map((r) => r.exited));
    assert.equal(existsSync(path), false, 'the winner released it');
  });
});
