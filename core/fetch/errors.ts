/**
 * Coded errors of fetching: what went wrong asking peers for data by hash or by epoch/layer. Pure.
 * @module
 */
import { CodedError } from '../util/errors.js';

export type FetchErrorCode =
  /** A request or response that does not decode (`scale` error in the message). */
  | 'MALFORMED'
  /** A hint this node does not serve or cannot verify. */
  | 'UNKNOWN_HINT'
  /** A batch that is empty, too large, or mixes what one protocol cannot carry. */
  | 'BAD_REQUEST'
  /** A response batch whose id is not the request's. */
  | 'WRONG_BATCH'
  /** Every peer asked was tried and some hashes are still missing. */
  | 'NOT_FOUND'
  /** No connected peer to ask. */
  | 'NO_PEERS';

export class FetchError extends CodedError<FetchErrorCode> {}
