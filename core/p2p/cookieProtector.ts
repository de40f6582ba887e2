/**
 * The network cookie exchange on a raw connection, before Noise (`network.ts` says why; go-spacemesh
 * `p2p/handshake/handshake.go`). It is a libp2p connection protector: libp2p's upgrader runs it on every new
 * connection, inbound and outbound, before the encryption protocol is negotiated.
 *
 * The dialler writes its cookie and then reads the listener's; the listener reads first and writes its own
 * cookie even on a mismatch, so the dialler learns why it is being dropped (as go does). On a mismatch both ends
 * report it through `onMismatch` and abort the connection. Only types come from libp2p here: this module runs
 * inside libp2p, it never loads it.
 * @module
 */
import type { AbortOptions, ConnectionProtector, MessageStream, StreamCloseEvent, StreamMessageEvent } from '@libp2p/interface';
import type { Multiaddr } from '@multiformats/multiaddr';
import { equalBytes } from '../util/bytes.js';
import { P2PError } from './errors.js';
import { decodeCookie, describeCookie, encodeCookie } from './network.js';

/** go's `handshakeTimeout`. */
export const COOKIE_TIMEOUT_MS = 5_000;

export interface CookieMismatch {
  readonly direction: 'inbound' | 'outbound';
  /** The remote's transport address (with `/p2p/<id>` when we dialled an address that named it). */
  readonly remoteAddr: string | null;
  /** Known only when we dialled an address that named the peer; an inbound peer has not said who it is yet. */
  readonly peerId: string | null;
  /** `wrong network (cookie <theirs> instead of <ours>)`. */
  readonly reason: string;
}

export interface CookieProtectorOptions {
  readonly cookie: Uint8Array;
  readonly timeoutMs?: number;
  readonly onMismatch: (mismatch: CookieMismatch) => void;
}

export function cookieProtector(options: CookieProtectorOptions): ConnectionProtector {
  const ours = options.cookie;
  const frame = encodeCookie(ours);
  const timeoutMs = options.timeoutMs ?? COOKIE_TIMEOUT_MS;
  return {
    async protect(connection: MessageStream, abort?: AbortOptions): Promise<MessageStream> {
      const signal = abort?.signal === undefined ? AbortSignal.timeout(timeoutMs) : AbortSignal.any([abort.signal, AbortSignal.timeout(timeoutMs)]);
      const outbound = connection.direction === 'outbound';
      if (outbound) await send(connection, frame, signal);
      const theirs = await readCookie(connection, signal);
      if (!outbound) await send(connection, frame, signal);
      if (!equalBytes(theirs, ours)) {
        const remoteAddr = remoteAddrOf(connection);
        const reason = `wrong network (cookie ${describeCookie(theirs)} instead of ${describeCookie(ours)})`;
        options.onMismatch({ direction: connection.direction, remoteAddr: remoteAddr?.toString() ?? null, peerId: peerIdOf(remoteAddr), reason });
        const err = new P2PError('WRONG_NETWORK', reason);
        // The listener's cookie must reach the dialler before the socket goes: close gracefully, then abort.
        if (!outbound) await connection.close({ signal: AbortSignal.timeout(1_000) }).catch(() => undefined);
        connection.abort(err);
        throw err;
      }
      return connection;
    },
  };
}

async function send(connection: MessageStream, bytes: Uint8Array, signal: AbortSignal): Promise<void> {
  if (!connection.send(bytes)) await connection.onDrain({ signal });
}

/** Reads exactly one cookie frame; bytes after it are pushed back for the encryption layer. */
function readCookie(connection: MessageStream, signal: AbortSignal): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    let received = new Uint8Array(0);
    const cleanup = (): void => {
      connection.removeEventListener('message', onMessage);
      connection.removeEventListener('close', onClose);
      signal.removeEventListener('abort', onAbort);
    };
    const fail = (err: Error): void => {
      cleanup();
      reject(err);
    };
    const onMessage = (evt: StreamMessageEvent): void => {
      const chunk = evt.data.subarray();
      const joined = new Uint8Array(received.length + chunk.length);
      joined.set(received, 0);
      joined.set(chunk, received.length);
      received = joined;
      let parsed: ReturnType<typeof decodeCookie>;
      try {
        parsed = decodeCookie(received);
      } catch (err) {
        fail(err as Error);
        return;
      }
      if (parsed === undefined) return;
      cleanup();
      if (received.length > parsed.length) connection.unshift(received.subarray(parsed.length));
      resolve(parsed.cookie);
    };
    const onClose = (evt: StreamCloseEvent): void => fail(new P2PError('STREAM_FAILED', `connection closed during the network cookie exchange${evt.error ? `: ${evt.error.message}` : ''}`));
    const onAbort = (): void => fail(new P2PError('TIMEOUT', 'no network cookie from the remote in time'));
    if (signal.aborted) return onAbort();
    connection.addEventListener('message', onMessage);
    connection.addEventListener('close', onClose);
    signal.addEventListener('abort', onAbort);
  });
}

function remoteAddrOf(connection: MessageStream): Multiaddr | null {
  const addr = (connection as { remoteAddr?: Multiaddr }).remoteAddr;
  return addr ?? null;
}

function peerIdOf(addr: Multiaddr | null): string | null {
  if (addr === null) return null;
  return addr.getComponents().findLast((c) => c.name === 'p2p')?.value ?? null;
}
