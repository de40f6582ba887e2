/**
 * The API layer's coded error, and the one mapping from anything a handler throws to the `{code, message}` that
 * crosses the API. Messages never carry argument values: a password or mnemonic must not come back in an error,
 * land in a log, or reach another window. Pure.
 * @module
 */
import { CodedError, type ErrorMeta } from '../../util/errors.js';
import type { ApiError, ApiErrorCode } from '../contract/contract.js';

export class ApiRequestError extends CodedError<ApiErrorCode> {
  constructor(code: ApiErrorCode, message: string, meta: ErrorMeta = {}) {
    super(code, message, meta);
  }
}

/** The error a handler throws for a method the node does not provide yet: nothing was done. */
export function notAvailable(what: string): ApiRequestError {
  return new ApiRequestError('NOT_AVAILABLE', `${what} is not available from this node yet`);
}

/**
 * Turns a thrown value into the API's error shape: coded errors keep their code and message; argument checks of
 * lower layers (`TypeError`/`RangeError` from the a* helpers) become INVALID_ARGS; anything else is INTERNAL with
 * a fixed message, since an unexpected message could hold anything.
 */
export function toApiError(err: unknown): ApiError {
  if (err instanceof CodedError) {
    const coded = err as CodedError;
    return { code: coded.code, message: coded.message };
  }
  if (err instanceof TypeError || err instanceof RangeError) return { code: 'INVALID_ARGS', message: err.message };
  return { code: 'INTERNAL', message: 'internal error; the node log has the details' };
}
