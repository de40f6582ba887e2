/**
 * The beacon port (docs/protocol/beacon.md): the 4-byte per-epoch randomness that seeds ballot eligibility and
 * hare committees. Consumers own this interface; the standalone rule (genesis.ts) and the beacon protocol's driver
 * (driver.ts: proposals, weighted votes, weak coin, adoption from ballots) implement it. Pure (types only).
 * @module
 */

export const BEACON_LENGTH = 4;

/** Where the node gets an epoch's beacon. */
export interface BeaconSource {
  /** The beacon of `epoch`, or null while it is not known yet (a node must not build ballots for that epoch). */
  beaconOf(epoch: number): Uint8Array | null;
}
