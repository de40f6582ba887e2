/**
 * CSV export: RFC 4180 quoting, formula cells defused, exact SMH text, and the rewards and history exports' columns
 * and order.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HistoryItem, RewardInfo } from '../../../core/api/contract/contract.js';
import { HISTORY_CSV_HEADER, REWARDS_CSV_HEADER, csvField, historyCsv, rewardsCsv, smhText, toCsv } from '../../../renderer/src/logic/csv.js';

const timing = { genesisTimeMs: Date.UTC(2026, 0, 1), layerDurationMs: 6_000, layersPerEpoch: 10 };

describe('CSV export', () => {
  it('quotes only what must be quoted and doubles quotes (RFC 4180)', () => {
    const cases: [string | number | bigint | null | undefined, string][] = [
      ['plain', 'plain'],
      [42, '42'],
      [12345678901234567890n, '12345678901234567890'],
      [null, ''],
      [undefined, ''],
      ['a,b', '"a,b"'],
      ['say "hi"', '"say ""hi"""'],
      ['two\nlines', '"two\nlines"'],
      ['cr\rlf', '"cr\rlf"'],
    ];
    for (const [input, expected] of cases) assert.equal(csvField(input), expected, `field ${JSON.stringify(String(input))}`);
  });

  it('defuses cells a spreadsheet would run as a formula, but not numbers', () => {
    assert.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
    assert.equal(csvField('+1'), "'+1");
    assert.equal(csvField('-1'), "'-1");
    assert.equal(csvField('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvField(-1), '-1', 'a number is data, not a formula');
  });

  it('joins rows with CRLF after every line, header first', () => {
    assert.equal(toCsv(['a', 'b'], [[1, 'x,y'], [2, null]]), 'a,b\r\n1,"x,y"\r\n2,\r\n');
  });

  it('writes SMH exactly from smidge, never through a float', () => {
    assert.equal(smhText('0'), '0');
    assert.equal(smhText('1'), '0.000000001');
    assert.equal(smhText('1500000000'), '1.5');
    assert.equal(smhText('18446744073709551615'), '18446744073.709551615');
    assert.throws(() => smhText('-1'), RangeError);
    assert.throws(() => smhText('1e9'), RangeError);
  });

  it('rewards: oldest first with layer, ISO time, amount, identity and coinbase', () => {
    const r = (layer: number, total: string): RewardInfo => ({ layer, layerTimeMs: timing.genesisTimeMs + layer * 6_000, coinbase: 'sm1qq', smesherId: 'ab'.repeat(32), total, layerReward: total });
    const text = rewardsCsv([r(21, '2000000001'), r(20, '1000000000')]);
    const lines = text.trimEnd().split('\r\n');
    assert.equal(lines[0], REWARDS_CSV_HEADER.join(','));
    assert.equal(lines[1], `20,2026-01-01T00:02:00.000Z,1,1000000000,${'ab'.repeat(32)},sm1qq`);
    assert.equal(lines[2], `21,2026-01-01T00:02:06.000Z,2.000000001,2000000001,${'ab'.repeat(32)},sm1qq`);
  });

  it('history: by layer with pending items last, the layer time, kind, status (applied when none), amounts and the account', () => {
    const items: HistoryItem[] = [
      { kind: 'sent', layer: null, id: 'ff', status: 'pending', amount: '5', fee: '1', to: 'sm1to', nonce: '2' },
      { kind: 'reward', layer: 30, amount: '7' },
      { kind: 'received', layer: 25, id: 'ee', status: 'applied', amount: '9', from: 'sm1from' },
    ];
    const lines = historyCsv(items, 'sm1me', timing).trimEnd().split('\r\n');
    assert.equal(lines[0], HISTORY_CSV_HEADER.join(','));
    assert.equal(lines[1], '25,2026-01-01T00:02:30.000Z,received,applied,0.000000009,9,,sm1from,,sm1me,ee');
    assert.equal(lines[2], '30,2026-01-01T00:03:00.000Z,reward,applied,0.000000007,7,,,,sm1me,');
    assert.equal(lines[3], ',,sent,pending,0.000000005,5,1,,sm1to,sm1me,ff');
  });
});
