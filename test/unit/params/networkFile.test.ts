/**
 * Network files: what is written loads back to the same network, overrides change only values the preset has,
 * and every malformed field is refused with its name.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NetworkFileError, formatNetworkFile, parseNetworkFile } from '../../../core/params/networkFile.js';
import { genesisId } from '../../../core/types/genesis.js';

const PEER = '12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo';
const GENESIS_MS = Date.parse('2026-12-07T12:00:00Z');

function sample(overrides: Record<string, unknown> = {}): string {
  return formatNetworkFile({
    name: 'friends',
    preset: 'devnet',
    genesisTimeMs: GENESIS_MS,
    extraData: 'devnet-0a1b2c3d',
    poetServers: ['http://127.0.0.1:10010'],
    bootnodes: [`/ip4/127.0.0.1/tcp/7513/p2p/${PEER}`],
    overrides,
  });
}

function withField(key: string, value: unknown): string {
  return JSON.stringify({ ...JSON.parse(sample()), [key]: value });
}

describe('network file', () => {
  it('round-trips: the parsed preset carries the genesis, PoETs, bootnodes and overrides', () => {
    const def = parseNetworkFile(sample({ layerDurationMs: 5000, poet: { phaseShiftMs: 4000 }, beacon: { mode: 'genesis' } }));
    assert.equal(def.name, 'friends');
    assert.equal(def.genesisTimeMs, GENESIS_MS);
    assert.equal(def.preset.name, 'devnet');
    assert.deepEqual(def.preset.genesis, { time: '2026-12-07T12:00:00Z', extraData: 'devnet-0a1b2c3d' });
    assert.equal(def.preset.layerDurationMs, 5000);
    assert.equal(def.preset.poet.phaseShiftMs, 4000);
    assert.equal(def.preset.poet.cycleGapMs, 30_000, 'a nested override keeps the sibling values');
    assert.deepEqual(def.preset.poet.servers, ['http://127.0.0.1:10010']);
    assert.equal(def.preset.beacon.mode, 'genesis');
    assert.deepEqual(def.preset.p2p.bootnodes, [`/ip4/127.0.0.1/tcp/7513/p2p/${PEER}`]);
    assert.equal(def.preset.p2p.mdns, false);
    assert.equal(def.preset.p2p.enabled, true);
  });

  it('gives every node the same GenesisID, and another extra data another network', () => {
    const a = parseNetworkFile(sample());
    const b = parseNetworkFile(sample());
    const other = parseNetworkFile(withField('genesisExtraData', 'devnet-ffffffff'));
    const id = (d: ReturnType<typeof parseNetworkFile>) => genesisId({ genesisTimeMs: d.genesisTimeMs, extraData: d.preset.genesis.extraData });
    assert.deepEqual(id(a), id(b));
    assert.notDeepEqual(id(a), id(other));
  });

  it('refuses malformed files naming the field, and never half-applies them', () => {
    const cases: Array<[string, RegExp]> = [
      ['not json', /not JSON/],
      ['[]', /JSON object/],
      [withField('format', 'other/1'), /format/],
      [withField('colour', 'blue'), /unknown field "colour"/],
      [withField('preset', 'standalone'), /devnet or testnet/],
      [withField('preset', 'mainnet'), /devnet or testnet/],
      [withField('genesisTime', '2026-12-07T12:00:00.500Z'), /whole seconds/],
      [withField('genesisTime', 'tomorrow'), /genesisTime/],
      [withField('genesisExtraData', ''), /genesisExtraData/],
      [withField('genesisExtraData', 'x'.repeat(256)), /genesisExtraData/],
      [withField('poetServers', ['ftp://poet']), /http or https/],
      [withField('poetServers', 'http://poet'), /list of strings/],
      [withField('bootnodes', ['/ip4/127.0.0.1/tcp/7513']), /bootnode/],
      [withField('mdns', 'yes'), /mdns/],
      [withField('overrides', { layerDuration: 5000 }), /overrides.layerDuration" is not a preset field/],
      [withField('overrides', { poet: { phaseShift: 1 } }), /overrides.poet.phaseShift/],
      [withField('overrides', { layerDurationMs: '5000' }), /non-negative integer/],
      [withField('overrides', { layerDurationMs: 5500 }), /whole seconds/],
      [withField('overrides', { layersPerEpoch: 0 }), /positive/],
      [withField('overrides', { post: { scryptN: 3 } }), /power of two/],
      [withField('overrides', { beacon: { mode: 'coin' } }), /genesis or protocol/],
      [withField('overrides', { genesis: { extraData: 'x' } }), /cannot be overridden/],
      [withField('overrides', { hrp: 'sm' }), /cannot be overridden/],
    ];
    for (const [text, message] of cases) {
      assert.throws(() => parseNetworkFile(text), (err: unknown) => err instanceof NetworkFileError && message.test(err.message), text.slice(0, 80));
    }
  });

  it('writes only files that load', () => {
    assert.throws(() => formatNetworkFile({ name: 'n', preset: 'devnet', genesisTimeMs: GENESIS_MS + 1, extraData: 'e', poetServers: [], bootnodes: [] }), NetworkFileError);
    assert.throws(() => formatNetworkFile({ name: '', preset: 'devnet', genesisTimeMs: GENESIS_MS, extraData: 'e', poetServers: [], bootnodes: [] }), /name/);
  });
});
