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
  | 'DUPLICATE_TX'
  | 'UNKNOWN_TX'
  | 'DUPLICATE'
  | 'EQUIVOCATION'
  | 'NO_BEACON'
  /** The ballot's votes are impossible, or do not give the opinion hash it claims (core/tortoise). */
  | 'BAD_VOTES';

export class ProposalError extends CodedError<ProposalErrorCode> {}
