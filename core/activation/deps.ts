/**
 * What an ATX refers to that a node must have before it can validate the ATX (go-spacemesh `activation/handler_v1.go`
 * `fetchReferences`): the previous, positioning and commitment ATXs (none of which is the golden ATX or empty) and
 * the PoET proof its NIPoST proves over. A node fetches whichever of these it lacks from the peer that sent the ATX,
 * or any other, and validates them first. Pure: decodes only.
 * @module
 */
import { decode } from '../codec/index.js';
import { equalBytes } from '../util/bytes.js';
import { ActivationTxV1, EMPTY_ID } from './wire.js';

export interface AtxReferences {
  /** ATX ids the ATX names (deduplicated), without the golden ATX and the empty id. */
  readonly atxIds: readonly Uint8Array[];
  /** The PoET proof ref, or null when the ATX carries no NIPoST metadata (validation refuses it then). */
  readonly poetRef: Uint8Array | null;
  readonly publishEpoch: number;
}

/**
 * The references of an encoded ATX.
 * @throws {ScaleError} for bytes that are not an ATX v1
 */
export function atxReferences(bytes: Uint8Array, goldenAtxId: Uint8Array): AtxReferences {
  const atx = decode(ActivationTxV1, bytes);
  const { challenge } = atx.inner;
  const ids: Uint8Array[] = [];
  for (const id of [challenge.prevAtxId, challenge.positioningAtxId, challenge.commitmentAtxId]) {
    if (id === null || equalBytes(id, EMPTY_ID) || equalBytes(id, goldenAtxId)) continue;
    if (!ids.some((known) => equalBytes(known, id))) ids.push(id);
  }
  const challengeRef = atx.inner.nipost?.postMetadata?.challenge;
  return { atxIds: ids, poetRef: challengeRef?.length === 32 ? challengeRef : null, publishEpoch: challenge.publishEpoch };
}
