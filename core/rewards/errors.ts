/**
 * The rewards component's coded errors. Pure.
 * @module
 */
import { CodedError } from '../util/errors.js';

export type RewardsErrorCode =
  /** A layer before the first effective genesis layer has no place on the issuance curve. */
  | 'BEFORE_GENESIS'
  /** A reward weight that is zero, has a zero denominator, or does not fit a u64 numerator/denominator. */
  | 'INVALID_WEIGHT'
  /** Two proposals in one block share an ATX (go-spacemesh aborts block generation on this). */
  | 'DUPLICATE_ATX'
  /** A reward amount that does not fit in a u64 (cannot happen with the real supply; a bug if seen). */
  | 'OVERFLOW'
  /** Arguments that do not describe an epoch (weights, counts, layers out of range). */
  | 'INVALID_ARGUMENT';

export class RewardsError extends CodedError<RewardsErrorCode> {}
