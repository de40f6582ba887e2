/**
 * `lp/2` served (core/fetch/server.ts layerOpinionHandler, go `handleLayerOpinionsReq2`): without a block the
 * layer's opinion, with a block that block's certificate bytes, and NOT_FOUND for what this node does not hold.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decode, encode } from '../../../core/codec/index.js';
import { LayerOpinion, OpinionRequest } from '../../../core/fetch/index.js';
import { layerOpinionHandler } from '../../../core/fetch/server.js';
import { bytesToHex } from '../../../core/util/bytes.js';

const BLOCK = new Uint8Array(20).fill(7);
const CERT = Uint8Array.of(1, 2, 3, 4);

const handler = layerOpinionHandler({
  blobs: {},
  layerOpinion: (layer) => (layer === 30 ? { prevAggHash: new Uint8Array(32).fill(5), certified: BLOCK } : undefined),
  certificate: (layer, block) => (layer === 30 && bytesToHex(block) === bytesToHex(BLOCK) ? CERT : undefined),
});
const ask = (layer: number, block: Uint8Array | null): Uint8Array | Promise<Uint8Array> => handler('peer', encode(OpinionRequest, { layer, block }));

describe('lp/2 served', () => {
  it('answers the opinion without a block, the certificate with one', async () => {
    const opinion = decode(LayerOpinion, await ask(30, null));
    assert.deepEqual(opinion.certified, BLOCK);
    assert.deepEqual(await ask(30, BLOCK), CERT);
  });

  it('answers NOT_FOUND for a certificate or an opinion it does not hold', () => {
    assert.throws(() => ask(30, new Uint8Array(20).fill(8)), { code: 'NOT_FOUND' });
    assert.throws(() => ask(31, BLOCK), { code: 'NOT_FOUND' });
    assert.throws(() => ask(31, null), { code: 'NOT_FOUND' });
  });
});
