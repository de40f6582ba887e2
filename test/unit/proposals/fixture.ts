/**
 * A small proposal world for handler, fuzz and peer-data tests: an in-memory state DB holding one identity's ATX
 * (weight 40, as a bare row: the proposal handler reads rows, never the ATX blob) and the epoch's active set, that
 * identity's eligibilities for epoch 2, and a draft builder that signs a valid proposal for its first eligible
 * layer with the real builder.
 * @module
 */
import { insertAtx } from '../../../core/activation/store.js';
import { EdSigner, EdVerifier } from '../../../core/crypto/ed25519.js';
import { type Executor, STATE_SCHEMA, openDatabase } from '../../../core/db/database.js';
import { standalone } from '../../../core/params/presets.js';
import { type ActiveSet, buildActiveSet } from '../../../core/proposals/activeSet.js';
import { type BuiltProposal, type ProposalDraft, buildProposal } from '../../../core/proposals/build.js';
import { computeEligibilities, eligibilitySlots } from '../../../core/proposals/eligibility.js';
import type { ProposalHandlerDeps } from '../../../core/proposals/handler.js';
import { multipleBallotsProof, recordProof } from '../../../core/malfeasance/index.js';
import { EMPTY_ID20, type VotingEligibility, type decodeProposal } from '../../../core/proposals/wire.js';

export const GENESIS = new Uint8Array(20).fill(3);
export const BEACON = GENESIS.slice(0, 4);
export const EPOCH = 2;

export interface ProposalWorld {
  readonly db: Executor;
  readonly signer: EdSigner;
  readonly atxId: Uint8Array;
  readonly set: ActiveSet;
  readonly deps: ProposalHandlerDeps;
  /** A valid, signed proposal for `layer` listing `txIds`. */
  readonly draft: (txIds?: Uint8Array[]) => BuiltProposal;
  readonly layer: number;
  readonly slots: number;
}

const signer = new EdSigner(new Uint8Array(32).fill(5), GENESIS);
/** Eligibilities per expected layer size: computing them is the slow part (one VRF proof per slot). */
const eligibilities = new Map<number, { slots: number; layer: number; proofs: VotingEligibility[] }>();

/**
 * A fresh world in its own in-memory database. `layerAvgSize` (default 50: 500 slots, about 50 proofs per
 * proposal) sets how many eligibility proofs a proposal carries, and so what validating one costs.
 */
export function proposalWorld({ layerAvgSize = 50 }: { layerAvgSize?: number } = {}): ProposalWorld {
  const db = openDatabase(':memory:', STATE_SCHEMA);
  const atx = {
    id: new Uint8Array(32).fill(9),
    publishEpoch: EPOCH - 1,
    smesherId: signer.publicKey,
    sequence: 0,
    prevId: new Uint8Array(32),
    positioningId: new Uint8Array(32),
    commitmentId: new Uint8Array(32),
    coinbase: new Uint8Array(24),
    numUnits: 1,
    effectiveNumUnits: 1,
    baseTickHeight: 0,
    tickCount: 40,
    weight: 40,
    vrfNonce: 17,
    receivedMs: 0,
  };
  insertAtx(db, atx, new Uint8Array([1]));
  const set = buildActiveSet(db, EPOCH, 1)!;
  let elig = eligibilities.get(layerAvgSize);
  if (elig === undefined) {
    const slots = eligibilitySlots({ weight: 40n, totalWeight: set.totalWeight, layerAvgSize, layersPerEpoch: 10, minActiveSetWeight: 0 });
    const all = computeEligibilities((a) => signer.vrfProve(a), { beacon: BEACON, epoch: EPOCH, vrfNonce: 17n, slots, layersPerEpoch: 10 });
    const [layer, proofs] = [...all.byLayer.entries()][0]!;
    elig = { slots, layer, proofs: [...proofs] };
    eligibilities.set(layerAvgSize, elig);
  }
  const { slots, layer, proofs } = elig;
  const draft = (txIds: Uint8Array[] = []): BuiltProposal =>
    buildProposal(signer, {
      layer,
      atxId: atx.id,
      opinionHash: new Uint8Array(32),
      votes: { base: EMPTY_ID20, support: [], against: [], abstain: [] },
      epoch: { data: { activeSetHash: set.id, beacon: BEACON, eligibilityCount: slots } },
      eligibilities: proofs,
      txIds,
      meshHash: new Uint8Array(32),
    });
  const deps: ProposalHandlerDeps = {
    db,
    verifier: new EdVerifier(GENESIS),
    params: { layersPerEpoch: 10, layerAvgSize, minActiveSetWeight: 0, txsPerProposal: standalone.txsPerProposal },
    beaconOf: () => BEACON,
    currentLayer: () => 29,
    now: () => 1,
    // As the node wires it: a go-format MultipleBallots proof, stored.
    onDoubleBallot: (first, second) => void recordProof(db, multipleBallotsProof(first, second), 1),
  };
  return { db, signer, atxId: atx.id, set, deps, draft, layer, slots };
}

/** The draft a decoded proposal was built from (to rebuild it with one thing changed). */
export function draftOf(p: ReturnType<typeof decodeProposal>): ProposalDraft {
  const b = p.inner.ballot;
  return {
    layer: b.inner.layer,
    atxId: b.inner.atxId,
    opinionHash: b.inner.opinionHash,
    votes: b.votes,
    epoch: { data: b.inner.epochData! },
    eligibilities: b.eligibilityProofs,
    txIds: p.inner.txIds,
    meshHash: p.inner.meshHash,
  };
}
