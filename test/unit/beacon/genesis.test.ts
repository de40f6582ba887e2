/**
 * The standalone beacon rule (docs/protocol/beacon.md §2; docs/protocol/standalone.md §2): GenesisID[0:4]; the protocol mode is refused with a code.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BeaconError, createBeacon } from '../../../core/beacon/index.js';
import { standalone, testnet } from '../../../core/params/presets.js';
import { hexToBytes } from '../../../core/util/bytes.js';

describe('beacon', () => {
  it('is GenesisID[0:4] in standalone', () => {
    const id = hexToBytes('3fd8c508c7b242399efb1ce31e928b6082c21050');
    assert.deepEqual(createBeacon(standalone.beacon, id).beaconOf(2), hexToBytes('3fd8c508'));
    assert.throws(() => createBeacon(testnet.beacon, id), (e: unknown) => e instanceof BeaconError && e.code === 'UNSUPPORTED_MODE');
  });
});
