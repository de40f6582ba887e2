/**
 * `smesher poet serve` and `smesher bench` refuse bad flags with one line and exit 2, before touching the disk.
 * @module
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../../core/bin/main.js';
import { tempDir } from './helpers.js';

async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {} });
  return { code, out, err };
}

describe('smesher poet / bench CLI', () => {
  it('refuses bad poet serve flags with one line and exit 2, creating nothing', async (t) => {
    const { dir, cleanup } = tempDir();
    t.after(cleanup);
    const cases: [string[], RegExp][] = [
      [['poet'], /missing subcommand: serve/],
      [['poet', 'start'], /unknown subcommand "start"/],
      [['poet', 'serve', '--epoch', '10', '--cycle-gap', '10'], /--cycle-gap must be shorter than --epoch/],
      [['poet', 'serve', '--epoch', 'ten'], /--epoch must be seconds/],
      [['poet', 'serve', '--genesis-time', 'yesterday'], /--genesis-time must be RFC 3339 or unix seconds/],
      [['poet', 'serve', '--port', '70000'], /--port must be in 0..65535/],
      [['poet', 'serve', '--genesis-id', 'abcd'], /--genesis-id: expected 20 bytes/],
      [['poet', 'serve', '--log-format', 'xml'], /--log-format must be json or pretty/],
      [['poet', 'serve', '--frobnicate'], /Unknown option '--frobnicate'/],
    ];
    for (const [argv, message] of cases) {
      const { code, err } = await run(argv[1] === 'serve' ? [...argv, '--data-dir', dir] : argv);
      assert.equal(code, 2, argv.join(' '));
      assert.equal(err.length, 1, argv.join(' '));
      assert.match(err[0]!, message);
    }
    assert.ok(!existsSync(join(dir, 'poet')), 'no state written for refused flags');
  });

  it('documents poet serve and refuses an unknown benchmark', async () => {
    const help = await run(['poet', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.out.join('\n'), /smesher poet serve \[--port N\]/);
    const bench = await run(['bench', 'nonsense']);
    assert.equal(bench.code, 2);
    assert.match(bench.err[0]!, /unknown benchmark "nonsense"; known: .*poet/);
  });
});
