/**
 * Why the mempool turned a transaction away. Pure.
 * @module
 */
import { CodedError } from '../util/errors.js';

export type MempoolErrorCode =
  /** The nonce is below the account's next nonce (already used). */
  | 'NONCE_TOO_LOW'
  /** The projected balance, after the account's pending transactions of lower nonce, cannot cover fee + amount. */
  | 'INSUFFICIENT_BALANCE'
  /** The account already has the maximum number of pending transactions. */
  | 'TOO_MANY_PENDING'
  /** A transaction with the same nonce and a higher (or equal, earlier) fee is already pending. */
  | 'NOT_BETTER'
  /** Already pending. */
  | 'DUPLICATE';

export class MempoolError extends CodedError<MempoolErrorCode> {}
