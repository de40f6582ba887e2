/**
 * The asking side of fetch (go-spacemesh `fetch/fetch.go`, `fetch/mesh_data.go`): objects by hash in batches
 * (`hs/1`, active sets on `as/1`), epoch ATX ids (`ax/1`), layer ballots (`ld/1`), malicious ids (`ml/1`), layer
 * opinions (`lp/2`) and mesh hashes (`mh/1`).
 *
 * Every blob a peer returns is checked against the hash it was asked for before anything else sees it. What
 * "hashes to" means depends on the hint (an ATX's id, a PoET proof's ref, a transaction's id), so the node
 * plugs in one verifier per hint; a hint without a verifier is never fetched, so no unchecked bytes get through.
 * A peer that returns a blob that fails its check, a blob it was not asked for, a batch with the wrong id or
 * bytes that do not decode loses score (`penalize`), its whole answer is dropped, and the missing hashes are
 * asked of the next peer. A peer that simply lacks a hash (or times out, or errs) is not penalised.
 * @module
 */
import { ScaleError, decode, encode } from '../codec/index.js';
import type { RequestOptions } from '../p2p/client.js';
import { bytesToHex } from '../util/bytes.js';
import { errorMessage } from '../util/errors.js';
import { type Logger, nullLogger } from '../util/logger.js';
import { FetchError } from './errors.js';
import {
  EpochData,
  EpochIdCodec,
  HINT_ACTIVE_SET,
  type Hint,
  LayerData,
  LayerIdCodec,
  LayerOpinion,
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
  makeRequestBatch,
} from './wire.js';

/** True when `data` is the object whose hash (id, ref) is `hash`. Exceptions count as false. */
export type BlobVerifier = (hash: Uint8Array, data: Uint8Array) => boolean;

/** What the fetcher needs from the p2p host. */
export interface FetchHost {
  request(peer: string, protocol: string, request: Uint8Array, options?: RequestOptions): Promise<Uint8Array>;
  connectedPeers(): string[];
  penalize(peer: string, amount: number, reason: string): void;
}

export interface FetcherOptions {
  readonly host: FetchHost;
  readonly verifiers: Partial<Record<Hint, BlobVerifier>>;
  readonly logger?: Logger;
  /** Hashes per request (go's `BatchSize`, 10). */
  readonly batchSize?: number;
  /** Peers asked per batch or request before giving up (default 5). */
  readonly maxPeers?: number;
  /** Per request (default 25 s, go's `RequestTimeout`). */
  readonly timeoutMs?: number;
  /** Largest `hs/1` response accepted (default 16 MiB). */
  readonly maxBatchResponseBytes?: number;
  /** Largest `ax/1` / `ml/1` response accepted (default 64 MiB: 2 M ids). */
  readonly maxIdListResponseBytes?: number;
}

export interface FetchResult {
  /** hex(hash) -> verified bytes. */
  readonly found: Map<string, Uint8Array>;
  /** Hashes no peer asked had (or could deliver intact). */
  readonly missing: Uint8Array[];
}

/** Score a peer loses for bytes that fail verification or do not parse: three strikes reach the graylist. */
export const BAD_DATA_PENALTY = 1000;

export class Fetcher {
  readonly #host: FetchHost;
  readonly #verifiers: Partial<Record<Hint, BlobVerifier>>;
  readonly #logger: Logger;
  readonly #batchSize: number;
  readonly #maxPeers: number;
  readonly #timeoutMs: number;
  readonly #maxBatchResponseBytes: number;
  readonly #maxIdListResponseBytes: number;

  constructor(options: FetcherOptions) {
    this.#host = options.host;
    this.#verifiers = options.verifiers;
    this.#logger = (options.logger ?? nullLogger).child({ module: 'fetch' });
    this.#batchSize = options.batchSize ?? 10;
    this.#maxPeers = options.maxPeers ?? 5;
    this.#timeoutMs = options.timeoutMs ?? 25_000;
    this.#maxBatchResponseBytes = options.maxBatchResponseBytes ?? 16 << 20;
    this.#maxIdListResponseBytes = options.maxIdListResponseBytes ?? 64 << 20;
  }

  /**
   * Fetches the objects of `hashes` (32 bytes each; 20-byte ids padded with `asHash32`) from `options.peers`, in
   * that order, or from connected peers in random order.
   * @throws {FetchError} UNKNOWN_HINT when no verifier is plugged in for `hint`, NO_PEERS with no peer connected
   */
  async getHashes(hint: Hint, hashes: readonly Uint8Array[], options: { peers?: readonly string[] } = {}): Promise<FetchResult> {
    const verify = this.#verifiers[hint];
    if (verify === undefined) throw new FetchError('UNKNOWN_HINT', `no verifier for hint ${hint}: its blobs cannot be checked`);
    const wanted = new Map<string, Uint8Array>();
    for (const h of hashes) {
      if (h.length !== 32) throw new FetchError('BAD_REQUEST', `hash of ${h.length} bytes, 32 expected`);
      wanted.set(bytesToHex(h), h);
    }
    const found = new Map<string, Uint8Array>();
    if (wanted.size === 0) return { found, missing: [] };
    const peers = this.#peers(options.peers);
    // go sends active sets alone, on their own protocol.
    const size = hint === HINT_ACTIVE_SET ? 1 : this.#batchSize;
    const all = [...wanted.values()];
    const batches: Uint8Array[][] = [];
    for (let i = 0; i < all.length; i += size) batches.push(all.slice(i, i + size));
    // Peers the caller named are asked in its order; otherwise in random order, a fresh one per batch.
    await Promise.all(batches.map((batch) => this.#fetchBatch(hint, verify, batch, options.peers === undefined ? shuffle([...peers]) : peers, found)));
    return { found, missing: all.filter((h) => !found.has(bytesToHex(h))) };
  }

  /** The active set `id` (hint `activeset` over `as/1`, falling back to `hs/1`); `undefined` when no peer has it. */
  async getActiveSet(id: Uint8Array): Promise<Uint8Array | undefined> {
    const { found } = await this.getHashes(HINT_ACTIVE_SET, [id]);
    return found.get(bytesToHex(id));
  }

  /** ATX ids of `epoch` from one peer (`peer`, or the first of several that answers). */
  async getEpochAtxIds(epoch: number, options: { peer?: string } = {}): Promise<{ peer: string; atxIds: Uint8Array[] }> {
    const { peer, value } = await this.#askOne(PROTOCOL_EPOCH_ATXS, encode(EpochIdCodec, epoch), (bytes) => decode(EpochData, bytes), options.peer, this.#maxIdListResponseBytes);
    return { peer, atxIds: value.atxIds };
  }

  /** Identities one peer knows to be malicious. */
  async getMaliciousIds(options: { peer?: string } = {}): Promise<{ peer: string; nodeIds: Uint8Array[] }> {
    const { peer, value } = await this.#askOne(PROTOCOL_MALICIOUS_IDS, new Uint8Array(0), (bytes) => decode(MaliciousIDs, bytes), options.peer, this.#maxIdListResponseBytes);
    return { peer, nodeIds: value.nodeIds };
  }

  /** Ballot ids one peer has in `layer`. */
  async getLayerData(layer: number, options: { peer?: string } = {}): Promise<{ peer: string; ballots: Uint8Array[] }> {
    const { peer, value } = await this.#askOne(PROTOCOL_LAYER_DATA, encode(LayerIdCodec, layer), (bytes) => decode(LayerData, bytes), options.peer, this.#maxBatchResponseBytes);
    return { peer, ballots: value.ballots };
  }

  /** One peer's opinion of `layer` (`lp/2`): the aggregated hash of the layer before and the block it applied. */
  async getLayerOpinion(layer: number, peer: string): Promise<LayerOpinion> {
    const { value } = await this.#askOne(PROTOCOL_LAYER_OPINIONS, encode(OpinionRequest, { layer, block: null }), (bytes) => decode(LayerOpinion, bytes), peer, 1024);
    return value;
  }

  /** One peer's aggregated hashes of the layers `request` names (`mh/1`, fork finding). */
  async getMeshHashes(request: MeshHashRequest, peer: string): Promise<Uint8Array[]> {
    const { value } = await this.#askOne(PROTOCOL_MESH_HASHES, encode(MeshHashRequest, request), (bytes) => decode(MeshHashes, bytes), peer, 64 * 1024);
    return value.hashes;
  }

  /** Takes score from a peer whose answer was well-formed but contradicted validated data (a forged opinion). */
  penalize(peer: string, reason: string): void {
    this.#bad(peer, reason, {});
  }

  #peers(only: readonly string[] | undefined): string[] {
    const peers = only === undefined ? this.#host.connectedPeers() : [...only];
    if (peers.length === 0) throw new FetchError('NO_PEERS', 'no connected peer to fetch from');
    return peers;
  }

  #bad(peer: string, reason: string, context: Record<string, unknown>): void {
    this.#logger.warn('peer sent bad data', { peerId: peer, reason, ...context });
    this.#host.penalize(peer, BAD_DATA_PENALTY, reason);
  }

  async #fetchBatch(hint: Hint, verify: BlobVerifier, batch: Uint8Array[], peers: string[], found: Map<string, Uint8Array>): Promise<void> {
    let outstanding = batch;
    for (const peer of peers.slice(0, this.#maxPeers)) {
      if (outstanding.length === 0) return;
      const request = makeRequestBatch(outstanding.map((hash) => ({ hint, hash })));
      let raw: Uint8Array;
      try {
        raw = await this.#host.request(peer, PROTOCOL_HASHES, encode(RequestBatch, request), {
          timeoutMs: this.#timeoutMs,
          maxResponseBytes: this.#maxBatchResponseBytes,
          ...(hint === HINT_ACTIVE_SET ? { preferProtocols: [PROTOCOL_ACTIVE_SET] } : {}),
        });
      } catch (err) {
        this.#logger.debug('hash batch request failed, trying another peer', { peerId: peer, hint, count: outstanding.length, error: errorMessage(err) });
        continue;
      }
      const context = { hint, batchId: bytesToHex(request.id) };
      let response: ResponseBatch;
      try {
        response = decode(ResponseBatch, raw);
      } catch (err) {
        this.#bad(peer, `response batch does not decode: ${errorMessage(err)}`, context);
        continue;
      }
      if (bytesToHex(response.id) !== bytesToHex(request.id)) {
        this.#bad(peer, 'response batch id is not the request id', context);
        continue;
      }
      const asked = new Set(outstanding.map(bytesToHex));
      const good = new Map<string, Uint8Array>();
      let fault: string | undefined;
      for (const r of response.responses) {
        const key = bytesToHex(r.hash);
        if (!asked.has(key)) {
          fault = `returned ${key}, which was not asked`;
          break;
        }
        let ok: boolean;
        try {
          ok = verify(r.hash, r.data);
        } catch {
          ok = false;
        }
        if (!ok) {
          fault = `${hint} blob does not hash to ${key}`;
          break;
        }
        good.set(key, r.data);
      }
      if (fault !== undefined) {
        // One bad blob taints the whole answer: none of it is kept, and the peer pays.
        this.#bad(peer, fault, context);
        continue;
      }
      for (const [key, data] of good) found.set(key, data);
      outstanding = outstanding.filter((h) => !found.has(bytesToHex(h)));
    }
  }

  async #askOne<T>(protocol: string, request: Uint8Array, parse: (bytes: Uint8Array) => T, only: string | undefined, maxResponseBytes: number): Promise<{ peer: string; value: T }> {
    const peers = only === undefined ? shuffle(this.#peers(undefined)).slice(0, this.#maxPeers) : [only];
    let lastError: unknown = new FetchError('NO_PEERS', `no peer answered ${protocol}`);
    for (const peer of peers) {
      let raw: Uint8Array;
      try {
        raw = await this.#host.request(peer, protocol, request, { timeoutMs: this.#timeoutMs, maxResponseBytes });
      } catch (err) {
        lastError = err;
        this.#logger.debug('request failed, trying another peer', { peerId: peer, protocol, error: errorMessage(err) });
        continue;
      }
      try {
        return { peer, value: parse(raw) };
      } catch (err) {
        if (!(err instanceof ScaleError)) throw err;
        lastError = new FetchError('MALFORMED', `${protocol} response from ${peer} does not decode: ${err.message}`);
        this.#bad(peer, `${protocol} response does not decode: ${err.message}`, { protocol });
      }
    }
    throw lastError;
  }
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
