/**
 * Coded errors: a stable SCREAMING_SNAKE code for programs, a sentence for people, and JSON-safe metadata.
 *
 * Errors cross threads, processes and the API as plain objects (`toObject` / `fromObject`), so a prover error
 * raised in a child process arrives in the UI with its code intact. Pure: no I/O.
 * @module
 */

/** JSON-safe metadata carried next to the code. Never put secrets here: errors are logged and shown. */
export type ErrorMeta = Readonly<Record<string, string | number | boolean | null>>;

/** The serialised form of a {@link CodedError}: what crosses a process or the API. */
export interface CodedErrorObject {
  readonly code: string;
  readonly message: string;
  readonly meta?: ErrorMeta;
}

/** An error with a machine-readable code. Subclass it per component (`ScaleError`, `AddressError`, ...). */
export class CodedError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly meta: ErrorMeta;

  constructor(code: Code, message: string, meta: ErrorMeta = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
    this.meta = meta;
  }

  toObject(): CodedErrorObject {
    return Object.keys(this.meta).length === 0
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, meta: this.meta };
  }

  /** Rebuilds an error that crossed a boundary. The subclass is not restored; the code is what callers test. */
  static fromObject(obj: CodedErrorObject): CodedError {
    return new CodedError(obj.code, obj.message, obj.meta ?? {});
  }
}

/** True when `err` is a {@link CodedError} carrying `code`. */
export function hasErrorCode(err: unknown, code: string): boolean {
  return err instanceof CodedError && err.code === code;
}

/** A one-line message for any thrown value (for logs and CLI output). */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return typeof err === 'string' ? err : JSON.stringify(err);
}
