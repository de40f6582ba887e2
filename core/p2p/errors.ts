/**
 * Coded errors of the peer-to-peer layer: host setup, the peer key, framing, requests. Pure.
 * @module
 */
import { CodedError } from '../util/errors.js';

export type P2PErrorCode =
  /** The peer key file exists but is not a key this node wrote (truncated, edited, another format). */
  | 'BAD_PEER_KEY'
  /** A host option is invalid (a listen address or bootnode that is not a multiaddr, a bad limit). */
  | 'BAD_CONFIG'
  /** A gossip topic this host does not know, or one subscribed twice. */
  | 'BAD_TOPIC'
  /** A message over the 2 MiB gossip limit or a request/response over its cap. */
  | 'TOO_LARGE'
  /** The node's own handler refused its own message: nothing was sent. */
  | 'OWN_MESSAGE_REJECTED'
  /** A frame that does not parse (bad varint, trailing bytes; a frame cut short by its stream is STREAM_FAILED). */
  | 'BAD_FRAME'
  /** The peer is not connected (requests never dial). */
  | 'NOT_CONNECTED'
  /** No connected peer could be asked (none, or all were tried). */
  | 'NO_PEERS'
  /** The request took longer than its timeout. */
  | 'TIMEOUT'
  /** The stream failed (reset, closed early, protocol not supported). */
  | 'STREAM_FAILED'
  /** The peer answered with an error string. */
  | 'PEER_ERROR'
  /** The peer is over its concurrency limit for this protocol. */
  | 'BUSY'
  /** The host is not running. */
  | 'STOPPED'
  /** The remote sent another network's cookie. */
  | 'WRONG_NETWORK';

export class P2PError extends CodedError<P2PErrorCode> {}
