/**
 * The beacon a node that missed the protocol adopts from the reference ballots it sees (docs/protocol/beacon.md §7;
 * go-spacemesh `beacon/beacon.go ReportBeaconFromBallot`, `recordBeacon`, `findMajorityBeacon`): each ballot's
 * EpochData beacon is tallied with the ballot's weight (its ATX weight per eligibility times its eligibilities),
 * once per ballot. Once the eligibilities seen reach `syncWeightUnits`, the beacon with more than half the weight
 * wins, else the one with the most. Weights are kept in fixed point (32 fraction bits) where go uses
 * `spacemeshos/fixed`; only the comparisons matter. Pure.
 * @module
 */
import { bytesToHex, hexToBytes } from '../util/bytes.js';

const FRACTION_BITS = 32n;

interface Tally {
  readonly ballots: Set<string>;
  weight: bigint;
  eligibilities: number;
}

export interface BallotBeaconReport {
  readonly epoch: number;
  readonly ballotId: Uint8Array;
  readonly beacon: Uint8Array;
  /** The ballot's ATX weight and the epoch's eligibility count it declared: weight per eligibility = weight / count. */
  readonly atxWeight: bigint;
  readonly eligibilityCount: number;
  /** Eligibility proofs the ballot carries. */
  readonly eligibilities: number;
  /** Set for a reference ballot: what its identity's later ballots of the epoch need to be judged under its beacon. */
  readonly reference?: { readonly layer: number; readonly smesherId: Uint8Array; readonly atxId: Uint8Array };
}

/** A reference ballot reported while its epoch had no beacon (it is not stored then). */
export interface ReportedReference {
  readonly ballotId: Uint8Array;
  readonly beacon: Uint8Array;
  readonly layer: number;
  readonly smesherId: Uint8Array;
  readonly atxId: Uint8Array;
  readonly eligibilityCount: number;
}

export class BallotBeacons {
  readonly #syncWeightUnits: number;
  readonly #byEpoch = new Map<number, Map<string, Tally>>();
  readonly #references = new Map<string, ReportedReference & { readonly epoch: number }>();

  constructor(syncWeightUnits: number) {
    this.#syncWeightUnits = syncWeightUnits;
  }

  /** Counts a ballot's beacon (a ballot counts once). */
  record(r: BallotBeaconReport): void {
    if (r.eligibilityCount <= 0 || r.eligibilities <= 0) return;
    let epoch = this.#byEpoch.get(r.epoch);
    if (epoch === undefined) this.#byEpoch.set(r.epoch, (epoch = new Map<string, Tally>()));
    const key = bytesToHex(r.beacon);
    let t = epoch.get(key);
    if (t === undefined) epoch.set(key, (t = { ballots: new Set(), weight: 0n, eligibilities: 0 }));
    const id = bytesToHex(r.ballotId);
    if (r.reference !== undefined) {
      this.#references.set(id, { epoch: r.epoch, ballotId: r.ballotId, beacon: r.beacon, eligibilityCount: r.eligibilityCount, ...r.reference });
    }
    if (t.ballots.has(id)) return;
    t.ballots.add(id);
    t.weight += ((r.atxWeight << FRACTION_BITS) / BigInt(r.eligibilityCount)) * BigInt(r.eligibilities);
    t.eligibilities += r.eligibilities;
  }

  /** The beacon the ballots agree on for an epoch, or null while too few eligibilities were seen. */
  decide(epoch: number): Uint8Array | null {
    const tallies = this.#byEpoch.get(epoch);
    if (tallies === undefined) return null;
    let total = 0n;
    let units = 0;
    for (const t of tallies.values()) {
      total += t.weight;
      units += t.eligibilities;
    }
    if (units < this.#syncWeightUnits) return null;
    let best: string | null = null;
    let bestWeight = 0n;
    for (const [beacon, t] of tallies) {
      if (2n * t.weight > total) return hexToBytes(beacon);
      if (t.weight > bestWeight) {
        best = beacon;
        bestWeight = t.weight;
      }
    }
    return best === null ? null : hexToBytes(best);
  }

  /** A reference ballot reported earlier (go judges an identity's later ballots by its reference's epoch data). */
  reference(ballotId: Uint8Array): ReportedReference | undefined {
    return this.#references.get(bytesToHex(ballotId));
  }

  /** Forgets epochs before `epoch`. */
  pruneBefore(epoch: number): void {
    for (const e of this.#byEpoch.keys()) if (e < epoch) this.#byEpoch.delete(e);
    for (const [k, r] of this.#references) if (r.epoch < epoch) this.#references.delete(k);
  }
}
