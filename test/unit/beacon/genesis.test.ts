/**
 * The beacon a preset asks for (docs/protocol/beacon.md §2): the standalone rule is GenesisID[0:4] in every epoch;
 * the protocol mode gives the protocol driver, whose first epochs carry the same bootstrap value.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BeaconDriver, createBeacon, protocolDurationMs } from '../../../core/beacon/index.js';
import { EdVerifier } from '../../../core/crypto/ed25519.js';
import { STATE_SCHEMA, openDatabase } from '../../../core/db/database.js';
import { devnet, standalone, testnet } from '../../../core/params/presets.js';
import { hexToBytes } from '../../../core/util/bytes.js';
import { FakeClock } from '../../../core/util/clock.js';
import { nullLogger } from '../../../core/util/logger.js';

const ID = hexToBytes('3fd8c508c7b242399efb1ce31e928b6082c21050');

function protocolDeps(layersPerEpoch: number): Parameters<typeof createBeacon>[2] {
  return {
    clock: new FakeClock(0),
    timing: { genesisTimeMs: 0, layerDurationMs: 1000, layersPerEpoch },
    state: openDatabase(':memory:', STATE_SCHEMA),
    verifier: new EdVerifier(ID),
    logger: nullLogger,
    miners: () => [],
    participants: () => [],
    publish: () => undefined,
  };
}

describe('beacon', () => {
  it('is GenesisID[0:4] in every epoch in standalone', () => {
    const b = createBeacon(standalone.beacon, ID, protocolDeps(standalone.layersPerEpoch));
    assert.equal(b.mode, 'genesis');
    assert.deepEqual(b.source.beaconOf(2), hexToBytes('3fd8c508'));
    assert.deepEqual(b.source.beaconOf(50), hexToBytes('3fd8c508'));
  });

  it('runs the protocol where the preset asks for it, with the bootstrap value up to effective genesis + 1', () => {
    const b = createBeacon(testnet.beacon, ID, protocolDeps(testnet.layersPerEpoch));
    assert.equal(b.mode, 'protocol');
    assert.ok(b.source instanceof BeaconDriver);
    assert.deepEqual(b.source.beaconOf(2), hexToBytes('3fd8c508'));
    assert.equal(b.source.beaconOf(3), null);
  });

  it('fits the devnet and testnet presets\' protocol in their epochs', () => {
    for (const p of [devnet, testnet]) {
      assert.equal(p.beacon.mode, 'protocol');
      assert.ok(protocolDurationMs(p.beacon) < p.layerDurationMs * p.layersPerEpoch, `${p.name}: ${protocolDurationMs(p.beacon)} ms`);
    }
    assert.equal(protocolDurationMs(devnet.beacon), 24_000);
  });
});
