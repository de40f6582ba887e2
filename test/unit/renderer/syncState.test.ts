/**
 * The node's sync state in words: unknown while disconnected or before the facts arrive; "not following layers"
 * where the node runs no consensus; waiting without peers; behind when the node says it is out of step; in step
 * otherwise, standalone said plainly, with too few peers to smesh said too. The status's p2p facts (peer count,
 * minimum, null on standalone) decide without the peer list; the list stands in for a status without them. The
 * detail names the layers it read, genesis layers included.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { P2pStatus } from '../../../core/api/contract/contract.js';
import { type Peers, syncState } from '../../../renderer/src/logic/syncState.js';

const STANDALONE: Peers = { kind: 'unavailable', message: 'no p2p' };
const TWO_PEERS: Peers = { kind: 'list', list: [
  { id: 'a', address: '/ip4/1.2.3.4', direction: 'inbound', latencyMs: 3, score: 0 },
  { id: 'b', address: '/ip4/5.6.7.8', direction: 'outbound', latencyMs: null, score: 0 },
] };
/** node.status.p2p with `peers` peers against a minimum of 3. */
const p2p = (peers: number): P2pStatus => ({ peerId: '12D3KooWself', addrs: [], peers, minPeers: 3, connected: peers >= 3 });
/** The facts as node.status gives them, with the node's own 10-layer verdict. */
const at = (currentLayer: number, appliedLayer: number) => ({
  currentLayer,
  mesh: { appliedLayer, verifiedLayer: appliedLayer - 1, inStep: currentLayer - appliedLayer <= 10, outOfSyncLayers: 10 },
});

describe('sync state', () => {
  it('is unknown while disconnected or before the peers and the status arrived', () => {
    assert.equal(syncState('unreachable', TWO_PEERS, at(40, 39)).kind, 'unknown');
    assert.equal(syncState('connecting', STANDALONE, at(40, 39)).kind, 'unknown');
    assert.equal(syncState('connected', null, at(40, 39)).label, 'checking…');
    assert.equal(syncState('connected', STANDALONE, null).label, 'checking…');
  });

  it('says so when the node runs no consensus for its preset, whatever the peers', () => {
    const state = syncState('connected', TWO_PEERS, { currentLayer: 40, mesh: null });
    assert.equal(state.kind, 'no_mesh');
    assert.match(state.detail, /beacon protocol/);
  });

  it('waits for peers on a peer-to-peer preset with none', () => {
    assert.equal(syncState('connected', { kind: 'list', list: [] }, at(40, 39)).kind, 'no_peers');
  });

  it('follows the node’s verdict: in step or so many layers behind, with the layers it read in the detail', () => {
    const inStep = syncState('connected', STANDALONE, at(40, 37));
    assert.equal(inStep.kind, 'standalone');
    assert.equal(inStep.label, 'in step (standalone)');
    assert.match(inStep.detail, /Applied layer 37; the clock is at layer 40/);
    const behind = syncState('connected', STANDALONE, at(40, 29));
    assert.equal(behind.kind, 'behind');
    assert.equal(behind.label, '11 layers behind');
    assert.match(behind.detail, /past 10 layers/);
    const following = syncState('connected', TWO_PEERS, at(40, 39));
    assert.equal(following.kind, 'synced');
    assert.equal(following.label, 'in step, 2 peer(s)');
    assert.equal(syncState('connected', TWO_PEERS, at(40, 10)).kind, 'behind');
  });

  it('in the genesis layers the applied layer is ahead of the clock, and that is in step', () => {
    const genesis = syncState('connected', STANDALONE, at(12, 19));
    assert.equal(genesis.kind, 'standalone');
    assert.match(genesis.detail, /inside the genesis layers \(up to 19\): nothing to apply yet/);
  });

  it('takes the peer count and standalone from the status’s p2p facts, without waiting for the peer list', () => {
    const withP2p = (p: P2pStatus | null, currentLayer = 40, applied = 39) => ({ ...at(currentLayer, applied), p2p: p });
    // No list yet: the status alone decides.
    assert.equal(syncState('connected', null, withP2p(null)).kind, 'standalone');
    assert.equal(syncState('connected', null, withP2p(p2p(0))).kind, 'no_peers');
    assert.equal(syncState('connected', null, withP2p(p2p(4))).label, 'in step, 4 peer(s)');
    // The status wins over a list that lags it: no peers now, whatever the last list said.
    assert.equal(syncState('connected', TWO_PEERS, withP2p(p2p(0))).kind, 'no_peers');
    assert.equal(syncState('connected', { kind: 'list', list: [] }, withP2p(p2p(5))).kind, 'synced');
    // No mesh still comes first, and disconnected is still unknown.
    assert.equal(syncState('connected', null, { currentLayer: 40, mesh: null, p2p: p2p(0) }).kind, 'no_mesh');
    assert.equal(syncState('unreachable', null, withP2p(p2p(4))).kind, 'unknown');
    // Behind is behind, with peers or not enough of them.
    assert.equal(syncState('connected', null, withP2p(p2p(1), 40, 20)).kind, 'behind');
  });

  it('in step with fewer peers than the network’s minimum says so', () => {
    const few = syncState('connected', TWO_PEERS, { ...at(40, 39), p2p: p2p(2) });
    assert.equal(few.kind, 'few_peers');
    assert.equal(few.label, 'in step, 2 of 3 peers');
    assert.match(few.detail, /Applied layer 39; the clock is at layer 40\. .*2 peer\(s\), fewer than the 3 this network wants for smeshing/);
    const enough = syncState('connected', TWO_PEERS, { ...at(40, 39), p2p: p2p(3) });
    assert.equal(enough.kind, 'synced');
    assert.equal(enough.label, 'in step, 3 peer(s)');
  });
});
