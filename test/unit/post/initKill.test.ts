/**
 * kill -9 at random moments: a real child process initializes, is killed with SIGKILL at five or more random
 * points (after a random amount of progress plus a random delay, so kills land inside label writes, between
 * batches and around metadata writes), and each restart resumes. The final files equal an uninterrupted run's,
 * also for a sequence that finished before its next kill could land (the count then goes on in a new folder).
 * @module
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { snapshotDir, tempDir } from './helpers.js';

const CHILD = join(import.meta.dirname, 'fixtures', 'initChild.ts');
const TOTAL = 2048;

/** Runs the child; kills it once it reports `killAt` labels done (+ delay). Resolves true when it was killed. */
function runChild(dir: string, killAt: number | undefined, delayMs: number): Promise<boolean> {
  const options = { dir, numUnits: 4, labelsPerUnit: '512', maxFileSize: '2048', scryptN: 16, threads: 2 };
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let buffered = '';
  let armed = false;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => {
    buffered += chunk;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (killAt === undefined || armed || line === 'done') continue;
      const { labelsDone } = JSON.parse(line) as { labelsDone: number };
      if (labelsDone >= killAt) {
        armed = true;
        setTimeout(() => child.kill('SIGKILL'), delayMs);
      }
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(true);
      else if (code === 0) resolve(false);
      else reject(new Error(`child exited with ${code}`));
    });
  });
}

describe('initialization under kill -9', () => {
  it('resumes after SIGKILL at 5+ random points to files identical to an uninterrupted run', async () => {
    const clean = tempDir();
    const killed: { dir: string; cleanup: () => void }[] = [tempDir()];
    try {
      assert.equal(await runChild(clean.dir, undefined, 0), false);
      const expected = snapshotDir(clean.dir);
      // Seeded so a failure reproduces; the points spread over the whole run.
      let seed = 0x5eed;
      const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      let kills = 0;
      for (let attempt = 0; attempt < 30 && kills < 6; attempt++) {
        const killAt = Math.floor(random() * TOTAL);
        if (await runChild(killed.at(-1)!.dir, killAt, Math.floor(random() * 40))) {
          kills++;
          continue;
        }
        // The init finished before this kill landed (on a loaded machine the delay can outlast the rest of the
        // work): that sequence of kills and resumes must already have given the same files; go on in a new folder.
        assert.deepEqual(snapshotDir(killed.at(-1)!.dir), expected, `after ${kills} kill(s)`);
        killed.push(tempDir());
      }
      assert.ok(kills >= 5, `only ${kills} kills landed`);
      assert.equal(await runChild(killed.at(-1)!.dir, undefined, 0), false);
      assert.deepEqual(snapshotDir(killed.at(-1)!.dir), expected);
    } finally {
      clean.cleanup();
      for (const k of killed) k.cleanup();
    }
  });
});
