/**
 * The request/response server (go-spacemesh `p2p/server/server.go`; `docs/protocol/p2p.md §3`): one handler per
 * protocol id, each request on its own stream, answered with one SCALE `Response` and the stream closed.
 *
 * Limits, each logged with its reason when it bites: a request size cap read from the length prefix before the
 * body (go: 10 KiB by default; an oversize request closes the whole connection, as go does), at most
 * `maxPerPeer` requests of one protocol in flight per peer (more are answered "busy" and cost the peer a little
 * score), at most `maxInFlight` in all, and a timeout per request. Handlers are transport-free: they get the peer
 * id and the request bytes and return the response data, or throw; {@link respond} turns every outcome,
 * including a throw that is not a CodedError, into a response, so no handler error reaches libp2p.
 * @module
 */
import type { Connection, Stream } from '@libp2p/interface';
import { CodedError, errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { P2PError } from './errors.js';
import { DEFAULT_MAX_REQUEST_BYTES, encodeDataResponse, encodeErrorResponse, parseRequestPrefix } from './frame.js';
import { readFrame } from './streamRead.js';

/** Answers one request; throw (preferably a CodedError) to send an error response. */
export type RequestHandler = (peer: string, request: Uint8Array) => Uint8Array | Promise<Uint8Array>;

export interface ServeOptions {
  /** Largest request accepted (default 10 KiB, go's default). */
  readonly maxRequestBytes?: number;
  /** Requests of this protocol one peer may have in flight (default 8). */
  readonly maxPerPeer?: number;
  /** Requests of this protocol in flight from all peers together (default 1000, go's queue size). */
  readonly maxInFlight?: number;
  /** Time to read the request, run the handler and write the response (default 25 s, go's stream timeout). */
  readonly timeoutMs?: number;
}

/** What the server needs from the host. */
export interface ServerHost {
  handle(protocol: string, handler: (stream: Stream, connection: Connection) => void | Promise<void>, options: { maxInboundStreams: number }): Promise<void>;
  /** Lowers a peer's score (flooding, oversize requests). */
  penalize(peer: string, amount: number, reason: string): void;
  /** Closes every connection to the peer. */
  hangUp(peer: string, reason: string): Promise<void>;
}

/** Score lost by a peer for each request refused as over its concurrency limit. */
export const BUSY_PENALTY = 10;
/** Score lost by a peer for an oversize or malformed request (not for one cut short: the peer may have gone away). */
export const BAD_REQUEST_PENALTY = 100;

/**
 * Runs `handler` and encodes its outcome as a `Response`. Never throws: an error becomes the response's error
 * string (its code first, so the client can tell "not found" from a crash).
 */
export async function respond(handler: RequestHandler, peer: string, request: Uint8Array): Promise<Uint8Array> {
  try {
    const data = await handler(peer, request);
    return encodeDataResponse(data);
  } catch (err) {
    try {
      return encodeErrorResponse(err instanceof CodedError ? `${err.code}: ${err.message}` : errorMessage(err));
    } catch {
      return encodeErrorResponse('internal error');
    }
  }
}

/** Registers `handler` for `protocol` on the host. */
export async function serve(host: ServerHost, protocol: string, handler: RequestHandler, options: ServeOptions, logger: Logger): Promise<void> {
  const maxRequestBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
  const maxPerPeer = options.maxPerPeer ?? 8;
  const maxInFlight = options.maxInFlight ?? 1000;
  const timeoutMs = options.timeoutMs ?? 25_000;
  const perPeer = new Map<string, number>();
  let total = 0;

  const onStream = async (stream: Stream, connection: Connection): Promise<void> => {
    const peer = connection.remotePeer.toString();
    const current = perPeer.get(peer) ?? 0;
    if (current >= maxPerPeer || total >= maxInFlight) {
      logger.warn('request refused: too many in flight', { protocol, peerId: peer, inFlight: current, limit: current >= maxPerPeer ? maxPerPeer : maxInFlight });
      if (current >= maxPerPeer) host.penalize(peer, BUSY_PENALTY, `over ${maxPerPeer} concurrent ${protocol} requests`);
      await finish(stream, encodeErrorResponse('BUSY: too many requests in flight'));
      return;
    }
    perPeer.set(peer, current + 1);
    total++;
    const timer = setTimeout(() => stream.abort(new P2PError('TIMEOUT', `${protocol} request from ${peer} took over ${timeoutMs} ms`)), timeoutMs);
    try {
      let request: Uint8Array;
      try {
        request = await readFrame(stream, (received) => parseRequestPrefix(received, maxRequestBytes), maxRequestBytes + 10);
      } catch (err) {
        stream.abort(err instanceof Error ? err : new Error(String(err)));
        const tooLarge = err instanceof P2PError && err.code === 'TOO_LARGE';
        const malformed = err instanceof P2PError && err.code === 'BAD_FRAME';
        if (!tooLarge && !malformed) {
          // The stream ended or failed before the request was whole: the peer went away (a node killed or
          // restarted mid-request) or gave up. Nothing it sent was wrong, so its score stays: a penalty here kept a
          // restarted devnet node out of its bootnode's gossip mesh for most of an hour (test/sim/beaconKill.test.ts).
          logger.debug('request stream ended before the request was whole', { protocol, peerId: peer, error: err });
          return;
        }
        logger.warn(tooLarge ? 'request refused: over the size limit' : 'request refused: malformed', { protocol, peerId: peer, limit: maxRequestBytes, error: err });
        host.penalize(peer, BAD_REQUEST_PENALTY, `bad ${protocol} request`);
        // go closes the connection of a peer that sends an oversize request.
        if (tooLarge) await host.hangUp(peer, `oversize ${protocol} request`);
        return;
      }
      await finish(stream, await respond(handler, peer, request));
    } catch (err) {
      logger.debug('request stream failed', { protocol, peerId: peer, error: err });
      stream.abort(err instanceof Error ? err : new Error(String(err)));
    } finally {
      clearTimeout(timer);
      total--;
      const left = (perPeer.get(peer) ?? 1) - 1;
      if (left === 0) perPeer.delete(peer);
      else perPeer.set(peer, left);
    }
  };
  // libp2p's own per-connection stream cap sits above ours, so our limit answers "busy" before libp2p resets.
  await host.handle(protocol, onStream, { maxInboundStreams: maxPerPeer * 2 + 2 });
}

async function finish(stream: Stream, response: Uint8Array): Promise<void> {
  try {
    if (!stream.send(response)) await stream.onDrain({ signal: AbortSignal.timeout(10_000) });
    await stream.close({ signal: AbortSignal.timeout(10_000) });
  } catch (err) {
    stream.abort(err instanceof Error ? err : new Error(String(err)));
  }
}
