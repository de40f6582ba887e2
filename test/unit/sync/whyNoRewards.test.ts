/**
 * The "why no rewards" sync step (renderer/src/logic/whyNoRewards.ts): open while the node catches up, naming the
 * layer, the network's layer and the ETA; open without peers; done when synced or on a network of one. After a
 * missed ATX window (the node was off), the eligibility step is open and names the epoch it is paid again.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NodeStatus, SignedAtxInfo, SyncInfo } from '../../../core/api/contract/contract.js';
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

describe('why no rewards: a missed ATX window', () => {
  const atx = (publishEpoch: number): SignedAtxInfo => ({ smesherId: 'aa', atxId: 'ff', publishEpoch, publishedMs: 1 });
  const status = (paidFromEpoch: number) => ({ network: { currentEpoch: 5 }, identities: [{ smesherId: 'aa', state: 'sleeping', error: null, paidFromEpoch }], sync: null }) as unknown as NodeStatus;
  const step = (paidFromEpoch: number, atxs: SignedAtxInfo[]) =>
    whyNoRewards({ ...facts, status: status(paidFromEpoch), atxCount: atxs.length, rewards: [{ layer: 9 }] as never, atxs }).find((c) => c.id === 'eligible')!;

  it('names the epoch the identity is paid again when it has no ATX for the current epoch', () => {
    const missed = step(7, [atx(1), atx(2), atx(3)]);
    assert.equal(missed.done, false);
    assert.equal(missed.detail, 'No ATX gives weight in epoch 5: its ATX window passed while the node was off or catching up. Paid again from epoch 7.');
  });

  it('says nothing of a window when the identity has weight now, or never had any yet', () => {
    assert.equal(step(5, [atx(3), atx(4)]).done, true, 'an ATX of epoch 4 pays in epoch 5');
    assert.equal(step(6, [atx(5)]).done, true, 'a first ATX pays from the next epoch: nothing was missed');
  });
});
