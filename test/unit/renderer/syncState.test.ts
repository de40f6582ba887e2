/**
 * The node's sync state in words: unknown while disconnected, standalone said plainly where the preset has no
 * peer-to-peer network, waiting without peers, following with some.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { syncState } from '../../../renderer/src/logic/syncState.js';

describe('sync state', () => {
  it('reads the connection and the peers, never more', () => {
    assert.equal(syncState('unreachable', { kind: 'list', list: [] }).kind, 'unknown');
    assert.equal(syncState('connected', null).kind, 'unknown');
    const standalone = syncState('connected', { kind: 'unavailable', message: 'no p2p' });
    assert.equal(standalone.kind, 'standalone');
    assert.match(standalone.label, /standalone/);
    assert.equal(syncState('connected', { kind: 'list', list: [] }).kind, 'no_peers');
    const following = syncState('connected', { kind: 'list', list: [{ id: 'a', address: '/ip4/1.2.3.4' }, { id: 'b', address: '/ip4/5.6.7.8' }] });
    assert.equal(following.kind, 'synced');
    assert.match(following.label, /2 peer/);
  });
});
