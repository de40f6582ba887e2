/**
 * Beacon: the port and the implementations a preset can choose.
 * @module
 */
import type { BeaconParams } from '../params/types.js';
import { BeaconError } from './errors.js';
import { GenesisBeacon } from './genesis.js';
import type { BeaconSource } from './interface.js';

export { BeaconError, type BeaconErrorCode } from './errors.js';
export { GenesisBeacon } from './genesis.js';
export { BEACON_LENGTH, type BeaconSource } from './interface.js';

/**
 * The beacon source a preset asks for.
 * @throws {BeaconError} UNSUPPORTED_MODE for `protocol`: the multi-node beacon protocol is not built yet, and a
 *   node that guessed a beacon would build ballots no peer accepts
 */
export function createBeacon(params: BeaconParams, genesisId: Uint8Array): BeaconSource {
  if (params.mode === 'genesis') return new GenesisBeacon(genesisId);
  throw new BeaconError('UNSUPPORTED_MODE', `beacon mode ${params.mode} is not available in this build; use a preset with mode 'genesis'`);
}
