/**
 * core/sync/progress.ts: the sync state from the applied layer and the clock (with the synced node's slack), and
 * the rate and ETA from applied-layer samples, counting the tip that moves on.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ProgressMeter, type SyncState, nextSyncState } from '../../../core/sync/progress.js';

const base = { genesis: 7, hasPeers: true, outOfSyncLayers: 8 };

describe('nextSyncState', () => {
  const table: Array<[SyncState, number, number, boolean, SyncState]> = [
    ['notSynced', 8, -1, false, 'synced'], // at genesis: nothing to catch up on
    ['notSynced', 20, 16, true, 'synced'], // within the synced lag
    ['notSynced', 20, 15, true, 'syncing'],
    ['notSynced', 20, 12, false, 'notSynced'], // behind, nobody to ask
    ['synced', 20, 12, true, 'synced'], // a synced node keeps its slack up to the threshold
    ['synced', 20, 11, true, 'syncing'],
    ['syncing', 20, 14, true, 'syncing'], // a syncing node must come within the lag first
  ];
  for (const [prev, current, applied, hasPeers, expected] of table) {
    it(`${prev}, clock ${current}, applied ${applied}, peers ${hasPeers} -> ${expected}`, () => {
      assert.equal(nextSyncState(prev, { ...base, current, applied, hasPeers }), expected);
    });
  }
});

describe('ProgressMeter', () => {
  it('measures layers per second and an ETA that accounts for the moving tip', () => {
    const meter = new ProgressMeter(4000);
    assert.equal(meter.rate(), null);
    assert.equal(meter.etaSeconds(10), null);
    meter.record(0, 10);
    meter.record(1000, 10); // nothing moved: no sample
    meter.record(2000, 12);
    assert.equal(meter.rate(), 1);
    // Closing at 1 - 0.25 layers a second.
    assert.equal(meter.etaSeconds(6), 8);
    assert.equal(meter.etaSeconds(0), 0);
    meter.reset();
    assert.equal(meter.rate(), null);
  });

  it('no ETA when the rate does not outrun the clock', () => {
    const meter = new ProgressMeter(1000);
    meter.record(0, 0);
    meter.record(4000, 2);
    assert.equal(meter.etaSeconds(5), null);
  });
});
