/**
 * Fork finding by mesh hashes (docs/protocol/sync.md §5; go-spacemesh `syncer/find_fork.go`): given a layer where
 * a peer's aggregated hash equals this node's and a later one where it differs, ask the peer's hashes of layers
 * between the two (`mh/1`, at most {@link MAX_HASHES_PER_REQUEST} a request, evenly spaced, the last always
 * included) and narrow the interval to the last layer that agrees and the first that does not, until they are
 * neighbours. A peer whose answers contradict themselves (the agreed layer differs, or the differing one agrees) or
 * have the wrong length is refused with an error. I/O through `ask`.
 * @module
 */
import { type MeshHashRequest, meshHashLayers } from '../fetch/index.js';
import { equalBytes } from '../util/bytes.js';
import { SyncError } from './errors.js';

/** Hashes asked in one `mh/1` request (go `maxHashesInReq`). */
export const MAX_HASHES_PER_REQUEST = 100;

export interface ForkSearch {
  /** A layer whose aggregated hash this node and the peer share (effective genesis at worst). */
  readonly agreed: number;
  /** A later layer whose hash the peer gives differently. */
  readonly differs: number;
  /** This node's aggregated hash of a layer at or below `differs`. */
  ours(layer: number): Uint8Array | null;
  /** The peer's `mh/1` answer. */
  ask(request: MeshHashRequest): Promise<Uint8Array[]>;
  readonly maxHashes?: number;
}

export interface ForkFound {
  /** The first layer whose aggregated hash differs from the peer's: re-sync from here. */
  readonly fork: number;
  /** `mh/1` requests it took. */
  readonly requests: number;
}

/**
 * Bisects to the first differing layer.
 * @throws {SyncError} NO_AGREEMENT when the peer's answers contradict themselves or this node lacks a hash in range;
 *   the peer's error when it cannot answer
 */
export async function findFork(search: ForkSearch): Promise<ForkFound> {
  const max = search.maxHashes ?? MAX_HASHES_PER_REQUEST;
  if (!(search.agreed < search.differs)) throw new RangeError(`agreed layer ${search.agreed} must be before the differing one ${search.differs}`);
  let lastSame = search.agreed;
  let firstDiff = search.differs;
  let requests = 0;
  while (firstDiff - lastSame > 1) {
    const span = firstDiff - lastSame;
    // At most `max` layers: from, from + step, …, and to.
    const step = Math.max(1, Math.ceil(span / (max - 1)));
    const request: MeshHashRequest = { from: lastSame, to: firstDiff, step };
    const layers = meshHashLayers(request);
    const hashes = await search.ask(request);
    requests++;
    if (hashes.length !== layers.length) throw new SyncError('NO_AGREEMENT', `mesh hashes: ${hashes.length} for ${layers.length} layers`);
    let next: number | undefined;
    for (const [i, layer] of layers.entries()) {
      const ours = search.ours(layer);
      if (ours === null) throw new SyncError('NO_AGREEMENT', `no hash of layer ${layer} here`);
      if (equalBytes(ours, hashes[i]!)) {
        lastSame = layer;
      } else {
        if (i === 0) throw new SyncError('NO_AGREEMENT', `the peer's hash of layer ${layer} changed: it agreed before`);
        next = layer;
        break;
      }
    }
    if (next === undefined) throw new SyncError('NO_AGREEMENT', `the peer's hash of layer ${firstDiff} changed: it differed before`);
    firstDiff = next;
  }
  return { fork: firstDiff, requests };
}
