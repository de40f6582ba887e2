/**
 * The "why no rewards" sync step (renderer/src/logic/whyNoRewards.ts): open while the node catches up, naming the
 * layer, the network's layer and the ETA; open without peers; done when synced or on a network of one.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NodeStatus, SyncInfo } from '../../../core/api/contract/contract.js';
import { whyNoRewards } from '../../../renderer/src/logic/whyNoRewards.js';

const facts = { progress: [], events: [], atxCount: 0, upcoming: [], rewards: [] };
const sync = (s: Partial<SyncInfo>): SyncInfo => ({ state: 'syncing', layer: 40, peersLayer: 100, layersPerSecond: 2, etaSeconds: 35, atxsFetched: 12, peers: 3, ...s });
const stepOf = (status: Partial<NodeStatus>) => whyNoRewards({ status: { identities: [], ...status } as unknown as NodeStatus, ...facts }).find((c) => c.id === 'sync')!;

describe('why no rewards: catching up', () => {
  it('names catching up with the layer reached and the ETA while syncing', () => {
    const step = stepOf({ sync: sync({}) });
    assert.equal(step.done, false);
    assert.match(step.detail, /^Catching up with the network: layer 40 of 100, about 35 s left\. It publishes no ATX or ballot/);
  });

  it('says when no peer is there to catch up from; done when synced or on a network of one', () => {
    assert.match(stepOf({ sync: sync({ state: 'notSynced' }) }).detail, /no peer to catch up from/);
    assert.equal(stepOf({ sync: sync({ state: 'synced', etaSeconds: 0 }) }).done, true);
    assert.equal(stepOf({ sync: null }).done, true);
  });
});
