/**
 * The codec contract and the two entry points, {@link encode} and {@link decode}.
 *
 * A codec is a value that knows how to write and read one type; structs, vectors and options are built by
 * combining codecs (`composite.ts`), so a wire format reads like its Go struct. Encoding validates the value
 * (a bad field throws `TypeError`/`RangeError` naming its path); decoding is strict: shortest-form integers only,
 * lengths within their maximum, and no trailing bytes. Pure.
 * @module
 */
import { Reader } from './reader.js';
import { Writer } from './writer.js';

export interface Codec<T> {
  /** A short name for messages: `compact32`, `bytes32`, `InnerBallot`. */
  readonly name: string;
  /** Writes `value`; `path` names the value in error messages. */
  write(writer: Writer, value: T, path: string): void;
  read(reader: Reader): T;
}

/** The TypeScript type a codec reads and writes. */
export type Infer<C> = C extends Codec<infer T> ? T : never;

/** SCALE bytes of `value`. @throws {TypeError | RangeError} when a field does not fit its codec. */
export function encode<T>(codec: Codec<T>, value: T): Uint8Array {
  const writer = new Writer();
  codec.write(writer, value, codec.name);
  return writer.finish();
}

/**
 * Decodes exactly one value that spans all of `bytes`.
 * @throws {ScaleError} on truncated, non-canonical, oversized or trailing input; the message names the field.
 */
export function decode<T>(codec: Codec<T>, bytes: Uint8Array): T {
  const reader = new Reader(bytes, codec.name);
  const value = codec.read(reader);
  if (reader.remaining !== 0) reader.fail('TRAILING_BYTES', `${reader.remaining} bytes after the value`);
  return value;
}

/** Decodes one value from the front of `bytes` and says how many bytes it used (for framed streams). */
export function decodePrefix<T>(codec: Codec<T>, bytes: Uint8Array): { value: T; length: number } {
  const reader = new Reader(bytes, codec.name);
  const value = codec.read(reader);
  return { value, length: reader.position };
}
