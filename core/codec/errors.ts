/**
 * Decoding failures of the SCALE codec, each naming the field (a dotted path) and the byte offset. Pure.
 * @module
 */
import { CodedError } from '../util/errors.js';

export type ScaleErrorCode =
  /** The input ended inside a value. */
  | 'UNEXPECTED_END'
  /** A compact integer not in its shortest form (go-scale rejects these too). */
  | 'NON_CANONICAL'
  /** A value larger than its type allows (e.g. 256 for a u8). */
  | 'OVERFLOW'
  /** A length prefix above the field's maximum. */
  | 'TOO_LONG'
  /** A tag or flag byte outside its allowed set (Option, bool), or invalid UTF-8. */
  | 'INVALID_VALUE'
  /** Bytes left over after the top-level value. */
  | 'TRAILING_BYTES';

export class ScaleError extends CodedError<ScaleErrorCode> {
  readonly field: string;
  readonly offset: number;

  constructor(code: ScaleErrorCode, field: string, offset: number, detail: string) {
    super(code, `scale: ${field}: ${detail} (at byte ${offset})`, { field, offset });
    this.field = field;
    this.offset = offset;
  }
}
