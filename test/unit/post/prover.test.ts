/**
 * The prover boundary: LocalProver and ProcessProver give the same results for the same requests; progress
 * crosses the process; cancel reaches a running job; a killed child is reported, rejects its pending call with
 * PROVER_CRASHED and the next call runs in a fresh child; pause holds a running job (and one started while paused)
 * until resume, across the process too.
 * @module
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { LocalProver } from '../../../core/post/localProver.js';
import { ProcessProver, type CrashInfo } from '../../../core/post/processProver.js';
import type { InitRequest, Prover, ProveRequest } from '../../../core/post/prover.js';
import { isChildMessage, isParentMessage } from '../../../core/post/proverProtocol.js';
import { hasErrorCode } from '../../../core/util/errors.js';
import { tempDir } from './helpers.js';

const dirs: (() => void)[] = [];
after(() => dirs.forEach((cleanup) => cleanup()));

function request(dir: string, overrides: Partial<InitRequest> = {}): InitRequest {
  return { dir, nodeId: '33'.repeat(32), commitmentAtxId: '44'.repeat(32), numUnits: 2, labelsPerUnit: '128', scryptN: 2, maxFileSize: '1024', threads: 1, ...overrides };
}

function proveRequest(dir: string): ProveRequest {
  return { dir, challenge: '55'.repeat(32), k1: 12, k2: 4, powDifficulty: 'ff'.repeat(32) };
}

async function initAndProve(prover: Prover): Promise<{ nonce: string | null; proofFile: string; progress: number }> {
  const { dir, cleanup } = tempDir();
  dirs.push(cleanup);
  let progress = 0;
  const init = await prover.init(request(dir), () => progress++);
  const proof = await prover.prove(proveRequest(dir));
  return { nonce: init.nonce, proofFile: proof.proofFile, progress };
}

describe('prover boundary', () => {
  it('LocalProver and ProcessProver agree, with progress across the process', async () => {
    const local = new LocalProver();
    const remote = new ProcessProver();
    try {
      const a = await initAndProve(local);
      const b = await initAndProve(remote);
      assert.equal(b.nonce, a.nonce);
      assert.equal(b.proofFile, a.proofFile);
      assert.ok(b.progress > 0);
    } finally {
      await local.close();
      await remote.close();
    }
  });

  it('carries coded errors across the process', async () => {
    const remote = new ProcessProver();
    try {
      await assert.rejects(remote.init(request('/nonexistent-dir-for-test', { nodeId: 'zz' })), (e: unknown) => hasErrorCode(e, 'BAD_PARAMS'));
      await assert.rejects(remote.prove(proveRequest('/nonexistent-dir-for-test')), (e: unknown) => hasErrorCode(e, 'DATA_MISSING'));
    } finally {
      await remote.close();
    }
  });

  it('cancels a running init', async () => {
    const { dir, cleanup } = tempDir();
    dirs.push(cleanup);
    const remote = new ProcessProver();
    try {
      const job = remote.init(request(dir, { numUnits: 64, scryptN: 1024 }), () => void remote.cancel());
      await assert.rejects(job, (e: unknown) => hasErrorCode(e, 'CANCELLED'));
    } finally {
      await remote.close();
    }
  });

  for (const [name, make] of [
    ['LocalProver', () => new LocalProver()],
    ['ProcessProver', () => new ProcessProver()],
  ] as const) {
    it(`${name}: pause holds a running init and one started while paused; resume finishes both`, async () => {
      const prover: Prover = make();
      const first = tempDir();
      const second = tempDir();
      dirs.push(first.cleanup, second.cleanup);
      const big = { numUnits: 16, scryptN: 1024 };
      try {
        let latest = 0;
        let paused: Promise<void> | undefined;
        let onPaused: () => void = () => {};
        const reachedPause = new Promise<void>((resolve) => (onPaused = resolve));
        const running = prover.init(request(first.dir, big), (p) => {
          latest = p.labelsDone;
          paused ??= prover.pause().then(onPaused);
        });
        await reachedPause;
        let secondDone = 0;
        const started = prover.init(request(second.dir, big), (p) => (secondDone = p.labelsDone));
        // The batch in flight when pause arrived may still complete (slowly on a loaded machine): wait until the
        // progress has stood still for a while, then it must stay there and be short of the whole job.
        let heldAt = latest;
        for (let quiet = 0; quiet < 3; ) {
          await new Promise((resolve) => setTimeout(resolve, 300));
          quiet = latest === heldAt ? quiet + 1 : 0;
          heldAt = latest;
        }
        await new Promise((resolve) => setTimeout(resolve, 900));
        assert.equal(latest, heldAt, 'no progress while paused');
        assert.ok(heldAt < 16 * 128, 'paused before the end');
        assert.equal(secondDone, 0, 'a job started while paused computes nothing');
        await prover.resume();
        const [a, b] = await Promise.all([running, started]);
        assert.equal(a.labelsComputed, 16 * 128);
        assert.equal(b.labelsComputed, 16 * 128);
        assert.equal(secondDone, 16 * 128);
      } finally {
        await prover.close();
      }
    });
  }

  it('reports a crash, rejects the pending call, and restarts on the next call', async () => {
    const { dir, cleanup } = tempDir();
    dirs.push(cleanup);
    const crashes: CrashInfo[] = [];
    const remote = new ProcessProver({ onCrash: (info) => crashes.push(info) });
    try {
      let killed = false;
      const job = remote.init(request(dir, { numUnits: 64, scryptN: 1024 }), () => {
        if (!killed) {
          killed = true;
          process.kill(remote.pid!, 'SIGKILL');
        }
      });
      await assert.rejects(job, (e: unknown) => hasErrorCode(e, 'PROVER_CRASHED'));
      assert.equal(crashes.length, 1);
      assert.equal(crashes[0]!.signal, 'SIGKILL');
      const again = await remote.init(request(dir, { numUnits: 64, scryptN: 1024, fromFile: 0, toFile: 0 }));
      assert.equal(again.nonce === null || typeof again.nonce === 'string', true);
    } finally {
      await remote.close();
    }
  });

  it('survives a Ctrl-C sent to the whole process group: the parent owns the shutdown', async () => {
    const { dir, cleanup } = tempDir();
    dirs.push(cleanup);
    const crashes: CrashInfo[] = [];
    const remote = new ProcessProver({ onCrash: (info) => crashes.push(info) });
    try {
      await remote.init(request(dir));
      const pid = remote.pid!;
      process.kill(pid, 'SIGINT');
      // Give a default SIGINT handler time to have killed the child, then prove it is the same, working child.
      await new Promise((resolve) => setTimeout(resolve, 300));
      assert.deepEqual(crashes, []);
      assert.equal(remote.pid, pid);
      await remote.init(request(dir, { fromFile: 0, toFile: 0 }));
      assert.deepEqual(crashes, []);
    } finally {
      await remote.close();
    }
  });

  it('drops messages of the wrong direction', () => {
    assert.equal(isChildMessage({ seq: 1, type: 'init', request: {} }), false);
    assert.equal(isParentMessage({ seq: 1, type: 'result', value: null }), false);
    assert.equal(isParentMessage({ type: 'init' }), false);
    assert.equal(isChildMessage({ type: 'log', level: 'info', msg: 'x', context: {} }), true);
  });
});
