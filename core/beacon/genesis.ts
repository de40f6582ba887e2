/**
 * The standalone beacon rule (docs/protocol/beacon.md §2; docs/protocol/standalone.md §2; go-spacemesh `node/node.go launchStandalone`): a
 * one-operator network has nobody to run the beacon protocol against, so the beacon is `GenesisID[0:4]`. go sets
 * it for the first epoch after effective genesis and then runs the protocol with its single participant, whose
 * outcome nobody else can check either; Smesher keeps the genesis value for every epoch, which is as unpredictable
 * to outsiders and removes a protocol round trip from the standalone timeline. Pure.
 * @module
 */
import { abytes } from '../util/assert.js';
import { BEACON_LENGTH, type BeaconSource } from './interface.js';

/** Beacon = GenesisID[0:4] in every epoch. */
export class GenesisBeacon implements BeaconSource {
  readonly #value: Uint8Array;

  /** @throws {TypeError | RangeError} when `genesisId` is not 20 bytes */
  constructor(genesisId: Uint8Array) {
    abytes(genesisId, 20, 'genesisId');
    this.#value = genesisId.slice(0, BEACON_LENGTH);
  }

  beaconOf(epoch: number): Uint8Array {
    if (!Number.isSafeInteger(epoch) || epoch < 0) throw new RangeError(`epoch: expected a non-negative integer, got ${epoch}`);
    return this.#value.slice();
  }
}
