/**
 * PoET's coded errors: what a submit, a proof check or the round state on disk can go wrong with. The REST layer
 * maps each code to an HTTP status (http.ts); callers test `code`, never the message. Pure.
 * @module
 */
import { CodedError, type ErrorMeta } from '../util/errors.js';

export type PoetErrorCode =
  /** A request body that is not JSON, or a field of the wrong type or length. */
  | 'BAD_REQUEST'
  /** The ed25519 signature over `prefix || challenge` does not verify. */
  | 'INVALID_SIGNATURE'
  /** The prefix is not `GenesisID || 0x04` of the network this PoET serves. */
  | 'WRONG_PREFIX'
  /** The open round ends after the submitter's deadline. */
  | 'TOO_LATE'
  /** The node id already registered a different challenge in this round. */
  | 'ALREADY_REGISTERED'
  /** The round has no members limit left. */
  | 'ROUND_FULL'
  /** No proof for that round (unknown round, not finished yet, or a round without members). */
  | 'NOT_FOUND'
  /** A PoSW proof or membership proof that does not verify. */
  | 'INVALID_PROOF'
  /** Round state on disk that cannot be read back (corrupt checkpoint, truncated layer file). */
  | 'BAD_STATE'
  /** A PoET answered with something other than what the REST contract promises. */
  | 'BAD_RESPONSE'
  /** A PoET could not be reached, or answered 5xx, after every retry. */
  | 'UNAVAILABLE'
  /** The service was stopped while the call was in flight. */
  | 'STOPPED';

/** A PoET failure with a stable code. */
export class PoetError extends CodedError<PoetErrorCode> {
  constructor(code: PoetErrorCode, message: string, meta: ErrorMeta = {}, options?: { cause?: unknown }) {
    super(code, message, meta, options);
  }
}
