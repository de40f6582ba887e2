/**
 * What this node serves to peers and how it checks what peers serve it, per `hs/1` hint: the lookups the fetch
 * server answers from state.sql, and the verifiers the fetcher runs on every blob before anything reads it (a
 * blob is accepted only when it hashes to the id it was asked by: ATX id, PoET proof ref, proposal id, ballot id,
 * transaction id, block id, active-set hash; a malfeasance proof, asked by smesher id, must name that smesher).
 * Plus the id lists of `ax/1`, `ld/1` and `ml/1`, and the mesh's layer opinions (`lp/2`) and aggregated hashes
 * (`mh/1`) that syncing peers ask for (docs/protocol/sync.md §3). I/O: reads state.sql.
 * @module
 */
import { getAtxBlob, getMalfeasance, getPoetProof, listAtxsByEpoch, listMaliciousIds } from '../activation/store.js';
import { ActivationTxV1, atxIdV1 } from '../activation/wire.js';
import { listCertificates } from '../blocks/certStore.js';
import { getBlockBytes } from '../blocks/store.js';
import { InnerBlock, blockId } from '../blocks/wire.js';
import { decode, encode } from '../codec/index.js';
import { blake3 } from '../crypto/hash.js';
import type { Executor } from '../db/index.js';
import type { BlobLookup, BlobVerifier, FetchServerDeps, Hint } from '../fetch/index.js';
import { asHash32 } from '../fetch/index.js';
import { decodeMalfeasanceProof, proofSmesherId } from '../malfeasance/wire.js';
import { decodePoetProof } from '../poet/codec.js';
import { encodePoetProofMessage, verifyPoetProofMessage } from '../poet/proofMessage.js';
import { decodeEpochActiveSet, encodeEpochActiveSet, epochActiveSetId } from '../proposals/activeSetWire.js';
import { getActiveSet, getBallot, getProposal, getProposalByBallot, listProposalsByLayer } from '../proposals/store.js';
import { Ballot, ballotId, decodeProposal, proposalId } from '../proposals/wire.js';
import { equalBytes } from '../util/bytes.js';
import { getTransaction } from '../vm/txStore.js';
import { getMeshLayer } from '../mesh/store.js';
import { GENESIS_OPINION } from '../tortoise/logic.js';
import { effectiveGenesisLayer } from '../types/layers.js';

/** 20-byte ids travel zero-padded to 32 (go `AsHash32`); the first 20 bytes are the id. */
const id20 = (hash: Uint8Array): Uint8Array => hash.subarray(0, 20);

/** The lookups and id lists the fetch server answers from. */
export function servedData(state: Executor, layersPerEpoch?: number): FetchServerDeps {
  const blobs: Partial<Record<Hint, BlobLookup>> = {
    ATXDB: (id) => getAtxBlob(state, id),
    POETDB(ref) {
      const row = getPoetProof(state, ref);
      if (row === undefined) return undefined;
      return encodePoetProofMessage({ serviceId: row.serviceId, round: row.round, statement: row.statement, proof: decodePoetProof(row.proof) });
    },
    proposalDB: (hash) => getProposal(state, id20(hash))?.bytes,
    ballotDB(hash) {
      const row = getProposalByBallot(state, id20(hash));
      if (row !== undefined) return encode(Ballot, decodeProposal(row.bytes).inner.ballot);
      return getBallot(state, id20(hash))?.bytes;
    },
    TXDB: (id) => getTransaction(state, id)?.raw,
    blocksDB: (hash) => getBlockBytes(state, id20(hash)),
    activeset(id) {
      const set = getActiveSet(state, id);
      return set === undefined ? undefined : encodeEpochActiveSet({ epoch: set.epoch, atxIds: set.atxIds });
    },
    /** By smesher id: the stored go-format `MalfeasanceProof` (go `identities.LoadMalfeasanceBlob`). */
    malfeasance: (smesherId) => getMalfeasance(state, smesherId)?.proof,
  };
  return {
    blobs,
    ...(layersPerEpoch === undefined ? {} : meshOpinions(state, layersPerEpoch)),
    epochAtxIds: (epoch) => listAtxsByEpoch(state, epoch).map((a) => a.id),
    layerBallots: (layer) => listProposalsByLayer(state, layer).map((p) => p.ballotId),
    maliciousIds: () => listMaliciousIds(state),
    certificate: (layer, blockId) => listCertificates(state, layer).find((c) => c.cert !== null && equalBytes(c.blockId, blockId))?.cert ?? undefined,
  };
}

/** `lp/2` and `mh/1` from the mesh's decided layers. */
function meshOpinions(state: Executor, layersPerEpoch: number): Pick<FetchServerDeps, 'layerOpinion' | 'meshHash'> {
  const genesis = effectiveGenesisLayer(layersPerEpoch);
  // The mesh's opinion hash chain is this node's aggregated hash (docs/protocol/tortoise.md); genesis and before: zero.
  const meshHash = (layer: number): Uint8Array | undefined => (layer <= genesis ? GENESIS_OPINION : getMeshLayer(state, layer)?.opinionHash);
  return {
    meshHash,
    layerOpinion(layer) {
      const prevAggHash = meshHash(layer - 1);
      if (prevAggHash === undefined) return undefined;
      // No certificates yet: the block this node applied stands for the certified one (docs/protocol/sync.md §3).
      return { prevAggHash, certified: getMeshLayer(state, layer)?.blockId ?? null };
    },
  };
}

/** Checks that a fetched blob is the object its hash names; any decode failure is a mismatch. */
export function blobVerifiers(): Partial<Record<Hint, BlobVerifier>> {
  return {
    ATXDB: (id, data) => equalBytes(atxIdV1(decode(ActivationTxV1, data).inner), id),
    POETDB(ref, data) {
      verifyPoetProofMessage(data, ref);
      return true;
    },
    proposalDB: (hash, data) => equalBytes(asHash32(proposalId(decodeProposal(data).inner)), hash),
    ballotDB: (hash, data) => equalBytes(asHash32(ballotId(decode(Ballot, data).inner)), hash),
    TXDB: (id, data) => equalBytes(blake3(data), id),
    blocksDB: (hash, data) => equalBytes(asHash32(blockId(decode(InnerBlock, data))), hash),
    activeset: (id, data) => equalBytes(epochActiveSetId(decodeEpochActiveSet(data)), id),
    // A proof is asked by the smesher it proves malicious; whether it holds is the malfeasance handler's to judge.
    malfeasance: (smesherId, data) => equalBytes(proofSmesherId(decodeMalfeasanceProof(data).proof), smesherId),
  };
}
