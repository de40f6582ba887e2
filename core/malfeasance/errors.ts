/**
 * Malfeasance error codes: why a proof was refused. Pure.
 * @module
 */
import { CodedError } from '../util/errors.js';

export type MalfeasanceErrorCode =
  /** Not a MalfeasanceProof / MalfeasanceGossip (SCALE), an unknown proof type, or bytes left over. */
  | 'MALFORMED'
  /** A message's signature does not verify for its smesher with the proof type's signing domain. */
  | 'BAD_SIGNATURE'
  /** The two messages are not by one smesher, not for one epoch / layer / round, or are the same message. */
  | 'NOT_A_PROOF'
  /** Invalid post index (4) and invalid previous ATX (5): decoded, not judged by this node yet. */
  | 'UNSUPPORTED'
  /** The smesher has no ATX this node knows (go's `checkIdentityExists`). */
  | 'UNKNOWN_IDENTITY'
  /** The smesher has a proof stored already. */
  | 'DUPLICATE';

export class MalfeasanceError extends CodedError<MalfeasanceErrorCode> {}
