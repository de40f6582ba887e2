/**
 * kill -9 mid-round: a real `smesher poet serve` child process is killed with SIGKILL while round 0 executes, then
 * started again on the same data directory; it continues from its last checkpoint and serves a proof of round 0
 * that verifies, with membership proofs for all three members.
 * @module
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { PoetClient } from '../../../core/poet/client.js';
import { checkProofResponse, waitForProof } from '../../../core/poet/nipost.js';
import { RoundStore } from '../../../core/poet/roundStore.js';
import { SystemClock } from '../../../core/util/clock.js';
import { filled, submission, tempDir } from './helpers.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  readonly stderr: () => string;
}

async function startPoet(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [join(ROOT, 'core/bin/smesher.js'), 'poet', 'serve', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /poet listening on (http:\/\/\S+)/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    child.once('exit', (code) => reject(new Error(`poet exited early (${code}): ${stderr}`)));
  });
  return { child, url, stderr: () => stderr };
}

async function kill(running: Running, signal: NodeJS.Signals): Promise<number | null> {
  const exited = once(running.child, 'exit');
  running.child.kill(signal);
  return (await exited)[0] as number | null;
}

describe('PoET crash recovery', () => {
  it('continues round 0 after SIGKILL and still proves it', { timeout: 60_000 }, async (t) => {
    const { dir, cleanup } = tempDir('poet-crash-');
    const clock = new SystemClock();
    // Round 0 starts 7.5 s from now (time to start the process and register, even on a busy machine) and runs 4 s.
    const genesis = ((clock.now() + 7_000) / 1000).toFixed(3);
    const roundEndMs = Number(genesis) * 1000 + 500 + 5_000 - 1_000;
    const args = ['--port', '0', '--data-dir', dir, '--genesis-time', genesis, '--phase-shift', '0.5', '--epoch', '5', '--cycle-gap', '1'];
    args.push('--checkpoint-leaves', '64', '--log-format', 'json');
    const store = new RoundStore(join(dir, 'poet'));

    const first = await startPoet(args);
    t.after(() => first.child.kill('SIGKILL'));
    const client = new PoetClient({ url: first.url, clock, retries: 2, retryDelayMs: 100 });
    const challenges = [filled(0xe1), filled(0xe2), filled(0xe3)];
    for (const [i, challenge] of challenges.entries()) {
      const { round } = await client.submit(submission(i + 1, challenge));
      assert.equal(round, 0, 'registered before round 0 started (a very slow start-up would miss it)');
    }

    // Wait for the first checkpoint of round 0, then kill the process without warning.
    const deadline = clock.now() + 30_000;
    while (((await store.readExecution(0))?.leafCount ?? 0) === 0) {
      assert.ok(clock.now() < deadline, 'round 0 never checkpointed');
      await delay(50);
    }
    assert.ok(clock.now() < roundEndMs, 'the kill comes before the round ends');
    assert.equal(await kill(first, 'SIGKILL'), null);
    const checkpoint = (await store.readExecution(0))!.leafCount;
    assert.ok(checkpoint > 0);
    assert.equal(await store.readProof(0), undefined, 'killed before the proof');

    const second = await startPoet(args);
    t.after(() => second.child.kill('SIGKILL'));
    // After the closes above: hooks run in the order they were registered.
    t.after(cleanup);
    const again = new PoetClient({ url: second.url, clock, retries: 2, retryDelayMs: 100 });
    const response = await waitForProof(again, 0, { clock, pollMs: 200, untilMs: clock.now() + 30_000 });
    // Equal when the restart came after the round's end with T leaves already done: nothing left to add.
    assert.ok(response.proof.leafCount >= checkpoint);
    for (const challenge of challenges) checkProofResponse(second.url, 0, response, challenge);

    const resumed = second
      .stderr()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { msg: string; round?: number; fromLeaf?: number })
      .find((record) => record.msg === 'resuming round');
    assert.deepEqual([resumed?.round, resumed?.fromLeaf], [0, checkpoint]);
    assert.equal(await kill(second, 'SIGTERM'), 0, 'a graceful stop exits 0');
  });
});
