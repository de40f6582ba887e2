/**
 * The request/response client (go-spacemesh `p2p/server/server.go` `Request`; `docs/protocol/p2p.md §3`): opens
 * a stream on an existing connection (requests never dial), writes one framed request, reads one `Response` and
 * maps it to data or a coded error. Bounded in time (a timeout for the whole exchange) and in memory (a response
 * whose data length prefix is over the caller's limit is refused as soon as the prefix arrives).
 * @module
 */
import type { PeerId, Stream } from '@libp2p/interface';
import { ScaleError } from '../codec/index.js';
import { P2PError } from './errors.js';
import { DEFAULT_MAX_REQUEST_BYTES, MAX_ERROR_BYTES, encodeRequest, parseResponsePrefix, responseCodec } from './frame.js';
import { readFrame } from './streamRead.js';

export interface RequestOptions {
  /** The whole exchange, open to last byte (default 25 s, go's request timeout). */
  readonly timeoutMs?: number;
  /** Largest response data accepted (default 16 MiB). */
  readonly maxResponseBytes?: number;
  /** Largest request this client sends (default 10 KiB, what go servers accept). */
  readonly maxRequestBytes?: number;
  /** Protocols to try before `protocol`, in order (go's `extraProtocols`, e.g. `as/1` before `hs/1`). */
  readonly preferProtocols?: readonly string[];
  readonly signal?: AbortSignal;
}

export const DEFAULT_MAX_RESPONSE_BYTES = 16 << 20;
export const DEFAULT_REQUEST_TIMEOUT_MS = 25_000;

/** What the client needs from libp2p. */
export interface ClientHost {
  isConnected(peer: string): boolean;
  newStream(peer: string, protocols: string[], signal: AbortSignal): Promise<Stream>;
}

/**
 * Sends `request` to `peer` on `protocol` and returns the response data.
 * @throws {P2PError} NOT_CONNECTED, TOO_LARGE (request or response), TIMEOUT, STREAM_FAILED, BAD_FRAME (a response
 *   that does not parse), PEER_ERROR (the server's error string, in the message)
 */
export async function sendRequest(host: ClientHost, peer: string | PeerId, protocol: string, request: Uint8Array, options: RequestOptions = {}): Promise<Uint8Array> {
  const peerId = peer.toString();
  const maxRequestBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  if (request.length > maxRequestBytes) throw new P2PError('TOO_LARGE', `request of ${request.length} bytes is over the limit of ${maxRequestBytes}`);
  if (!host.isConnected(peerId)) throw new P2PError('NOT_CONNECTED', `peer ${peerId} is not connected`, { peerId });
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = options.signal === undefined ? timeout : AbortSignal.any([options.signal, timeout]);
  const timedOut = (): P2PError => new P2PError('TIMEOUT', `${protocol} request to ${peerId} took over ${timeoutMs} ms`, { peerId, protocol });
  let stream: Stream;
  try {
    stream = await host.newStream(peerId, [...(options.preferProtocols ?? []), protocol], signal);
  } catch (err) {
    if (timeout.aborted) throw timedOut();
    throw new P2PError('STREAM_FAILED', `cannot open ${protocol} to ${peerId}: ${(err as Error).message}`, { peerId, protocol }, { cause: err });
  }
  const onAbort = (): void => stream.abort(timeout.aborted ? timedOut() : new P2PError('STREAM_FAILED', 'request aborted'));
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    if (!stream.send(encodeRequest(request))) await stream.onDrain({ signal });
    const codec = responseCodec(maxResponseBytes);
    const response = await readFrame(stream, (received) => parseResponsePrefix(received, codec), maxResponseBytes + MAX_ERROR_BYTES + 16);
    await stream.close({ signal }).catch(() => undefined);
    if (response.error !== '') throw new P2PError('PEER_ERROR', `peer ${peerId}: ${response.error}`, { peerId, protocol });
    return response.data;
  } catch (err) {
    stream.abort(err instanceof Error ? err : new Error(String(err)));
    if (timeout.aborted) throw timedOut();
    if (err instanceof P2PError) throw err;
    if (err instanceof ScaleError) {
      if (err.code === 'TOO_LONG' && err.field.startsWith('Response.data')) {
        throw new P2PError('TOO_LARGE', `${protocol} response from ${peerId} is over the limit of ${maxResponseBytes} bytes`, { peerId, protocol });
      }
      throw new P2PError('BAD_FRAME', `${protocol} response from ${peerId} does not parse: ${err.message}`, { peerId, protocol });
    }
    throw new P2PError('STREAM_FAILED', `${protocol} request to ${peerId} failed: ${(err as Error).message}`, { peerId, protocol }, { cause: err });
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
