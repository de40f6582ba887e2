/**
 * Reliability: a process that saves the wallet in a loop is SIGKILLed at random moments; after every kill the file
 * opens with the right password and holds a complete, consistent wallet, its .bak does too, and the next save
 * cleans up the dead process's temp files (docs/architecture.md §7: "a wallet file is never half-written").
 * @module
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { WalletFile } from '../../../core/wallet/keystore/walletFile.js';
import { FILM_MNEMONIC, TEST_ITERATIONS, seededRandom, tempDir } from './helpers.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const CHILD = join(import.meta.dirname, 'fixtures', 'saveLoop.ts');
const ROUNDS = 6;

/** Resolves once the child has completed `count` saves. */
function waitForSaves(child: ChildProcess, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = 0;
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString().split('\n').filter((l) => l.startsWith('saved')).length;
      if (seen >= count) resolve();
    });
    child.on('exit', (code) => reject(new Error(`saver exited early (code ${code}): ${stderr}`)));
  });
}

describe('kill -9 while saving', () => {
  it('the wallet always opens with the right password', { timeout: 60_000 }, async (t) => {
    const dir = await tempDir(t);
    const path = join(dir, 'wallet.json');
    const options = { kdfIterations: TEST_ITERATIONS, random: seededRandom('kill') };
    await WalletFile.create(path, { name: 'start', mnemonic: FILM_MNEMONIC, password: 'pw', ...options });
    const delays = seededRandom('delays');
    for (let round = 0; round < ROUNDS; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path, 'pw', String(TEST_ITERATIONS)], { stdio: ['ignore', 'pipe', 'pipe'] });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      await waitForSaves(child, 1 + (delays(1)[0]! % 20));
      // Kill at a random point inside the save loop, not only between saves.
      await new Promise((resolve) => setTimeout(resolve, delays(1)[0]! % 15));
      child.kill('SIGKILL');
      await exited;

      for (const file of [path, `${path}.bak`]) {
        const wallet = await WalletFile.open(file, 'pw', options);
        assert.match(wallet.meta.displayName, /^(start|save \d+ \d+)$/, `round ${round}: ${file}`);
        const accounts = wallet.accounts();
        assert.ok(accounts.length >= 1, `round ${round}: ${file} has its accounts`);
        assert.deepEqual(accounts.map((a) => a.index), [...accounts.keys()]);
      }
    }
    const wallet = await WalletFile.open(path, 'pw', options);
    await wallet.save();
    // Temp files of killed savers are gone, unless the OS already gave a killed saver's pid to another process
    // (then they go by age, after minutes).
    const left = (await readdir(dir)).filter((n) => !['wallet.json', 'wallet.json.bak'].includes(n));
    for (const name of left) assert.ok(isAlive(Number(name.split('.')[3])), `stale temp file ${name} was not removed`);
  });
});
