/**
 * Layer/epoch arithmetic against the standalone timeline of docs/protocol/standalone.md §3, and address round trips.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeAddress, encodeAddress, generateAddress } from '../../../core/types/address.js';
import {
  effectiveGenesisLayer,
  epochAt,
  epochOfLayer,
  epochStartMs,
  firstLayerOfEpoch,
  lastLayerOfEpoch,
  layerAt,
  layerStartMs,
} from '../../../core/types/layers.js';

const T = Date.UTC(2024, 0, 1);
const standalone = { genesisTimeMs: T, layerDurationMs: 6000, layersPerEpoch: 10 };

describe('layers', () => {
  it('follows the standalone timeline (docs/protocol/standalone.md)', () => {
    assert.equal(effectiveGenesisLayer(10), 19);
    assert.equal(firstLayerOfEpoch(2, 10), 20);
    assert.equal(lastLayerOfEpoch(1, 10), 19);
    assert.equal(epochStartMs(standalone, 2), T + 120_000);
    assert.equal(layerStartMs(standalone, 20), T + 120_000);
    assert.equal(epochOfLayer(8064, 4032), 2);
  });

  it('maps times to layers, with pre-genesis times in layer 0', () => {
    assert.equal(layerAt(standalone, T - 10_000), 0);
    assert.equal(layerAt(standalone, T + 5_999), 0);
    assert.equal(layerAt(standalone, T + 6_000), 1);
    assert.equal(epochAt(standalone, T + 60_000), 1);
  });

  it('is consistent: a layer starts inside itself and its epoch contains it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), (layer) => {
        const start = layerStartMs(standalone, layer);
        const epoch = epochOfLayer(layer, 10);
        return layerAt(standalone, start) === layer && firstLayerOfEpoch(epoch, 10) <= layer && layer <= lastLayerOfEpoch(epoch, 10);
      }),
    );
  });

  it('rejects layers outside uint32', () => {
    assert.throws(() => epochOfLayer(-1, 10), RangeError);
    assert.throws(() => layerStartMs(standalone, 2 ** 32), RangeError);
  });
});

describe('addresses', () => {
  it('round-trip through bech32 for any 20-byte identity and HRP', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 40 }), fc.constantFrom('sm', 'stest', 'standalone'), (data, hrp) => {
        const address = generateAddress(data);
        assert.deepEqual(decodeAddress(encodeAddress(address, hrp), hrp), address);
      }),
    );
  });

  it('rejects another network, a changed character and mixed case', () => {
    const text = encodeAddress(generateAddress(new Uint8Array(20).fill(7)), 'sm');
    assert.throws(() => decodeAddress(text, 'stest'), /network "sm", expected "stest"/);
    const flipped = text.slice(0, -1) + (text.endsWith('q') ? 'p' : 'q');
    assert.throws(() => decodeAddress(flipped, 'sm'), /not a valid bech32 address/);
    assert.throws(() => decodeAddress(text.slice(0, 5) + text.slice(5).toUpperCase().slice(0, 3) + text.slice(8), 'sm'));
    assert.throws(() => decodeAddress(42, 'sm'), /must be a string/);
  });
});
