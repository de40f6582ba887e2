/**
 * What a handler decided about one message from outside (gossip, a fetched object, an API submission).
 *
 * Every protocol handler returns this one shape, and the p2p layer maps it onto gossipsub's verdicts: `accept`
 * (valid and new: stored and relayed), `ignore` (not the sender's fault: known already, too early or too late, not
 * ours to judge; dropped without penalty) and `reject` (invalid: the sender is at fault and its score drops).
 * The error is a {@link CodedError} so its code reaches logs and the API intact. Pure: no I/O.
 * @module
 */
import type { CodedError } from './errors.js';

export type Verdict<T = void, E extends CodedError = CodedError> =
  | { readonly kind: 'accept'; readonly value: T }
  | { readonly kind: 'ignore'; readonly error: E }
  | { readonly kind: 'reject'; readonly error: E };

/** A valid, new message. */
export function accept(): Verdict<void, never>;
export function accept<T>(value: T): Verdict<T, never>;
export function accept<T>(value?: T): Verdict<T | undefined, never> {
  return { kind: 'accept', value };
}

/** Not the sender's fault: the message is dropped without penalty. */
export function ignore<E extends CodedError>(error: E): Verdict<never, E> {
  return { kind: 'ignore', error };
}

/** Invalid: the sender is at fault. */
export function reject<E extends CodedError>(error: E): Verdict<never, E> {
  return { kind: 'reject', error };
}
