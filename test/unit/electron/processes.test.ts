/**
 * The utilityProcess prover speaks the prover protocol: results and progress reach the caller, child errors keep
 * their codes, a crash rejects pending calls with PROVER_CRASHED and the next call starts a fresh child, close asks
 * the child to shut down. The child is a double answering like electron/utility/prover.worker.ts.
 * @module
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, it } from 'node:test';
import { isParentMessage, type ParentMessage } from '../../../core/post/proverProtocol.js';
import { hasErrorCode } from '../../../core/util/errors.js';
import { PROVER_SERVICE_NAME, type UtilityChild, UtilityProver } from '../../../electron/main/processes.js';

class FakeChild extends EventEmitter implements UtilityChild {
  static count = 0;
  readonly pid = 1000 + FakeChild.count++;
  readonly received: ParentMessage[] = [];
  constructor(readonly script: (child: FakeChild, m: ParentMessage) => void) {
    super();
  }
  postMessage(message: unknown): void {
    assert.ok(isParentMessage(message));
    this.received.push(message);
    queueMicrotask(() => this.script(this, message));
  }
  kill(): boolean {
    this.emit('exit', 9);
    return true;
  }
  reply(m: unknown): void {
    this.emit('message', m);
  }
}

const REQUEST = { dir: '/d', nodeId: 'aa', commitmentAtxId: 'bb', numUnits: 1, labelsPerUnit: '64', scryptN: 16 };

function prover(script: (child: FakeChild, m: ParentMessage) => void) {
  const children: FakeChild[] = [];
  const crashes: number[] = [];
  const forks: unknown[][] = [];
  const p = new UtilityProver({
    entry: '/app/electron/utility/bootstrap.js',
    fork: (...args) => {
      forks.push(args);
      const c = new FakeChild(script);
      children.push(c);
      return c;
    },
    onCrash: ({ code }) => crashes.push(code),
  });
  return { p, children, crashes, forks };
}

describe('UtilityProver', () => {
  it('forks the utility entry lazily and relays progress and results', async () => {
    const { p, forks } = prover((c, m) => {
      if (m.type === 'init') {
        c.reply({ seq: m.seq, type: 'progress', progress: { labelsDone: 32, labelsTotal: 64, labelsPerSecond: 1, etaSeconds: 32, currentFile: 0 } });
        c.reply({ type: 'log', level: 'info', msg: 'working', context: {} });
        c.reply({ seq: m.seq, type: 'result', value: { nonce: '7', labelsComputed: 64 } });
      }
      if (m.type === 'shutdown') c.emit('exit', 0);
    });
    assert.equal(forks.length, 0);
    const progress: number[] = [];
    const summary = await p.init(REQUEST, (pr) => progress.push(pr.labelsDone));
    assert.deepEqual(summary, { nonce: '7', labelsComputed: 64 });
    assert.deepEqual(progress, [32]);
    assert.deepEqual(forks, [['/app/electron/utility/bootstrap.js', [], { serviceName: PROVER_SERVICE_NAME, stdio: 'inherit' }]]);
    await p.close();
  });

  it('keeps the child error code; a crash rejects pending work and the next call gets a new child', async () => {
    const { p, children, crashes } = prover((c, m) => {
      if (m.type === 'prove') c.reply({ seq: m.seq, type: 'error', error: { code: 'BAD_DATA', message: 'no data' } });
      // The first child dies on its first init (a segfault, say); later children answer.
      if (m.type === 'init' && children.indexOf(c) === 0) c.emit('exit', 139);
      else if (m.type === 'init') c.reply({ seq: m.seq, type: 'result', value: { nonce: null, labelsComputed: 0 } });
    });
    await assert.rejects(p.prove({ dir: '/d', challenge: '00', k1: 1, k2: 1, powDifficulty: 'ff' }), (err) => hasErrorCode(err, 'BAD_DATA'));
    await assert.rejects(p.init(REQUEST), (err) => hasErrorCode(err, 'PROVER_CRASHED'));
    assert.deepEqual(crashes, [139]);
    assert.equal(p.pid, undefined, 'no child between the crash and the next call');
    assert.equal((await p.init(REQUEST)).labelsComputed, 0);
    assert.equal(children.length, 2, 'a fresh child after the crash');
  });
});
