/**
 * A peer that serves a corrupted ATX body during sync (issue #16, docs/protocol/sync.md §5), over real hosts on
 * 127.0.0.1 with the node's real fetch path: the syncer's epoch ATX sync, the fetcher with the node's blob verifiers
 * (core/node/peerData.ts), fetch-before-validate (core/node/foreignData.ts) and the real ATX handler over a real
 * state database (the activation fixture's two valid ATXs, the second built on the first). The corrupting peer lists
 * the right ids but answers each body with a changed coinbase: it does not hash to its id, so nothing of it reaches
 * the handler, the peer is scored down until it is disconnected, and the epoch is asked again. Once an honest peer
 * is there, both ATXs are fetched and validated: the syncing node holds what the honest one serves.
 * @module
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { handleAtx } from '../../../core/activation/handler.js';
import { getAtx } from '../../../core/activation/store.js';
import { ActivationTxV1, atxIdV1 } from '../../../core/activation/wire.js';
import { decode, encode } from '../../../core/codec/index.js';
import type { Executor } from '../../../core/db/database.js';
import { type FetchHost, Fetcher, serveFetch } from '../../../core/fetch/index.js';
import { ForeignData } from '../../../core/node/foreignData.js';
import { blobVerifiers } from '../../../core/node/peerData.js';
import { Syncer } from '../../../core/sync/index.js';
import { GENESIS_OPINION } from '../../../core/tortoise/logic.js';
import { bytesToHex } from '../../../core/util/bytes.js';
import { nullLogger } from '../../../core/util/logger.js';
import { accept } from '../../../core/util/verdict.js';
import { GOLDEN, type World, buildWorld } from '../activation/fixture.js';
import { startHost, waitFor } from '../p2p/helpers.js';

describe('sync: a peer serving a corrupted ATX body', () => {
  let world: World;
  before(async () => {
    world = await buildWorld();
  });
  after(() => world.cleanup());

  it('is scored down and dropped; the ATXs come intact from an honest peer and are validated', async (t) => {
    const atxs = [world.atx1, world.atx2].map((a) => ({ id: atxIdV1(a.inner), bytes: encode(ActivationTxV1, a), epoch: a.inner.challenge.publishEpoch }));
    const byId = new Map(atxs.map((a) => [bytesToHex(a.id), a.bytes]));
    const corrupt = (bytes: Uint8Array): Uint8Array => {
      const atx = decode(ActivationTxV1, bytes);
      return encode(ActivationTxV1, { ...atx, inner: { ...atx.inner, coinbase: atx.inner.coinbase.map((b) => b ^ 0xff) } });
    };
    const epochIds = (epoch: number) => atxs.filter((a) => a.epoch === epoch).map((a) => a.id);

    const honest = await startHost(t);
    const liar = await startHost(t);
    const node = await startHost(t);
    await serveFetch(honest.host, { blobs: { ATXDB: (h) => byId.get(bytesToHex(h)) }, epochAtxIds: epochIds });
    await serveFetch(liar.host, { blobs: { ATXDB: (h) => { const b = byId.get(bytesToHex(h)); return b === undefined ? undefined : corrupt(b); } }, epochAtxIds: epochIds });

    const penalties: Array<{ peer: string; reason: string }> = [];
    const host: FetchHost = {
      request: (peer, protocol, request, options) => node.host.request(peer, protocol, request, options),
      connectedPeers: () => node.host.connectedPeers(),
      penalize(peer, amount, reason) {
        penalties.push({ peer, reason });
        node.host.penalize(peer, amount, reason);
      },
    };
    const fetcher = new Fetcher({ host, verifiers: blobVerifiers(), logger: nullLogger });
    const state: Executor = world.freshState();
    t.after(() => state.close());
    const refused: string[] = [];
    const foreign = new ForeignData({
      state,
      fetcher,
      goldenAtxId: GOLDEN,
      submitAtx(bytes) {
        const verdict = handleAtx(world.handlerDeps(state, 2), bytes);
        if (verdict.kind !== 'accept') refused.push(verdict.error.code);
        return verdict;
      },
      submitTx: () => Promise.resolve(accept(null)),
      logger: nullLogger,
    });
    // Layers 8 on (epoch 2 from layer 8, four layers an epoch): the clock moves a layer a round, so each round asks
    // the epochs' ATX ids again; no layer is ever applied (no peer serves layer data).
    let layer = 13;
    const syncer = new Syncer({
      fetcher,
      peers: () => node.host.connectedPeers(),
      foreign,
      mesh: { lastApplied: () => 7, opinionOf: () => GENESIS_OPINION, applySynced: () => false },
      hasAtx: (id) => getAtx(state, id) !== undefined,
      hasTransaction: () => false,
      isMalicious: () => false,
      checkBallot: () => {
        throw new Error('no ballots here');
      },
      storeReferenceBallot: () => undefined,
      storeBlock: () => undefined,
      submitMalfeasanceProof: () => accept(null),
      currentLayer: () => layer,
      now: () => layer * 4000,
      layersPerEpoch: 4,
      layerDurationMs: 4000,
      logger: nullLogger,
    });

    // The liar alone: its bodies never reach the handler; it is scored down each round until it is disconnected.
    await node.host.dial(liar.host.addrs()[0]!);
    await waitFor('the liar connected', () => node.host.connectedPeers().includes(liar.host.peerId));
    for (let round = 0; round < 6 && node.host.connectedPeers().includes(liar.host.peerId); round++, layer++) await syncer.round();
    assert.ok(penalties.length >= 1 && penalties.every((p) => p.peer === liar.host.peerId), `the liar was scored down: ${JSON.stringify(penalties)}`);
    assert.ok(penalties.every((p) => /hash|verif|does not/i.test(p.reason)), `for bodies that do not match their ids: ${penalties.map((p) => p.reason).join('; ')}`);
    await waitFor('the liar dropped', () => !node.host.connectedPeers().includes(liar.host.peerId));
    assert.deepEqual(refused, [], 'no corrupted body reached the ATX handler');
    t.diagnostic(`the liar was scored down ${penalties.length} times before it was dropped: ${penalties[0]!.reason}`);
    for (const a of atxs) assert.equal(getAtx(state, a.id), undefined, 'nothing stored from the liar');

    // An honest peer: the next round fetches both ATXs intact (the second's previous ATX first) and validates them.
    await node.host.dial(honest.host.addrs()[0]!);
    await waitFor('the honest peer connected', () => node.host.connectedPeers().includes(honest.host.peerId));
    layer++;
    await syncer.round();
    for (const a of atxs) assert.ok(getAtx(state, a.id) !== undefined, `ATX of epoch ${a.epoch} stored`);
    assert.deepEqual(refused, []);
    assert.equal(syncer.status().atxsFetched, 2);
    assert.ok(penalties.every((p) => p.peer !== honest.host.peerId), 'the honest peer is never scored down');
  });
});
