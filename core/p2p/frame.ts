/**
 * The request/response wire of go-spacemesh's `p2p/server` (`docs/protocol/p2p.md §3`): one stream per request;
 * the request is a uvarint length and that many bytes; the response is SCALE `Response{Data []byte, Error string
 * (max 1024)}`, and the server closes the stream after it. Pure.
 * @module
 */
import { type Codec, ScaleError, byteSlice, decode, decodePrefix, encode, string, struct } from '../codec/index.js';
import { P2PError } from './errors.js';

/** go's `Response.Error` limit. */
export const MAX_ERROR_BYTES = 1024;
/** go's default request limit (`requestLimit: 10240`). */
export const DEFAULT_MAX_REQUEST_BYTES = 10_240;
/** go's `Response.Data` limit (260 MiB, 8.0 M ATX ids); clients ask for far less (`client.ts`). */
export const MAX_RESPONSE_DATA_BYTES = 272_629_760;
/** A uvarint of a 64-bit value takes at most 10 bytes. */
const MAX_UVARINT_BYTES = 10;

export interface Response {
  readonly data: Uint8Array;
  readonly error: string;
}

/** The response codec with a data limit (the client's response size limit). */
export function responseCodec(maxDataBytes: number = MAX_RESPONSE_DATA_BYTES): Codec<{ data: Uint8Array; error: string }> {
  return struct('Response', { data: byteSlice(maxDataBytes), error: string(MAX_ERROR_BYTES) });
}

const defaultResponseCodec = responseCodec();

/** A response carrying data. */
export function encodeDataResponse(data: Uint8Array): Uint8Array {
  return encode(defaultResponseCodec, { data, error: '' });
}

/** A response carrying an error message, cut to 1024 UTF-8 bytes at a character boundary. */
export function encodeErrorResponse(message: string): Uint8Array {
  return encode(defaultResponseCodec, { data: new Uint8Array(0), error: truncateUtf8(message || 'error', MAX_ERROR_BYTES) });
}

/**
 * Decodes a whole response.
 * @throws {ScaleError} on malformed input or data over `maxDataBytes`
 */
export function decodeResponse(bytes: Uint8Array, maxDataBytes?: number): Response {
  return decode(responseCodec(maxDataBytes), bytes);
}

/**
 * Parses a response from the front of the bytes received so far.
 * @returns `undefined` while the response is incomplete
 * @throws {ScaleError} TOO_LONG as soon as the data length prefix is over the limit, or another decoding error
 */
export function parseResponsePrefix(bytes: Uint8Array, codec: Codec<{ data: Uint8Array; error: string }>): Response | undefined {
  try {
    return decodePrefix(codec, bytes).value;
  } catch (err) {
    if (err instanceof ScaleError && err.code === 'UNEXPECTED_END') return undefined;
    throw err;
  }
}

/** The unsigned LEB128 varint (multiformats/go-varint) of `value`. */
export function encodeUvarint(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`uvarint: ${value} is not a non-negative safe integer`);
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Uint8Array.from(out);
}

/**
 * Reads a uvarint from the front of `bytes`.
 * @returns `undefined` while more bytes are needed
 * @throws {P2PError} BAD_FRAME for a non-minimal encoding (go-varint refuses those too) or a value over 2^53-1
 */
export function readUvarint(bytes: Uint8Array): { value: number; length: number } | undefined {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < Math.min(bytes.length, MAX_UVARINT_BYTES); i++) {
    const b = bytes[i]!;
    value += (b & 0x7f) * scale;
    if (b < 0x80) {
      if (b === 0 && i > 0) throw new P2PError('BAD_FRAME', 'uvarint is not minimally encoded');
      if (!Number.isSafeInteger(value)) throw new P2PError('BAD_FRAME', 'uvarint is over 2^53-1');
      return { value, length: i + 1 };
    }
    scale *= 0x80;
  }
  if (bytes.length >= MAX_UVARINT_BYTES) throw new P2PError('BAD_FRAME', 'uvarint is longer than 10 bytes');
  return undefined;
}

/** A request frame: uvarint length, then the request. */
export function encodeRequest(request: Uint8Array): Uint8Array {
  const head = encodeUvarint(request.length);
  const out = new Uint8Array(head.length + request.length);
  out.set(head, 0);
  out.set(request, head.length);
  return out;
}

/**
 * Parses a request frame from the front of the bytes received so far.
 * @returns `undefined` while incomplete
 * @throws {P2PError} TOO_LARGE when the declared length is over `maxRequestBytes` (known from the header alone),
 *   BAD_FRAME for a malformed length
 */
export function parseRequestPrefix(bytes: Uint8Array, maxRequestBytes: number): Uint8Array | undefined {
  const head = readUvarint(bytes);
  if (head === undefined) return undefined;
  if (head.value > maxRequestBytes) throw new P2PError('TOO_LARGE', `request of ${head.value} bytes is over the limit of ${maxRequestBytes}`);
  if (bytes.length < head.length + head.value) return undefined;
  return bytes.slice(head.length, head.length + head.value);
}

function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = new TextEncoder().encode(text);
  if (bytes.length <= maxBytes) return text;
  // Drop a partial character at the cut: continuation bytes are 10xxxxxx.
  let end = maxBytes;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return new TextDecoder().decode(bytes.subarray(0, end));
}
