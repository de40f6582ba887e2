/**
 * Fetch between real hosts on 127.0.0.1: hash batches verified per hint, a peer returning bytes that do not hash
 * to what was asked is scored down and another peer answers; active sets on as/1; epoch ATX ids, layer data
 * and malicious ids; no peers; a silent peer times out and the next one answers.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blake3 } from '../../../core/crypto/hash.js';
import { BAD_DATA_PENALTY, FetchError, Fetcher, HINT_ACTIVE_SET, HINT_ATX, PROTOCOL_EPOCH_ATXS, PROTOCOL_HASHES, serveFetch } from '../../../core/fetch/index.js';
import { bytesToHex, utf8 } from '../../../core/util/bytes.js';
import { events, startHost, waitFor } from '../p2p/helpers.js';

/** Blobs whose "id" is blake3(data), like an ATX id over its body. */
const blobs = Array.from({ length: 25 }, (_, i) => utf8(`object ${i}`));
const ids = blobs.map((b) => blake3(b));
const byId = new Map(blobs.map((b, i) => [bytesToHex(ids[i]!), b]));
const verify = (hash: Uint8Array, data: Uint8Array): boolean => bytesToHex(blake3(data)) === bytesToHex(hash);

describe('fetcher', () => {
  it('fetches hashes in batches; a peer with bad bytes is scored down and an honest peer answers', async (t) => {
    const honest = await startHost(t);
    const liar = await startHost(t);
    // Dialled, not bootnodes: a bootnode's score bonus would hide the penalties.
    const asker = await startHost(t);
    await asker.host.dial(honest.host.addrs()[0]!);
    await asker.host.dial(liar.host.addrs()[0]!);
    await serveFetch(honest.host, {
      blobs: { ATXDB: (h) => byId.get(bytesToHex(h)), activeset: (h) => byId.get(bytesToHex(h)) },
      epochAtxIds: (epoch) => (epoch === 3 ? ids.slice(0, 5) : []),
      layerBallots: () => [new Uint8Array(20).fill(1)],
      maliciousIds: () => [new Uint8Array(32).fill(2)],
    });
    // The liar answers every hash with the wrong bytes.
    await serveFetch(liar.host, { blobs: { ATXDB: () => utf8('forged'), activeset: () => utf8('forged') } });
    await waitFor('connections', () => asker.host.connectedPeers().length === 2);
    const fetcher = new Fetcher({ host: asker.host, verifiers: { ATXDB: verify, activeset: verify } });

    const unknown = blake3(utf8('nobody has this'));
    const result = await fetcher.getHashes(HINT_ATX, [...ids, unknown, ids[0]!], { peers: [liar.host.peerId, honest.host.peerId] });
    assert.equal(result.found.size, ids.length);
    for (const [i, id] of ids.entries()) assert.deepEqual(result.found.get(bytesToHex(id)), blobs[i]);
    assert.deepEqual(result.missing.map(bytesToHex), [bytesToHex(unknown)]);
    // Three batches, each tried on the liar first: 3 x -1000 is past -2500, so it lost its connection too.
    await waitFor('liar scored down and dropped', () => asker.host.score(liar.host.peerId) <= -2 * BAD_DATA_PENALTY && !asker.host.connectedPeers().includes(liar.host.peerId));
    assert.ok(events(asker.logs, 'peer_disconnected').some((e) => e.peerId === liar.host.peerId && /^score -\d+ below -2500/.test(String(e.reason))));
    assert.ok(asker.logs.some((l) => l.msg === 'peer penalized' && l.peerId === liar.host.peerId && /does not hash to/.test(String(l.reason))));

    assert.deepEqual(await fetcher.getActiveSet(ids[7]!), blobs[7]);
    const epoch = await fetcher.getEpochAtxIds(3, { peer: honest.host.peerId });
    assert.deepEqual(epoch.atxIds.map(bytesToHex), ids.slice(0, 5).map(bytesToHex));
    assert.deepEqual((await fetcher.getLayerData(9, { peer: honest.host.peerId })).ballots, [new Uint8Array(20).fill(1)]);
    assert.deepEqual((await fetcher.getMaliciousIds({ peer: honest.host.peerId })).nodeIds, [new Uint8Array(32).fill(2)]);

    await assert.rejects(fetcher.getHashes('TXDB', ids), (e: unknown) => e instanceof FetchError && e.code === 'UNKNOWN_HINT');
    assert.equal(HINT_ACTIVE_SET, 'activeset');
  });

  it('moves on from a silent peer after the timeout; no peers is an error', async (t) => {
    const silent = await startHost(t);
    const honest = await startHost(t);
    const asker = await startHost(t, { bootnodes: [...silent.host.addrs(), ...honest.host.addrs()] });
    await silent.host.serve(PROTOCOL_HASHES, () => new Promise<Uint8Array>(() => undefined));
    await silent.host.serve(PROTOCOL_EPOCH_ATXS, () => new Promise<Uint8Array>(() => undefined));
    await serveFetch(honest.host, { blobs: { ATXDB: (h) => byId.get(bytesToHex(h)) }, epochAtxIds: () => ids.slice(0, 2) });
    await waitFor('connections', () => asker.host.connectedPeers().length === 2);
    const fetcher = new Fetcher({ host: asker.host, verifiers: { ATXDB: verify }, timeoutMs: 300 });
    const started = Date.now();
    const result = await fetcher.getHashes(HINT_ATX, ids.slice(0, 3), { peers: [silent.host.peerId, honest.host.peerId] });
    assert.equal(result.found.size, 3);
    assert.ok(Date.now() - started < 3_000);
    // The silent peer is not penalised: slowness is not proof of malice.
    assert.ok(asker.host.score(silent.host.peerId) > -1);
    const epoch = await fetcher.getEpochAtxIds(1);
    assert.equal(epoch.peer, honest.host.peerId);

    const lonely = await startHost(t);
    const none = new Fetcher({ host: lonely.host, verifiers: { ATXDB: verify } });
    await assert.rejects(none.getHashes(HINT_ATX, ids.slice(0, 1)), (e: unknown) => e instanceof FetchError && e.code === 'NO_PEERS');
  });
});
