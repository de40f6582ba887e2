/**
 * `smesher network new` and the network flags of `smesher node`: a written file loads back as the same network,
 * `--set` reaches the preset, and every bad flag or file is one line on stderr, exit 2, with nothing written or
 * started.
 * @module
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseSets } from '../../../core/bin/commands/network.js';
import { main } from '../../../core/bin/main.js';
import { parseNetworkFile } from '../../../core/params/networkFile.js';
import { tempDir } from '../api/helpers.js';

function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  return main(argv, { stdout: (t) => out.push(t), stderr: (t) => err.push(t), env: {} }).then((code) => ({ code, out, err }));
}

describe('smesher network new', () => {
  it('writes a file every node loads as the same network, with --set overrides typed', async (t) => {
    const dir = await tempDir(t);
    const out = join(dir, 'net.json');
    const args = ['network', 'new', '--preset', 'devnet', '--name', 'friends', '--genesis-time', '2026-12-07T12:00:00Z', '--poet', 'http://127.0.0.1:10010'];
    const sets = ['--set', 'layerDurationMs=5000', '--set', 'beacon.mode=genesis', '--set', 'poet.phaseShiftMs=10000'];
    const { code, out: lines } = await run([...args, ...sets, '--out', out]);
    assert.equal(code, 0);
    assert.deepEqual(lines, [`network file written to ${out}`]);
    const def = parseNetworkFile(readFileSync(out, 'utf8'));
    assert.equal(def.name, 'friends');
    assert.equal(def.genesisTimeMs, Date.parse('2026-12-07T12:00:00Z'));
    assert.equal(def.preset.layerDurationMs, 5000);
    assert.equal(def.preset.beacon.mode, 'genesis');
    assert.equal(def.preset.poet.phaseShiftMs, 10_000);
    assert.match(def.preset.genesis.extraData, /^devnet-[0-9a-f]{8}$/, 'a random suffix tells networks of one second apart');
    assert.deepEqual(def.preset.poet.servers, ['http://127.0.0.1:10010']);
  });

  it('gives two networks created with the same flags different genesis extra data', async () => {
    const args = ['network', 'new', '--preset', 'devnet', '--genesis-time', '1900000000'];
    const a = JSON.parse((await run(args)).out.join('\n')) as { genesisExtraData: string; genesisTime: string };
    const b = JSON.parse((await run(args)).out.join('\n')) as { genesisExtraData: string };
    assert.equal(a.genesisTime, '2030-03-17T17:46:40Z');
    assert.notEqual(a.genesisExtraData, b.genesisExtraData);
  });

  it('refuses bad flags with one line, exit 2, and writes nothing', async (t) => {
    const dir = await tempDir(t);
    const out = join(dir, 'net.json');
    const cases: Array<[string[], RegExp]> = [
      [['--preset', 'standalone'], /devnet or testnet/],
      [['--preset', 'devnet', '--genesis-time', 'soon'], /--genesis-time/],
      [['--preset', 'devnet', '--set', 'layerDurationMs'], /FIELD=VALUE/],
      [['--preset', 'devnet', '--set', 'layerDuration=5000'], /not a preset field/],
      [['--preset', 'devnet', '--bootnode', '/ip4/127.0.0.1/tcp/1'], /bootnode/],
      [['--preset', 'devnet', '--poet', 'poet.example'], /PoET server/],
      [[], /--preset/],
    ];
    for (const [flags, message] of cases) {
      const { code, err } = await run(['network', 'new', ...flags, '--out', out]);
      assert.equal(code, 2, flags.join(' '));
      assert.equal(err.length, 1);
      assert.match(err[0]!, message);
      assert.equal(existsSync(out), false);
    }
  });

  it('folds --set paths into one object and refuses a path through a value', () => {
    assert.deepEqual(parseSets(['a.b=1', 'a.c=x', 'd=true']), { a: { b: 1, c: 'x' }, d: true });
    assert.throws(() => parseSets(['a=1', 'a.b=2']), /set to a value already/);
  });
});

describe('smesher node: network flags', () => {
  it('refuses a bad network file, --preset with --network, and bad p2p flags before touching the data dir', async (t) => {
    const dir = await tempDir(t);
    const data = join(dir, 'data');
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format": "smesher-network/1"}');
    const cases: Array<[string[], RegExp]> = [
      [['--network', join(dir, 'missing.json')], /cannot read/],
      [['--network', bad], /"name" must be a string/],
      [['--network', bad, '--preset', 'devnet'], /exclude each other/],
      [['--preset', 'standalone', '--bootnodes', '/ip4/127.0.0.1/tcp/7513'], /needs a network with peers/],
      [['--preset', 'devnet', '--listen', 'localhost:7513'], /--listen must be a multiaddr/],
      [['--preset', 'devnet', '--bootnodes', '/ip4/127.0.0.1/tcp/7513'], /with \/p2p\//],
    ];
    for (const [flags, message] of cases) {
      const { code, err } = await run(['node', '--data-dir', data, '--no-api', ...flags]);
      assert.equal(code, 2, flags.join(' '));
      assert.match(err.join('\n'), message);
      assert.equal(existsSync(data), false, 'nothing is created for a refused start');
    }
  });
});
