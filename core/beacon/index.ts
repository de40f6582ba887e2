/**
 * Beacon: the port and the implementations a preset can choose (docs/protocol/beacon.md).
 * @module
 */
import type { BeaconParams } from '../params/types.js';
import { BeaconDriver, type BeaconDriverDeps } from './driver.js';
import { GenesisBeacon } from './genesis.js';

export { BeaconError, type BeaconErrorCode } from './errors.js';
export { GenesisBeacon } from './genesis.js';
export { BEACON_LENGTH, type BeaconSource } from './interface.js';
export { BeaconDriver, type BeaconDriverDeps, type BeaconTopicKind, protocolDurationMs } from './driver.js';
export type { BeaconMiner } from './protocol.js';
export type { BallotBeaconReport, ReportedReference } from './fromBallots.js';
export { sqlSignedBeaconLog } from './localStore.js';

/** What a beacon source can be: the fixed genesis value, or the protocol driver (which also takes messages). */
export type Beacon = { readonly mode: 'genesis'; readonly source: GenesisBeacon } | { readonly mode: 'protocol'; readonly source: BeaconDriver };

/**
 * The beacon source a preset asks for: `genesis` (one operator) or `protocol` (the beacon protocol, which needs
 * the node's clock, identities, ATXs and publisher).
 */
export function createBeacon(params: BeaconParams, genesisId: Uint8Array, protocol: Omit<BeaconDriverDeps, 'params' | 'genesisId'>): Beacon {
  if (params.mode === 'genesis') return { mode: 'genesis', source: new GenesisBeacon(genesisId) };
  return { mode: 'protocol', source: new BeaconDriver({ ...protocol, params, genesisId }) };
}
