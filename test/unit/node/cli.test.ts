/**
 * `smesher node` flags: help, and bad input (unknown preset, malformed or out-of-range units, smeshing flags without
 * --smesh, a bad coinbase) gives one line and exit 2 before anything touches the data directory.
 * @module
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../../core/bin/main.js';

async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {} });
  return { code, out, err };
}

describe('smesher node flags', () => {
  it('explains itself on --help', async () => {
    const { code, out } = await run(['node', '--help']);
    assert.equal(code, 0);
    assert.match(out.join('\n'), /--units N\[,N\.\.\.\]/);
  });

  const BAD: ReadonlyArray<readonly [string[], RegExp]> = [
    [['--preset', 'mainnet'], /--preset must be standalone, devnet or testnet; got "mainnet"/],
    [['--smesh', '--post-dir', 'P', '--units', '1,,2'], /--units must be numbers separated by commas/],
    [['--smesh', '--post-dir', 'P', '--units', '0'], /--units: each must be 1\.\.1024 for standalone, got 0/],
    [['--smesh', '--units', '1'], /--post-dir is required/],
    [['--smesh', '--post-dir', 'P'], /--units is required/],
    [['--units', '1'], /--units needs --smesh/],
    [['--smesh', '--post-dir', 'P', '--units', '1', '--threads', '0'], /--threads must be in 1\.\.256/],
    [['--smesh', '--post-dir', 'P', '--units', '1', '--coinbase', 'sm1qqqq'], /--coinbase: /],
    [['--log-format', 'xml'], /--log-format must be json or pretty/],
    [['--log-level', 'trace'], /--log-level must be debug, info, warn or error; got "trace"/],
  ];
  for (const [args, message] of BAD) {
    it(`refuses ${args.join(' ')}`, async (t) => {
      const dir = mkdtempSync(join(tmpdir(), 'node-cli-'));
      t.after(() => rmSync(dir, { recursive: true, force: true }));
      const dataDir = join(dir, 'data');
      const { code, err } = await run(['node', ...args, '--data-dir', dataDir]);
      assert.equal(code, 2);
      assert.equal(err.length, 1);
      assert.match(err[0]!, /^smesher node: /);
      assert.match(err[0]!, message);
      assert.ok(!existsSync(dataDir), 'nothing was created');
    });
  }
});
