/**
 * The `lp/2` and `mh/1` servers (core/fetch/server.ts) over a real state.sql mesh (core/node/peerData.ts): a layer's
 * opinion is the aggregated hash of the layer before and the block applied in it; no certificate is served; a layer
 * whose previous layer is not applied is an error, not an empty answer; mesh hashes by range and step, and bad
 * ranges refused.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decode, encode } from '../../../core/codec/index.js';
import { STATE_SCHEMA, openDatabase } from '../../../core/db/index.js';
import { FetchError, LayerOpinion, MeshHashRequest, MeshHashes, OpinionRequest, layerOpinionHandler, meshHashLayers, meshHashesHandler } from '../../../core/fetch/index.js';
import { insertMeshLayer } from '../../../core/mesh/store.js';
import { servedData } from '../../../core/node/peerData.js';
import { GENESIS_OPINION } from '../../../core/tortoise/logic.js';
import { bytesToHex } from '../../../core/util/bytes.js';

const LPE = 4; // effective genesis layer 7
const hash = (n: number): Uint8Array => new Uint8Array(32).fill(n);
const block = new Uint8Array(20).fill(0xb);

function served() {
  const db = openDatabase(':memory:', STATE_SCHEMA);
  insertMeshLayer(db, { layer: 7, blockId: null, decidedBy: 'empty', opinionHash: GENESIS_OPINION });
  insertMeshLayer(db, { layer: 8, blockId: null, decidedBy: 'hare', opinionHash: hash(8) });
  insertMeshLayer(db, { layer: 9, blockId: block, decidedBy: 'hare', opinionHash: hash(9) });
  return servedData(db, LPE);
}

describe('lp/2 and mh/1 served from the mesh', () => {
  it('answers the previous aggregated hash and the applied block; errs where it cannot answer', async () => {
    const deps = served();
    const ask = async (layer: number, b: Uint8Array | null = null) => decode(LayerOpinion, await layerOpinionHandler(deps)('peer', encode(OpinionRequest, { layer, block: b })));
    const nine = await ask(9);
    assert.equal(bytesToHex(nine.prevAggHash), bytesToHex(hash(8)));
    assert.equal(bytesToHex(nine.certified!), bytesToHex(block));
    const eight = await ask(8);
    assert.equal(bytesToHex(eight.prevAggHash), bytesToHex(GENESIS_OPINION), 'up to genesis the hash is zero');
    assert.equal(eight.certified, null);
    assert.equal(bytesToHex((await ask(10)).prevAggHash), bytesToHex(hash(9)), 'the tip: layer 10 not applied, its previous is');
    await assert.rejects(ask(11), (e: unknown) => e instanceof FetchError && e.code === 'NOT_FOUND', 'layer 10 is not applied here');
    await assert.rejects(ask(9, block), (e: unknown) => e instanceof FetchError && e.code === 'NOT_FOUND', 'no certificates');
    await assert.rejects(Promise.resolve().then(() => layerOpinionHandler(deps)('peer', new Uint8Array([0xff]))), (e: unknown) => e instanceof FetchError && e.code === 'MALFORMED');
  });

  it('mesh hashes by range and step, always including the last layer', async () => {
    const deps = served();
    const ask = async (from: number, to: number, step: number) => decode(MeshHashes, await meshHashesHandler(deps)('peer', encode(MeshHashRequest, { from, to, step }))).hashes.map(bytesToHex);
    assert.deepEqual(await ask(5, 9, 2), [GENESIS_OPINION, GENESIS_OPINION, hash(9)].map(bytesToHex));
    assert.deepEqual(meshHashLayers({ from: 1, to: 10, step: 4 }), [1, 5, 9, 10]);
    assert.deepEqual(meshHashLayers({ from: 3, to: 3, step: 1 }), [3]);
    await assert.rejects(Promise.resolve().then(() => meshHashesHandler(deps)('peer', encode(MeshHashRequest, { from: 8, to: 10, step: 1 }))), (e: unknown) => e instanceof FetchError && e.code === 'NOT_FOUND');
    for (const bad of [{ from: 1, to: 5, step: 0 }, { from: 6, to: 5, step: 1 }, { from: 0, to: 5000, step: 1 }]) {
      assert.throws(() => meshHashLayers(bad), (e: unknown) => e instanceof FetchError && e.code === 'BAD_REQUEST', JSON.stringify(bad));
    }
  });
});
