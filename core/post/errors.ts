/**
 * PoST error codes: one class for everything this component refuses, with metadata that names the file, offset
 * or field involved so the CLI and UI can say exactly what is wrong. Pure.
 * @module
 */
import { CodedError, type ErrorMeta } from '../util/errors.js';

export type PostErrorCode =
  | 'KERNEL_MISSING'
  | 'BAD_PARAMS'
  | 'METADATA_INVALID'
  | 'METADATA_MISMATCH'
  | 'DATA_MISSING'
  | 'DATA_CORRUPT'
  | 'NO_SPACE'
  | 'DIR_UNWRITABLE'
  | 'CANCELLED'
  | 'NO_PROOF'
  | 'PROOF_INVALID'
  | 'PROVER_CRASHED';

export class PostError extends CodedError<PostErrorCode> {
  constructor(code: PostErrorCode, message: string, meta: ErrorMeta = {}, options?: { cause?: unknown }) {
    super(code, message, meta, options);
  }
}
