/**
 * Coded errors of the mesh executor. Pure.
 * @module
 */
import { CodedError } from '../util/errors.js';

export type MeshErrorCode = 'MISSING_DATA' | 'STATE_MISMATCH';

export class MeshError extends CodedError<MeshErrorCode> {}
