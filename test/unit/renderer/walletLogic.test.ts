/**
 * The wallet's pure parts: history filters (kind, direction, status) with their empty states, and which fee
 * choice the confirmation preselects from the dry runs, a fee in SMH, and how far a confirmed send has got.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { HistoryItem } from '../../../core/api/contract/contract.js';
import { FEE_CHOICES, feeInSmh, pickQuote, type FeeQuote } from '../../../renderer/src/logic/fees.js';
import { sentProgress } from '../../../renderer/src/logic/sentProgress.js';
import { NO_FILTER, directionOf, emptyMessage, filterHistory, isFiltered } from '../../../renderer/src/logic/historyFilter.js';

const ITEMS: HistoryItem[] = [
  { kind: 'reward', layer: 10, amount: '500' },
  { kind: 'spawn', layer: 11, status: 'applied', fee: '1' },
  { kind: 'sent', layer: null, status: 'pending', amount: '7', to: 'x' },
  { kind: 'received', layer: 12, status: 'applied', amount: '3', from: 'y' },
  { kind: 'sent', layer: 12, status: 'failed', amount: '9', to: 'x' },
];

describe('history filters', () => {
  it('direction: rewards and received come in; sent and spawn go out', () => {
    assert.deepEqual(
      ITEMS.map(directionOf),
      ['in', 'out', 'out', 'in', 'out'],
    );
  });

  it('filters combine; a row without a status counts as applied', () => {
    assert.equal(filterHistory(ITEMS, NO_FILTER).length, 5);
    assert.deepEqual(
      filterHistory(ITEMS, { ...NO_FILTER, direction: 'in' }).map((i) => i.kind),
      ['reward', 'received'],
    );
    assert.deepEqual(
      filterHistory(ITEMS, { ...NO_FILTER, status: 'applied' }).map((i) => i.kind),
      ['reward', 'spawn', 'received'],
    );
    assert.deepEqual(filterHistory(ITEMS, { kind: 'sent', direction: 'out', status: 'pending' }), [ITEMS[2]]);
    assert.deepEqual(filterHistory(ITEMS, { kind: 'reward', direction: 'out', status: 'all' }), []);
  });

  it('the empty state says "No transactions yet." for an empty history whatever the filters', () => {
    assert.equal(emptyMessage(0, NO_FILTER), 'No transactions yet.');
    assert.equal(emptyMessage(0, { kind: 'sent', direction: 'in', status: 'failed' }), 'No transactions yet.');
  });

  it('otherwise it names what the filters found none of', () => {
    assert.equal(emptyMessage(5, { ...NO_FILTER, status: 'pending' }), 'No pending transactions in this account’s 5 entries.');
    assert.equal(emptyMessage(1, { kind: 'reward', direction: 'out', status: 'failed' }), 'No failed outgoing rewards in this account’s 1 entry.');
    assert.equal(emptyMessage(2, { ...NO_FILTER, direction: 'in' }), 'No incoming transactions in this account’s 2 entries.');
    assert.equal(isFiltered(NO_FILTER), false);
    assert.equal(isFiltered({ ...NO_FILTER, direction: 'out' }), true);
  });
});

describe('fee choice', () => {
  const [normal, fast, priority] = FEE_CHOICES as [(typeof FEE_CHOICES)[number], (typeof FEE_CHOICES)[number], (typeof FEE_CHOICES)[number]];

  it('offers rising gas prices, each saying what it buys', () => {
    assert.deepEqual(
      FEE_CHOICES.map((c) => Number(c.gasPrice)),
      [1, 2, 5],
    );
    for (const c of FEE_CHOICES) assert.ok(c.means.length > 10, c.name);
  });

  it('keeps the wanted choice when the node priced it, else the cheapest priced one, else none', () => {
    const all: FeeQuote<number>[] = [
      { choice: normal, quote: 1 },
      { choice: fast, quote: 2 },
      { choice: priority, quote: 5 },
    ];
    assert.equal(pickQuote(all, '2'), '2');
    const someRefused: FeeQuote<number>[] = [
      { choice: normal, quote: 1 },
      { choice: fast, error: 'insufficient balance' },
      { choice: priority, error: 'insufficient balance' },
    ];
    assert.equal(pickQuote(someRefused, '5'), '1');
    assert.equal(pickQuote(someRefused.slice(1), '1'), null);
  });
});

describe('fee in SMH', () => {
  it('writes smidge as an exact SMH decimal', () => {
    assert.equal(feeInSmh('20000'), '0.00002 SMH');
    assert.equal(feeInSmh('1'), '0.000000001 SMH');
    assert.equal(feeInSmh('0'), '0 SMH');
    assert.equal(feeInSmh('1500000000'), '1.5 SMH');
  });
});

describe('a confirmed send’s progress', () => {
  const spawn = { id: 'aa', method: 'spawn', nonce: '0', fee: '1' } as const;
  const spend = { id: 'bb', method: 'spend', nonce: '1', fee: '1' } as const;

  it('is pending until the history lists every transaction applied', () => {
    assert.equal(sentProgress([spawn, spend], []).overall, 'pending');
    const half = sentProgress([spawn, spend], [{ kind: 'spawn', layer: 4, id: 'aa', status: 'applied' }]);
    assert.equal(half.overall, 'pending');
    assert.deepEqual(
      half.txs.map((t) => [t.status, t.layer]),
      [
        ['applied', 4],
        ['pending', null],
      ],
    );
    const done = sentProgress(
      [spawn, spend],
      [
        { kind: 'spawn', layer: 4, id: 'aa', status: 'applied' },
        { kind: 'sent', layer: 5, id: 'bb', status: 'applied' },
      ],
    );
    assert.equal(done.overall, 'applied');
  });

  it('has failed when any of its transactions failed', () => {
    assert.equal(sentProgress([spawn, spend], [{ kind: 'sent', layer: 5, id: 'bb', status: 'failed' }]).overall, 'failed');
  });
});
