/**
 * Coded errors of the beacon component. Pure.
 * @module
 */
import { CodedError } from '../util/errors.js';

export type BeaconErrorCode =
  /** bytes that do not decode as the topic's message */
  | 'MALFORMED'
  /** a message for an epoch or round this node is not running (not the sender's fault) */
  | 'WRONG_EPOCH'
  | 'WRONG_ROUND'
  /** before its time or after its round closed */
  | 'UNTIMELY'
  /** the sender has no ATX for the epoch */
  | 'UNKNOWN_IDENTITY'
  /** a VRF proof or signature that does not verify */
  | 'BAD_VRF'
  | 'BAD_SIGNATURE'
  /** a proposal above the eligibility threshold, a weak coin unit beyond the sender's allowance */
  | 'NOT_ELIGIBLE'
  /** the sender's message for this slot was already counted */
  | 'DUPLICATE'
  /** a following vote from an identity whose first vote this node did not see */
  | 'NO_FIRST_VOTE'
  /** a weak coin proposal that is not the smallest seen (go relays only the smallest) */
  | 'NOT_SMALLEST';

export class BeaconError extends CodedError<BeaconErrorCode> {}
