/**
 * The proposal side of consensus for this node's identities: each epoch's eligibilities (computed once, recorded in
 * local.sql, announced), and at each eligible layer one signed proposal, written to local.sql before it is handed
 * to the publisher. A restart in the same layer finds the record and republishes the same bytes: never two ballots
 * for one layer (docs/architecture.md §7). I/O.
 * @module
 */
import { type AtxRow, getAtxBySmesherEpoch } from '../activation/store.js';
import type { Identity } from '../activation/identities.js';
import type { BeaconSource } from '../beacon/index.js';
import type { Executor } from '../db/index.js';
import type { Mempool } from '../mempool/pool.js';
import type { Preset } from '../params/types.js';
import { type ActiveSet, buildActiveSet } from './activeSet.js';
import { buildProposal } from './build.js';
import { type EpochEligibilities, computeEligibilities, eligibilitySlots } from './eligibility.js';
import { getSignedProposal, insertEligibilities, insertSignedProposal, listSignedLayers } from './localStore.js';
import { type Votes, ballotId, decodeProposal, encodeProposal } from './wire.js';
import { type LayerTiming, epochOfLayer, epochStartMs, firstLayerOfEpoch, lastLayerOfEpoch } from '../types/layers.js';
import { bytesToHex, equalBytes } from '../util/bytes.js';
import type { MeshEvent } from '../types/timeline.js';

export interface ProposerDeps {
  readonly state: Executor;
  readonly local: Executor;
  readonly preset: Preset;
  readonly timing: LayerTiming;
  readonly beacon: BeaconSource;
  readonly mempool: Mempool;
  /** The identities smeshing now; read at every layer, since smeshing can start and stop while the node runs. */
  identities(): readonly Identity[];
  now(): number;
  /** The aggregated (mesh) hash of a layer this node applied, or of the last one it applied (the proposal's). */
  meshHash(layer: number): Uint8Array;
  /**
   * This node's votes for a ballot of `layer` from the tortoise (docs/protocol/tortoise.md §2: base ballot,
   * exceptions, opinion hash), or an Error when it cannot encode them (logged there; the ballot is then not built).
   */
  votes(layer: number): { opinionHash: Uint8Array; votes: Votes } | Error;
  publish(bytes: Uint8Array): void;
  emit(event: MeshEvent): void;
}

interface Eligible {
  readonly atx: AtxRow;
  readonly set: ActiveSet;
  readonly eligibilities: EpochEligibilities;
}

export class Proposer {
  readonly #deps: ProposerDeps;
  readonly #sets = new Map<number, ActiveSet | null>();
  readonly #eligible = new Map<string, Eligible | null>();

  constructor(deps: ProposerDeps) {
    this.#deps = deps;
  }

  /**
   * The epoch's active set, or null. Built once the cut-off has passed: ATXs received at least 4·δ (ATX grade
   * delay) before the epoch starts, go-spacemesh's "good" grade (docs/protocol/eligibility.md §3), which also lets the eligibilities be
   * computed and announced before the epoch begins.
   */
  activeSet(epoch: number): ActiveSet | null {
    if (!this.#sets.has(epoch)) {
      const cutoff = epochStartMs(this.#deps.timing, epoch) - 4 * this.#deps.preset.atxGradeDelayMs;
      if (this.#deps.now() < cutoff) return null;
      this.#sets.set(epoch, buildActiveSet(this.#deps.state, epoch, cutoff));
    }
    return this.#sets.get(epoch) ?? null;
  }

  /** An identity's eligibilities in `epoch`, computed on first use and announced. */
  eligibility(identity: Identity, epoch: number): Eligible | null {
    const key = `${bytesToHex(identity.nodeId)}:${epoch}`;
    if (this.#eligible.has(key)) return this.#eligible.get(key)!;
    const { preset, state, local } = this.#deps;
    const set = this.activeSet(epoch);
    // Before the active set's cut-off nothing is decided yet: answer null without remembering it (with short
    // layers, an epoch's last layer can start before the next epoch's cut-off).
    if (set === null && !this.#sets.has(epoch)) return null;
    const atx = getAtxBySmesherEpoch(state, identity.nodeId, epoch - 1);
    const beacon = this.#deps.beacon.beaconOf(epoch);
    if (set === null || atx === undefined || beacon === null || !set.atxIds.some((id) => equalBytes(id, atx.id))) {
      this.#eligible.set(key, null);
      return null;
    }
    const slots = eligibilitySlots({
      weight: BigInt(atx.weight),
      totalWeight: set.totalWeight,
      layerAvgSize: preset.layerAvgSize,
      layersPerEpoch: preset.layersPerEpoch,
      minActiveSetWeight: preset.minActiveSetWeight,
    });
    const eligibilities = computeEligibilities((alpha) => identity.signer.vrfProve(alpha), {
      beacon,
      epoch,
      vrfNonce: BigInt(atx.vrfNonce),
      slots,
      layersPerEpoch: preset.layersPerEpoch,
    });
    const layers = [...eligibilities.byLayer.entries()].sort((a, b) => a[0] - b[0]).map(([layer, proofs]) => ({ layer, count: proofs.length }));
    insertEligibilities(local, { smesherId: identity.nodeId, epoch, atxId: atx.id, weight: BigInt(atx.weight), totalWeight: set.totalWeight, slots, layers });
    const result = { atx, set, eligibilities };
    this.#eligible.set(key, result);
    this.#deps.emit({
      event: 'eligibility',
      smesherId: bytesToHex(identity.nodeId),
      epoch,
      atxId: bytesToHex(atx.id),
      weight: String(atx.weight),
      totalWeight: String(set.totalWeight),
      slots,
      layers,
    });
    return result;
  }

  /**
   * Builds, records and publishes the proposals of every eligible identity for `layer`.
   * @throws rethrows database failures; a failed insert (already signed) means the record is republished instead
   */
  onLayer(layer: number): void {
    const lpe = this.#deps.preset.layersPerEpoch;
    const epoch = epochOfLayer(layer, lpe);
    // In the last layer of an epoch the next epoch's eligibilities are known: compute (and announce) them now, so
    // the next epoch's first layer does not spend its preround on hundreds of VRF proofs.
    if (epoch >= 1 && layer === lastLayerOfEpoch(epoch, lpe)) for (const identity of this.#deps.identities()) this.eligibility(identity, epoch + 1);
    if (epoch < 2) return;
    for (const identity of this.#deps.identities()) {
      const e = this.eligibility(identity, epoch);
      const proofs = e?.eligibilities.byLayer.get(layer);
      if (e === null || proofs === undefined) continue;
      const signed = getSignedProposal(this.#deps.local, identity.nodeId, layer);
      if (signed !== undefined) {
        this.#deps.publish(signed.bytes);
        continue;
      }
      this.#propose(identity, e, layer, proofs);
    }
  }

  #propose(identity: Identity, e: Eligible, layer: number, proofs: NonNullable<ReturnType<EpochEligibilities['byLayer']['get']>>): void {
    const { preset, local } = this.#deps;
    const epoch = e.eligibilities.epoch;
    const earlier = listSignedLayers(local, identity.nodeId, firstLayerOfEpoch(epoch, preset.layersPerEpoch), layer - 1);
    let epochRef: { data: { activeSetHash: Uint8Array; beacon: Uint8Array; eligibilityCount: number } } | { refBallot: Uint8Array };
    if (earlier.length === 0) {
      epochRef = { data: { activeSetHash: e.set.id, beacon: this.#deps.beacon.beaconOf(epoch)!, eligibilityCount: e.eligibilities.slots } };
    } else {
      const first = decodeProposal(getSignedProposal(local, identity.nodeId, earlier[0]!)!.bytes);
      epochRef = { refBallot: ballotId(first.inner.ballot.inner) };
    }
    const votes = this.#deps.votes(layer);
    // No ballot without votes that decode to its opinion: peers would refuse it (the votes source logged why).
    if (votes instanceof Error) return;
    const built = buildProposal(identity.signer, {
      layer,
      atxId: e.atx.id,
      opinionHash: votes.opinionHash,
      votes: votes.votes,
      epoch: epochRef,
      eligibilities: proofs,
      txIds: this.#deps.mempool.selectForProposal(proofs.length * preset.txsPerProposal),
      meshHash: this.#deps.meshHash(layer - 1),
    });
    const bytes = encodeProposal(built.proposal);
    // Persist before publish: local.sql syncs FULL, and its primary key refuses a second ballot for the layer.
    insertSignedProposal(local, { smesherId: identity.nodeId, layer, proposalId: built.id, bytes, signedMs: this.#deps.now() });
    this.#deps.publish(bytes);
    this.#deps.emit({
      event: 'proposal_published',
      smesherId: bytesToHex(identity.nodeId),
      layer,
      proposalId: bytesToHex(built.id),
      eligibilities: proofs.length,
      txs: built.proposal.inner.txIds.length,
    });
  }
}
