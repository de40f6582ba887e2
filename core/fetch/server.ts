/**
 * The serving side of fetch (go-spacemesh `fetch/handler.go`): answers `hs/1`, `as/1`, `ax/1`, `ld/1`, `ml/1`,
 * `lp/2` (layer opinions, docs/protocol/sync.md §3) and `mh/1` (mesh hashes) from lookups the node plugs in, so this module never touches a database. Each handler is a plain
 * `(peer, request) => response` function: a malformed request throws a FetchError, which the p2p server sends
 * back as the response's error string. Hashes the node does not have are left out of the response batch (go
 * does the same); the asker tries another peer. Pure apart from the lookups.
 * @module
 */
import type { RequestHandler, ServeOptions } from '../p2p/server.js';
import { ScaleError, decode, encode } from '../codec/index.js';
import { FetchError } from './errors.js';
import {
  EpochData,
  EpochIdCodec,
  type Hint,
  LayerData,
  LayerIdCodec,
  LayerOpinion,
  MAX_MESH_HASHES,
  MaliciousIDs,
  MeshHashRequest,
  MeshHashes,
  OpinionRequest,
  PROTOCOL_ACTIVE_SET,
  PROTOCOL_EPOCH_ATXS,
  PROTOCOL_HASHES,
  PROTOCOL_LAYER_DATA,
  PROTOCOL_LAYER_OPINIONS,
  PROTOCOL_MALICIOUS_IDS,
  PROTOCOL_MESH_HASHES,
  RequestBatch,
  ResponseBatch,
  type ResponseMessage,
  isHint,
} from './wire.js';

/** Finds the bytes of one object by its hash (`undefined` when the node does not have it). */
export type BlobLookup = (hash: Uint8Array) => Uint8Array | undefined;

export interface FetchServerDeps {
  /** One lookup per hint the node serves; a hint without one is answered as "not here". */
  readonly blobs: Partial<Record<Hint, BlobLookup>>;
  /** ATX ids published in an epoch (`ax/1`). */
  readonly epochAtxIds?: (epoch: number) => readonly Uint8Array[];
  /** Ballot ids of a layer (`ld/1`). */
  readonly layerBallots?: (layer: number) => readonly Uint8Array[];
  /** Identities proven malicious (`ml/1`). */
  readonly maliciousIds?: () => readonly Uint8Array[];
  /** This node's opinion of a layer (`lp/2`): the aggregated hash of the layer before it and the block it applied. */
  readonly layerOpinion?: (layer: number) => LayerOpinion | undefined;
  /** The certificate (SCALE `Certificate`) this node holds for a block of a layer (`lp/2` with a block). */
  readonly certificate?: (layer: number, blockId: Uint8Array) => Uint8Array | undefined;
  /** The aggregated hash of a layer this node applied (`mh/1`), `undefined` when it has not applied it. */
  readonly meshHash?: (layer: number) => Uint8Array | undefined;
}

function decodeRequest<T>(what: string, decodeFn: () => T): T {
  try {
    return decodeFn();
  } catch (err) {
    if (err instanceof ScaleError) throw new FetchError('MALFORMED', `malformed ${what} request: ${err.message}`);
    throw err;
  }
}

/** `hs/1` (any hints) and `as/1` (`onlyHint` = activeset, one request per batch, as go's handler insists). */
export function hashRequestHandler(deps: FetchServerDeps, onlyHint?: Hint): RequestHandler {
  return (_peer, request) => {
    const batch = decodeRequest('hash batch', () => decode(RequestBatch, request));
    if (onlyHint !== undefined && batch.requests.length > 1) throw new FetchError('BAD_REQUEST', `batch of size 1 expected for ${onlyHint}`);
    const responses: ResponseMessage[] = [];
    for (const r of batch.requests) {
      if (onlyHint !== undefined && r.hint !== onlyHint) throw new FetchError('BAD_REQUEST', `bad hint: ${JSON.stringify(r.hint)} (expected ${onlyHint})`);
      if (!isHint(r.hint)) throw new FetchError('UNKNOWN_HINT', `unknown hint ${JSON.stringify(r.hint)}`);
      const data = deps.blobs[r.hint]?.(r.hash);
      // go skips missing and empty blobs (an empty blob is the golden ATX's placeholder).
      if (data === undefined || data.length === 0) continue;
      responses.push({ hash: r.hash, data });
    }
    return encode(ResponseBatch, { id: batch.id, responses });
  };
}

export function epochAtxsHandler(deps: FetchServerDeps): RequestHandler {
  return (_peer, request) => {
    const epoch = decodeRequest('epoch', () => decode(EpochIdCodec, request));
    return encode(EpochData, { atxIds: [...(deps.epochAtxIds?.(epoch) ?? [])] });
  };
}

export function layerDataHandler(deps: FetchServerDeps): RequestHandler {
  return (_peer, request) => {
    const layer = decodeRequest('layer', () => decode(LayerIdCodec, request));
    return encode(LayerData, { ballots: [...(deps.layerBallots?.(layer) ?? [])] });
  };
}

export function maliciousIdsHandler(deps: FetchServerDeps): RequestHandler {
  // go sends an empty request and ignores its content.
  return () => encode(MaliciousIDs, { nodeIds: [...(deps.maliciousIds?.() ?? [])] });
}

/**
 * `lp/2` (go `handleLayerOpinionsReq2`): without a block, the layer's opinion; with one, that block's certificate
 * (docs/protocol/blocks-and-rewards.md §3), or an error when this node holds none.
 */
export function layerOpinionHandler(deps: FetchServerDeps): RequestHandler {
  return (_peer, request) => {
    const req = decodeRequest('layer opinion', () => decode(OpinionRequest, request));
    if (req.block !== null) {
      const cert = deps.certificate?.(req.layer, req.block);
      if (cert === undefined) throw new FetchError('NOT_FOUND', `no certificate for that block of layer ${req.layer}`);
      return cert;
    }
    const opinion = deps.layerOpinion?.(req.layer);
    if (opinion === undefined) throw new FetchError('NOT_FOUND', `no opinion of layer ${req.layer} here yet`);
    return encode(LayerOpinion, opinion);
  };
}

/** `mh/1` (go `handleMeshHashReq`): aggregated hashes of `from`, `from + step`, …, and always `to`. */
export function meshHashesHandler(deps: FetchServerDeps): RequestHandler {
  return (_peer, request) => {
    const req = decodeRequest('mesh hash', () => decode(MeshHashRequest, request));
    const layers = meshHashLayers(req);
    const hashes = layers.map((layer) => {
      const hash = deps.meshHash?.(layer);
      if (hash === undefined) throw new FetchError('NOT_FOUND', `layer ${layer} is not applied here`);
      return hash;
    });
    return encode(MeshHashes, { hashes });
  };
}

/**
 * The layers an `mh/1` request names.
 * @throws {FetchError} BAD_REQUEST for an empty range, a zero step or more than {@link MAX_MESH_HASHES} layers
 */
export function meshHashLayers(req: MeshHashRequest): number[] {
  if (req.step === 0 || req.to < req.from) throw new FetchError('BAD_REQUEST', `bad mesh hash range ${req.from}..${req.to} step ${req.step}`);
  const count = Math.floor((req.to - req.from) / req.step) + ((req.to - req.from) % req.step === 0 ? 1 : 2);
  if (count > MAX_MESH_HASHES) throw new FetchError('BAD_REQUEST', `${count} mesh hashes asked, at most ${MAX_MESH_HASHES}`);
  const layers: number[] = [];
  for (let l = req.from; l < req.to; l += req.step) layers.push(l);
  layers.push(req.to);
  return layers;
}

/**
 * Per-protocol server limits: go's queue sizes (`fetch.DefaultConfig().ServersConfig`) as the in-flight cap.
 * go also rate-limits requests per second; here a peer is held to a few concurrent requests instead.
 */
export const FETCH_SERVE_OPTIONS: Readonly<Record<string, ServeOptions>> = {
  [PROTOCOL_HASHES]: { maxInFlight: 2000, maxPerPeer: 16 },
  [PROTOCOL_ACTIVE_SET]: { maxInFlight: 10, maxPerPeer: 2 },
  [PROTOCOL_EPOCH_ATXS]: { maxInFlight: 10, maxPerPeer: 2 },
  [PROTOCOL_LAYER_DATA]: { maxInFlight: 1000, maxPerPeer: 16 },
  [PROTOCOL_MALICIOUS_IDS]: { maxInFlight: 100, maxPerPeer: 2 },
  [PROTOCOL_LAYER_OPINIONS]: { maxInFlight: 1000, maxPerPeer: 16 },
  [PROTOCOL_MESH_HASHES]: { maxInFlight: 1000, maxPerPeer: 4 },
};

/** Every fetch protocol this node answers, with its handler. */
export function fetchHandlers(deps: FetchServerDeps): Array<{ protocol: string; handler: RequestHandler; options: ServeOptions }> {
  const entry = (protocol: string, handler: RequestHandler): { protocol: string; handler: RequestHandler; options: ServeOptions } => ({
    protocol,
    handler,
    options: FETCH_SERVE_OPTIONS[protocol] ?? {},
  });
  return [
    entry(PROTOCOL_HASHES, hashRequestHandler(deps)),
    entry(PROTOCOL_ACTIVE_SET, hashRequestHandler(deps, 'activeset')),
    entry(PROTOCOL_EPOCH_ATXS, epochAtxsHandler(deps)),
    entry(PROTOCOL_LAYER_DATA, layerDataHandler(deps)),
    entry(PROTOCOL_MALICIOUS_IDS, maliciousIdsHandler(deps)),
    entry(PROTOCOL_LAYER_OPINIONS, layerOpinionHandler(deps)),
    entry(PROTOCOL_MESH_HASHES, meshHashesHandler(deps)),
  ];
}

/** Registers every fetch protocol on a host. */
export async function serveFetch(host: { serve(protocol: string, handler: RequestHandler, options?: ServeOptions): Promise<void> }, deps: FetchServerDeps): Promise<void> {
  for (const { protocol, handler, options } of fetchHandlers(deps)) await host.serve(protocol, handler, options);
}
