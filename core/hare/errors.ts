/**
 * Coded errors of the hare: why a hare message was refused. Pure.
 * @module
 */
import { CodedError } from '../util/errors.js';

export type HareErrorCode =
  | 'MALFORMED'
  | 'WRONG_LAYER'
  | 'BAD_ROUND'
  | 'BAD_VALUE'
  | 'NOT_ELIGIBLE'
  /**
   * The committee VRF proof does not verify under this node's beacon: a forgery, or (after a partition) a sender whose
   * epoch beacon differs from this node's. Not countable here either way, but not provably the sender's fault.
   */
  | 'OTHER_BEACON'
  | 'BAD_ELIGIBILITY'
  | 'BAD_SIGNATURE'
  | 'LATE';

export class HareError extends CodedError<HareErrorCode> {}
