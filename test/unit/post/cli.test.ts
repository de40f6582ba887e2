/**
 * `smesher post init | prove | verify | check` end to end in-process (standalone and devnet parameters), and the
 * bad-input rules: one line on stderr, non-zero exit, nothing overwritten.
 * @module
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../../core/bin/main.js';
import { snapshotDir, tempDir } from './helpers.js';

async function run(argv: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {} });
  return { code, out, err };
}

const NODE = '0a'.repeat(32);
const ATX = '0b'.repeat(32);

describe('smesher post CLI', () => {
  for (const [preset, labelsPerUnit, units] of [
    ['standalone', '64', '1'],
    ['devnet', '128', '2'],
  ] as const) {
    it(`init → prove → verify → check with ${preset} parameters`, async (t) => {
      const { dir, cleanup } = tempDir();
      t.after(cleanup);
      const base = ['--dir', dir, '--preset', preset];
      const init = await run(['post', 'init', '--node-id', NODE, '--commitment-atx', ATX, '--units', units, '--labels-per-unit', labelsPerUnit, '--max-file-size', '1024', '--threads', '2', ...base]);
      assert.equal(init.code, 0, init.err.join('\n'));
      assert.match(init.out[0]!, /^initialized .*: \d+ labels computed, VRF nonce \d+$/);
      const proofPath = join(dir, 'proof.json');
      const prove = await run(['post', 'prove', '--challenge', 'cc'.repeat(32), '--out', proofPath, ...base]);
      assert.equal(prove.code, 0, prove.err.join('\n'));
      const verify = await run(['post', 'verify', '--proof', proofPath, '--all', ...base]);
      assert.equal(verify.code, 0, verify.err.join('\n'));
      assert.match(verify.out[0]!, /^proof valid: nonce \d+, all 4 labels checked, VRF nonce \d+ valid$/);
      const subset = await run(['post', 'verify', '--proof', proofPath, ...base]);
      assert.equal(subset.code, 0, subset.err.join('\n'));
      const check = await run(['post', 'check', '--fraction', '1', ...base]);
      assert.equal(check.code, 0, check.err.join('\n'));

      // A flipped byte: check names the file and the label's offset, and exits 1.
      const file = join(dir, 'postdata_0.bin');
      const data = readFileSync(file);
      data[5 * 16 + 7]! ^= 1;
      writeFileSync(file, data);
      const bad = await run(['post', 'check', '--fraction', '1', ...base]);
      assert.equal(bad.code, 1);
      assert.match(bad.err[0]!, /postdata_0\.bin offset 80 \(label 5\)/);
    });
  }

  it('refuses bad input with one line and a non-zero exit, overwriting nothing', async (t) => {
    const { dir, cleanup } = tempDir();
    t.after(cleanup);
    const init = ['post', 'init', '--node-id', NODE, '--commitment-atx', ATX, '--labels-per-unit', '128', '--max-file-size', '1024', '--preset', 'devnet', '--dir', dir];
    assert.equal((await run([...init, '--units', '1'])).code, 0);
    const before = snapshotDir(dir);
    const cases: [string[], number, RegExp][] = [
      [['post'], 2, /expected one of: init, prove, verify, check/],
      [['post', 'frob'], 2, /got "frob"/],
      [[...init.map((a) => (a === NODE ? 'abcd' : a)), '--units', '1'], 2, /--node-id: expected 32 bytes/],
      [[...init, '--units', '0'], 2, /--units must be in 1\.\.64/],
      [[...init, '--units', '65'], 2, /--units must be in 1\.\.64/],
      [[...init, '--units', '2'], 1, /NumUnits is 1, expected 2/],
      [[...init.map((a) => (a === ATX ? '0c'.repeat(32) : a)), '--units', '1'], 1, /CommitmentAtxId is/],
      [[...init, '--units', '1', '--scrypt-n', '3'], 2, /power of two/],
      [[...init, '--units', '1', '--max-file-size', '1000'], 2, /multiple of 16/],
      [['post', 'prove', '--dir', dir, '--challenge', 'cc'], 2, /--challenge: expected 32 bytes/],
      [['post', 'prove', '--dir', dir, '--challenge', 'cc'.repeat(32), '--nonces', '17', '--preset', 'devnet'], 2, /multiple of 16/],
      [['post', 'verify', '--dir', dir, '--proof', join(dir, 'nope.json')], 2, /cannot read --proof/],
      [['post', 'check', '--dir', dir, '--fraction', '2'], 2, /--fraction must be a number in \(0, 1\]/],
      [['post', 'init', '--units', '1'], 2, /--node-id is required/],
    ];
    for (const [argv, code, message] of cases) {
      const result = await run(argv);
      assert.equal(result.code, code, argv.join(' '));
      assert.equal(result.err.length, 1, `${argv.join(' ')}: ${result.err.join(' | ')}`);
      assert.match(result.err[0]!, message, argv.join(' '));
    }
    assert.deepEqual(snapshotDir(dir), before);

    // Truncated data: prove and check say which file; a garbage proof file is refused.
    writeFileSync(join(dir, 'postdata_1.bin'), readFileSync(join(dir, 'postdata_1.bin')).subarray(0, 500));
    const prove = await run(['post', 'prove', '--dir', dir, '--challenge', 'cc'.repeat(32), '--preset', 'devnet']);
    assert.equal(prove.code, 1);
    assert.match(prove.err[0]!, /postdata_1\.bin is 500 bytes, expected 1024/);
    writeFileSync(join(dir, 'garbage.json'), '{"proof": 1}');
    const verify = await run(['post', 'verify', '--dir', dir, '--proof', join(dir, 'garbage.json'), '--preset', 'devnet']);
    assert.equal(verify.code, 1);
    assert.match(verify.err[0]!, /proof file: proof\/metadata is missing or malformed/);

    // A directory that cannot be created (its parent is a file): refused even when running as root.
    const unwritable = await run([...init.map((a) => (a === dir ? join(dir, 'postdata_0.bin', 'x') : a)), '--units', '1']);
    assert.equal(unwritable.code, 1);
    assert.match(unwritable.err[0]!, /cannot create/);
  });
});
