/**
 * Coded errors of the hare: why a hare message was refused. Pure.
 * @module
 */
import { CodedError } from '../util/errors.js';

export type HareErrorCode = 'MALFORMED' | 'WRONG_LAYER' | 'BAD_ROUND' | 'BAD_VALUE' | 'NOT_ELIGIBLE' | 'BAD_ELIGIBILITY' | 'BAD_SIGNATURE' | 'LATE';

export class HareError extends CodedError<HareErrorCode> {}
