/**
 * The fetch protocols' wire (go-spacemesh `fetch/wire_types.go`, `fetch/fetch.go`, `datastore/store.go`;
 * `docs/protocol/p2p.md §3`): protocol ids, hints, and the SCALE types exactly as go encodes them. Epoch and
 * layer numbers are go's `EpochID`/`LayerID` (uint32, SCALE compact). Pure.
 * @module
 */
import { type Infer, byteSlice, compact32, encode, fixedBytes, option, string, struct, vec } from '../codec/index.js';
import { blake3 } from '../crypto/hash.js';

/** Epoch ATX ids: request `EpochID`, response `EpochData`. */
export const PROTOCOL_EPOCH_ATXS = 'ax/1';
/** Get by hash: request `RequestBatch`, response `ResponseBatch`. */
export const PROTOCOL_HASHES = 'hs/1';
/** Active sets: a one-request `RequestBatch` with hint `activeset`, tried before `hs/1`. */
export const PROTOCOL_ACTIVE_SET = 'as/1';
/** Layer data: request `LayerID`, response `LayerData` (ballot ids). */
export const PROTOCOL_LAYER_DATA = 'ld/1';
/** Malicious identities: empty request, response `MaliciousIDs`. */
export const PROTOCOL_MALICIOUS_IDS = 'ml/1';
/** Layer opinions and certificates: request `OpinionRequest`, response `LayerOpinion`. */
export const PROTOCOL_LAYER_OPINIONS = 'lp/2';
/** Mesh hashes for fork finding: request `MeshHashRequest`, response `MeshHashes`. */
export const PROTOCOL_MESH_HASHES = 'mh/1';

/** go's `datastore.Hint` values: which store a hash is looked up in. */
export const HINTS = ['ballotDB', 'blocksDB', 'proposalDB', 'ATXDB', 'TXDB', 'POETDB', 'malfeasance', 'activeset'] as const;
export type Hint = (typeof HINTS)[number];
export const HINT_BALLOT: Hint = 'ballotDB';
export const HINT_BLOCK: Hint = 'blocksDB';
export const HINT_PROPOSAL: Hint = 'proposalDB';
export const HINT_ATX: Hint = 'ATXDB';
export const HINT_TX: Hint = 'TXDB';
export const HINT_POET: Hint = 'POETDB';
export const HINT_MALFEASANCE: Hint = 'malfeasance';
export const HINT_ACTIVE_SET: Hint = 'activeset';

export function isHint(text: string): text is Hint {
  return (HINTS as readonly string[]).includes(text);
}

/** go's `MaxHashesInReq`, also the `Requests`/`Responses` limit. */
export const MAX_HASHES_IN_REQUEST = 100;
/** go's `EpochData.AtxIDs` / `MaliciousIDs.NodeIDs` limit. */
export const MAX_EPOCH_ATX_IDS = 8_000_000;
/** go's `LayerData.Ballots` limit. */
export const MAX_LAYER_BALLOTS = 2350;
/** go's `ResponseMessage.Data` limit (same as `Response.Data`). */
export const MAX_BLOB_BYTES = 272_629_760;

const hash32 = fixedBytes(32);
const hash20 = fixedBytes(20);

export const EpochIdCodec = compact32;
export const LayerIdCodec = compact32;

export const RequestMessage = struct('RequestMessage', { hint: string(256), hash: hash32 });
export type RequestMessage = Infer<typeof RequestMessage>;

export const ResponseMessage = struct('ResponseMessage', { hash: hash32, data: byteSlice(MAX_BLOB_BYTES) });
export type ResponseMessage = Infer<typeof ResponseMessage>;

export const RequestBatch = struct('RequestBatch', { id: hash32, requests: vec(RequestMessage, MAX_HASHES_IN_REQUEST) });
export type RequestBatch = Infer<typeof RequestBatch>;

export const ResponseBatch = struct('ResponseBatch', { id: hash32, responses: vec(ResponseMessage, MAX_HASHES_IN_REQUEST) });
export type ResponseBatch = Infer<typeof ResponseBatch>;

export const EpochData = struct('EpochData', { atxIds: vec(hash32, MAX_EPOCH_ATX_IDS) });
export type EpochData = Infer<typeof EpochData>;

export const MaliciousIDs = struct('MaliciousIDs', { nodeIds: vec(hash32, MAX_EPOCH_ATX_IDS) });
export type MaliciousIDs = Infer<typeof MaliciousIDs>;

export const LayerData = struct('LayerData', { ballots: vec(hash20, MAX_LAYER_BALLOTS) });
export type LayerData = Infer<typeof LayerData>;

/** `lp/2` request: the layer's opinion, or with `block` the certificate of that block. */
export const OpinionRequest = struct('OpinionRequest', { layer: compact32, block: option(hash20) });
export type OpinionRequest = Infer<typeof OpinionRequest>;

export const LayerOpinion = struct('LayerOpinion', { prevAggHash: hash32, certified: option(hash20) });
export type LayerOpinion = Infer<typeof LayerOpinion>;

export const MeshHashRequest = struct('MeshHashRequest', { from: compact32, to: compact32, step: compact32 });
export type MeshHashRequest = Infer<typeof MeshHashRequest>;

/** Most hashes one `mh/1` answer carries. */
export const MAX_MESH_HASHES = 1000;

export const MeshHashes = struct('MeshHashes', { hashes: vec(hash32, MAX_MESH_HASHES) });
export type MeshHashes = Infer<typeof MeshHashes>;

const RequestList = vec(RequestMessage, MAX_HASHES_IN_REQUEST);

/** go's `batchInfo.setID`: blake3 of the SCALE-encoded request list. */
export function batchId(requests: readonly RequestMessage[]): Uint8Array {
  return blake3(encode(RequestList, [...requests]));
}

/** A request batch with its id. */
export function makeRequestBatch(requests: readonly RequestMessage[]): RequestBatch {
  return { id: batchId(requests), requests: [...requests] };
}

/** 20-byte ids (ballots, proposals, blocks) travel in hash requests as `Hash32`, zero-padded (go's `AsHash32`). */
export function asHash32(id: Uint8Array): Uint8Array {
  if (id.length === 32) return id;
  const out = new Uint8Array(32);
  out.set(id.subarray(0, 32), 0);
  return out;
}

