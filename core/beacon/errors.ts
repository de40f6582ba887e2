/**
 * Coded errors of the beacon component. Pure.
 * @module
 */
import { CodedError } from '../util/errors.js';

export type BeaconErrorCode = 'UNSUPPORTED_MODE';

export class BeaconError extends CodedError<BeaconErrorCode> {}
