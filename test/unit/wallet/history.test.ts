/**
 * Account history from node records: classification from the raw bytes, fees, ordering, and JSON form.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EdSigner } from '../../../core/crypto/ed25519.js';
import { encodeAddress } from '../../../core/types/address.js';
import { walletPrincipal } from '../../../core/types/templates.js';
import { buildHistory, historyEntryToJson } from '../../../core/wallet/history.js';
import { buildSelfSpawn, buildSpend } from '../../../core/wallet/tx.js';

const genesis = new Uint8Array(20).fill(5);
const me = new EdSigner(new Uint8Array(32).fill(11), genesis);
const friend = new EdSigner(new Uint8Array(32).fill(12), genesis);
const mine = walletPrincipal(me.publicKey);
const theirs = walletPrincipal(friend.publicKey);
const stranger = walletPrincipal(new Uint8Array(32).fill(13));

describe('buildHistory', () => {
  it('classifies, prices and orders transactions and rewards', () => {
    const spawn = buildSelfSpawn(me, { nonce: 0n, gasPrice: 2n });
    const sent = buildSpend(me, { nonce: 1n, gasPrice: 2n, destination: theirs, amount: 7n });
    const received = buildSpend(friend, { nonce: 4n, gasPrice: 1n, destination: mine, amount: 9n });
    const failedIncoming = buildSpend(friend, { nonce: 5n, gasPrice: 1n, destination: mine, amount: 99n });
    const unrelated = buildSpend(friend, { nonce: 6n, gasPrice: 1n, destination: stranger, amount: 1n });
    const pending = buildSpend(me, { nonce: 2n, gasPrice: 1n, destination: mine, amount: 3n });
    const history = buildHistory(
      mine,
      [
        { raw: spawn.raw, status: 'applied', layer: 20 },
        { raw: sent.raw, status: 'applied', layer: 22 },
        { raw: received.raw, status: 'applied', layer: 21 },
        { raw: failedIncoming.raw, status: 'failed', layer: 23 },
        { raw: unrelated.raw, status: 'applied', layer: 23 },
        { raw: new Uint8Array([1, 2, 3]), status: 'applied', layer: 24 },
        { raw: pending.raw, status: 'pending', layer: null },
      ],
      [{ layer: 21, total: 500n, layerReward: 480n }],
    );
    assert.deepEqual(
      history.map((e) => [e.kind, e.layer]),
      [['sent', null], ['sent', 22], ['received', 21], ['reward', 21], ['spawn', 20]],
    );
    const [toSelf, out, incoming, reward, spawned] = history;
    assert.ok(toSelf?.kind === 'sent' && toSelf.status === 'pending' && toSelf.amount === 3n);
    assert.ok(out?.kind === 'sent' && out.fee === sent.fee && out.nonce === 1n);
    assert.deepEqual(out.id, sent.id);
    assert.ok(incoming?.kind === 'received' && incoming.amount === 9n);
    assert.deepEqual(incoming.from, theirs);
    assert.ok(reward?.kind === 'reward' && reward.amount === 500n);
    assert.ok(spawned?.kind === 'spawn' && spawned.fee === spawn.fee);
    assert.deepEqual(historyEntryToJson(out, 'sm'), {
      kind: 'sent',
      layer: 22,
      id: Buffer.from(sent.id).toString('hex'),
      status: 'applied',
      amount: '7',
      fee: sent.fee.toString(),
      nonce: '1',
      to: encodeAddress(theirs, 'sm'),
    });
    assert.deepEqual(historyEntryToJson(reward, 'sm'), { kind: 'reward', layer: 21, amount: '500' });
  });
});
