/**
 * An active set as peers exchange it (go-spacemesh `common/types/activation.go` `EpochActiveSet`, served for the
 * `activeset` hint of `hs/1` and by `as/1`): the target epoch and the ATX ids. Its id is `activeSetHash` of the
 * ids (core/proposals/wire.ts), so a fetched set is checked against the hash a reference ballot declared. Pure.
 * @module
 */
import { compact32, decode, encode, fixedBytes, struct, vec } from '../codec/index.js';
import { activeSetHash } from './wire.js';

/** go's `scale:"max=3500000"` on `EpochActiveSet.Set`. */
export const MAX_ACTIVE_SET_SIZE = 3_500_000;

const EpochActiveSet = struct('EpochActiveSet', { epoch: compact32, set: vec(fixedBytes(32), MAX_ACTIVE_SET_SIZE) });

export interface EpochActiveSet {
  readonly epoch: number;
  readonly atxIds: readonly Uint8Array[];
}

export function encodeEpochActiveSet(set: EpochActiveSet): Uint8Array {
  return encode(EpochActiveSet, { epoch: set.epoch, set: [...set.atxIds] });
}

/** @throws {ScaleError} for malformed bytes */
export function decodeEpochActiveSet(bytes: Uint8Array): EpochActiveSet {
  const value = decode(EpochActiveSet, bytes);
  return { epoch: value.epoch, atxIds: value.set };
}

/** The id a ballot names the set by. */
export function epochActiveSetId(set: EpochActiveSet): Uint8Array {
  return activeSetHash(set.atxIds);
}
