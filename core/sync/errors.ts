/**
 * Errors of the syncer (docs/protocol/sync.md): why a layer could not be taken from peers. Pure.
 * @module
 */
import { CodedError } from '../util/errors.js';

export type SyncErrorCode =
  /** A peer's block does not match the ballots this node validated (rewards, tick height, layer). */
  | 'BAD_BLOCK'
  /** Data a layer needs (its block, a transaction) could not be had from any peer. */
  | 'MISSING_DATA'
  /** No decision for the layer is backed by the weight of the next layer's ballots or by the peers. */
  | 'NO_AGREEMENT';

export class SyncError extends CodedError<SyncErrorCode> {}
