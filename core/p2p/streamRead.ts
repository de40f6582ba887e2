/**
 * Reading one frame from a libp2p stream: chunks are gathered until a parser says the frame is complete, with a
 * byte cap so a peer cannot make this node buffer more than the frame's limit. Only libp2p types are used here.
 * @module
 */
import { P2PError } from './errors.js';

/**
 * Reads until `parse` returns a value.
 * @param parse called with everything received so far; `undefined` means "need more"; may throw to refuse
 * @param maxBytes the most bytes buffered before the frame is refused as TOO_LARGE
 * @throws {P2PError} STREAM_FAILED when the stream ends inside the frame (the peer went away or gave up: no
 *   proof of a malformed frame), TOO_LARGE, or whatever `parse` throws (BAD_FRAME for a malformed length)
 */
export async function readFrame<T>(source: AsyncIterable<{ subarray(): Uint8Array }>, parse: (received: Uint8Array) => T | undefined, maxBytes: number): Promise<T> {
  let buffer = new Uint8Array(256);
  let length = 0;
  for await (const piece of source) {
    const chunk = piece.subarray();
    if (length + chunk.length > buffer.length) {
      const grown = new Uint8Array(Math.max(buffer.length * 2, length + chunk.length));
      grown.set(buffer.subarray(0, length), 0);
      buffer = grown;
    }
    buffer.set(chunk, length);
    length += chunk.length;
    const value = parse(buffer.subarray(0, length));
    if (value !== undefined) return value;
    if (length > maxBytes) throw new P2PError('TOO_LARGE', `frame is over ${maxBytes} bytes`);
  }
  throw new P2PError('STREAM_FAILED', `stream ended inside a frame after ${length} bytes`);
}
