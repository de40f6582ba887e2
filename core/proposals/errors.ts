/**
 * Coded errors of proposals: why a ballot or proposal was refused. Pure.
 * @module
 */
import { CodedError } from '../util/errors.js';

export type ProposalErrorCode =
  | 'MALFORMED'
  | 'BAD_LAYER'
  | 'UNKNOWN_ATX'
  | 'WRONG_ATX'
  | 'MALICIOUS'
  | 'BAD_EPOCH_DATA'
  | 'UNKNOWN_REF_BALLOT'
  | 'UNKNOWN_ACTIVE_SET'
  | 'BAD_BEACON'
  | 'BAD_ELIGIBILITY'
  | 'BAD_SIGNATURE'
  | 'TOO_MANY_TXS'
  | 'DUPLICATE'
  | 'EQUIVOCATION'
  | 'NO_BEACON';

export class ProposalError extends CodedError<ProposalErrorCode> {}
