/**
 * The CLI dispatcher: help, unknown commands and bad flags give one clear line and a non-zero exit.
 * @module
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { hexFlag, intFlag, UsageError } from '../../../core/bin/cli.js';
import { main } from '../../../core/bin/main.js';

function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {} }).then((code) => ({ code, out, err }));
}

describe('smesher CLI', () => {
  it('lists commands on --help', async () => {
    const { code, out } = await run(['--help']);
    assert.equal(code, 0);
    assert.match(out.join('\n'), /presets +list the network presets/);
  });

  it('rejects an unknown command with one line and exit 2', async () => {
    const { code, err } = await run(['frobnicate']);
    assert.equal(code, 2);
    assert.deepEqual(err, ['smesher: unknown command "frobnicate" (see smesher --help)']);
  });

  it('rejects an unknown flag with one line and exit 2', async () => {
    const { code, err } = await run(['presets', '--jsn']);
    assert.equal(code, 2);
    assert.equal(err.length, 1);
    assert.match(err[0]!, /^smesher presets: Unknown option '--jsn'/);
  });

  it('names the benchmarks, the long one among them, and refuses a name that is only an object property', async () => {
    for (const name of ['toString', 'constructor', 'nope']) {
      const { code, err } = await run(['bench', name]);
      assert.equal(code, 2, name);
      assert.equal(err.length, 1);
      assert.match(err[0]!, new RegExp(`unknown benchmark "${name}"; known: crypto, .*, all, scale-full$`));
    }
  });

  it('prints presets as JSON lines', async () => {
    const { code, out } = await run(['presets', '--json']);
    assert.equal(code, 0);
    assert.deepEqual(out.map((l) => (JSON.parse(l) as { name: string }).name), ['standalone', 'devnet', 'testnet']);
  });

  it('parses typed flags with clear errors', () => {
    assert.equal(intFlag('4', 'units', 1, 8), 4);
    assert.equal(intFlag(undefined, 'threads', 1, 8, 2), 2);
    assert.throws(() => intFlag('0', 'units', 1, 8), (e: unknown) => e instanceof UsageError && /--units must be in 1..8, got 0/.test(e.message));
    assert.throws(() => intFlag('1e3', 'units', 1, 8), /whole number/);
    assert.throws(() => intFlag(undefined, 'units', 1, 8), /--units is required/);
    assert.equal(hexFlag('0x' + '00'.repeat(32), 'node-id', 32).length, 32);
    assert.throws(() => hexFlag('00', 'node-id', 32), /--node-id: expected 32 bytes of hex, got 1/);
  });

  it('runs as a real process through the bin entry', () => {
    const bin = join(import.meta.dirname, '..', '..', '..', 'core', 'bin', 'smesher.js');
    assert.match(execFileSync(process.execPath, [bin, '--version'], { encoding: 'utf8' }), /^\d+\.\d+\.\d+\n$/);
    const bad = spawnSync(process.execPath, [bin, 'presets', '--nope'], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.equal(bad.stderr.trim().split('\n').length, 1);
  });
});
