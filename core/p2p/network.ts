/**
 * Network separation (go-spacemesh `node/node.go`, `p2p/handshake/handshake.go`; `docs/protocol/p2p.md §1`):
 * the network id string `hex(GenesisID) + "-" + effectiveGenesisLayer`, used twice.
 *
 * - As the Noise prologue: both ends mix it into the handshake hash, so two nodes of different networks cannot
 *   complete the Noise handshake at all (wire-compatible with go-spacemesh over TCP).
 * - As the network cookie, exchanged in the clear before Noise. A prologue mismatch only shows up as a failed
 *   decryption, which says nothing; the cookie exchange lets both ends log "wrong network" with the other side's
 *   id. The frame is go's: the 4-byte prefix `21 23 42 42`, then a uvarint length and the cookie (at most 64
 *   bytes). go-spacemesh sends its cookie only on QUIC; on TCP our cookie runs before Noise, so a go node would
 *   not get past it: Smesher networks are Smesher-only for now.
 * Pure.
 * @module
 */
import { bytesToHex } from '../util/bytes.js';
import { P2PError } from './errors.js';

/** go's `cookieStreamPrefix`. */
export const COOKIE_PREFIX = Uint8Array.of(0x21, 0x23, 0x42, 0x42);
/** go's `maxCookieSize`. */
export const MAX_COOKIE_SIZE = 64;

/** `hex(genesisId) + "-" + effectiveGenesisLayer` as go formats it (`%x-%v`). */
export function networkId(genesisId: Uint8Array, effectiveGenesisLayer: number): string {
  if (!Number.isSafeInteger(effectiveGenesisLayer) || effectiveGenesisLayer < 0) {
    throw new P2PError('BAD_CONFIG', `effective genesis layer must be a non-negative integer, got ${effectiveGenesisLayer}`);
  }
  return `${bytesToHex(genesisId)}-${effectiveGenesisLayer}`;
}

/** The cookie frame this node sends: prefix, uvarint length, cookie bytes. */
export function encodeCookie(cookie: Uint8Array): Uint8Array {
  if (cookie.length > MAX_COOKIE_SIZE) throw new P2PError('BAD_CONFIG', `network cookie is ${cookie.length} bytes, at most ${MAX_COOKIE_SIZE}`);
  // A length below 64 is one uvarint byte.
  const out = new Uint8Array(COOKIE_PREFIX.length + 1 + cookie.length);
  out.set(COOKIE_PREFIX, 0);
  out[COOKIE_PREFIX.length] = cookie.length;
  out.set(cookie, COOKIE_PREFIX.length + 1);
  return out;
}

/**
 * Parses the head of a cookie frame from the bytes received so far.
 * @returns `undefined` while more bytes are needed, else the cookie and the frame's length
 * @throws {P2PError} BAD_FRAME when the prefix is wrong (the remote is not a Smesher node) or the length is over 64
 */
export function decodeCookie(bytes: Uint8Array): { cookie: Uint8Array; length: number } | undefined {
  const head = Math.min(bytes.length, COOKIE_PREFIX.length);
  for (let i = 0; i < head; i++) {
    if (bytes[i] !== COOKIE_PREFIX[i]) throw new P2PError('BAD_FRAME', 'the remote endpoint did not send a network cookie');
  }
  if (bytes.length <= COOKIE_PREFIX.length) return undefined;
  const length = bytes[COOKIE_PREFIX.length]!;
  // Any length over 64 (including a multi-byte uvarint, whose first byte is >= 0x80) is refused.
  if (length > MAX_COOKIE_SIZE) throw new P2PError('BAD_FRAME', `network cookie length ${length} is over ${MAX_COOKIE_SIZE}`);
  const end = COOKIE_PREFIX.length + 1 + length;
  if (bytes.length < end) return undefined;
  return { cookie: bytes.slice(COOKIE_PREFIX.length + 1, end), length: end };
}

/** A cookie for logs: the text when it is printable ASCII (every Smesher cookie is), else hex. */
export function describeCookie(cookie: Uint8Array): string {
  return cookie.every((b) => b >= 0x20 && b < 0x7f) ? new TextDecoder().decode(cookie) : `0x${bytesToHex(cookie)}`;
}
