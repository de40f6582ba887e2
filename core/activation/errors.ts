/**
 * Activation error codes: why an ATX was refused, and why the smeshing loop or an identity could not go on. Pure.
 * @module
 */
import { CodedError, type ErrorMeta } from '../util/errors.js';

export type ActivationErrorCode =
  /** The bytes are not an ActivationTxV1 (SCALE) or have bytes left over. */
  | 'MALFORMED'
  /** A field is out of range or present/absent against the rules for initial / non-initial ATXs (docs/protocol/activation.md §1). */
  | 'SYNTAX'
  | 'BAD_SIGNATURE'
  /** Publish epoch later than the current epoch + 1. */
  | 'TOO_EARLY'
  /** A referenced ATX (previous, positioning, commitment) is unknown. */
  | 'UNKNOWN_ATX'
  /** Previous ATX, sequence, positioning or commitment ATX do not fit what is known (docs/protocol/activation.md §3 contextual). */
  | 'CONTEXT'
  /** The PoET proof the NIPoST refers to is unknown. */
  | 'UNKNOWN_POET_PROOF'
  /** The challenge is not in the PoET statement, or the PoST / VRF nonce does not verify. */
  | 'NIPOST_INVALID'
  /** A second, different ATX for one publish epoch: kept as a malfeasance proof. */
  | 'DOUBLE_PUBLISH'
  /** The NIPoST's PoST has a label that fails at `meta.position` of its indices: kept as a malfeasance proof. */
  | 'INVALID_POST_INDEX'
  /** A second ATX of one identity naming the same previous ATX as a stored one: kept as a malfeasance proof. */
  | 'INVALID_PREV_ATX'
  /** The ATX is stored already (not the sender's fault: gossip delivers twice). */
  | 'DUPLICATE'
  /** Key files: unreadable, malformed, or with wrong permissions. */
  | 'IDENTITY_INVALID'
  /** The smeshing loop could not make a step (PoET unusable, PoST failed); it retries or waits for the next round. */
  | 'LOOP_FAILED';

export class ActivationError extends CodedError<ActivationErrorCode> {
  constructor(code: ActivationErrorCode, message: string, meta: ErrorMeta = {}, options?: { cause?: unknown }) {
    super(code, message, meta, options);
  }
}
