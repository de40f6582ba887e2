/**
 * Codec combinators: fixed byte arrays, length-prefixed byte slices and strings, vectors, Option, bool and
 * structs, with go-scale's layouts (docs/protocol/primitives.md §4). Every variable-length field has a maximum, checked
 * before the payload is read. Pure.
 * @module
 */
import { abytes, astring } from '../util/assert.js';
import type { Codec, Infer } from './codec.js';
import { readLength, writeLength } from './compact.js';

/** `[N]byte`: exactly `length` raw bytes, no prefix. Decoded values are copies, never views into the input. */
export function fixedBytes(length: number): Codec<Uint8Array> {
  return {
    name: `bytes${length}`,
    write(writer, value, path) {
      abytes(value, length, path);
      writer.bytes(value);
    },
    read: (reader) => reader.take(length).slice(),
  };
}

/** `[]byte` with a maximum length: compact u32 length, then the bytes. */
export function byteSlice(maxLength: number): Codec<Uint8Array> {
  return {
    name: `bytes<=${maxLength}`,
    write(writer, value, path) {
      abytes(value, undefined, path);
      writeLength(writer, value.length, maxLength, path);
      writer.bytes(value);
    },
    read: (reader) => reader.take(readLength(reader, maxLength)).slice(),
  };
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/** A string with a maximum UTF-8 byte length: compact u32 length, then UTF-8. Invalid UTF-8 is rejected. */
export function string(maxBytes: number): Codec<string> {
  return {
    name: `string<=${maxBytes}`,
    write(writer, value, path) {
      astring(value, Number.MAX_SAFE_INTEGER, path);
      const bytes = utf8Encoder.encode(value);
      writeLength(writer, bytes.length, maxBytes, path);
      writer.bytes(bytes);
    },
    read(reader) {
      const start = reader.position;
      const bytes = reader.take(readLength(reader, maxBytes));
      try {
        return utf8Decoder.decode(bytes);
      } catch {
        return reader.fail('INVALID_VALUE', 'not valid UTF-8', start);
      }
    },
  };
}

/** bool: one byte, 0 or 1. */
export const bool: Codec<boolean> = {
  name: 'bool',
  write(writer, value, path) {
    if (typeof value !== 'boolean') throw new TypeError(`${path}: expected a boolean`);
    writer.byte(value ? 1 : 0);
  },
  read(reader) {
    const start = reader.position;
    const flag = reader.byte();
    if (flag > 1) reader.fail('INVALID_VALUE', `bool byte must be 0 or 1, got ${flag}`, start);
    return flag === 1;
  },
};

/** `[]T` with a maximum length: compact u32 count, then each item. */
export function vec<T>(item: Codec<T>, maxLength: number): Codec<T[]> {
  return {
    name: `vec<${item.name}, ${maxLength}>`,
    write(writer, value, path) {
      if (!Array.isArray(value)) throw new TypeError(`${path}: expected an array`);
      writeLength(writer, value.length, maxLength, path);
      value.forEach((v, i) => item.write(writer, v, `${path}[${i}]`));
    },
    read(reader) {
      const length = readLength(reader, maxLength);
      const out = new Array<T>(length);
      for (let i = 0; i < length; i++) out[i] = reader.within(`[${i}]`, () => item.read(reader));
      return out;
    },
  };
}

/** `*T` / Option: a 0 byte for absent (`null`), or a 1 byte and the value. */
export function option<T>(item: Codec<T>): Codec<T | null> {
  return {
    name: `option<${item.name}>`,
    write(writer, value, path) {
      if (value === null) return writer.byte(0);
      writer.byte(1);
      item.write(writer, value, path);
    },
    read(reader) {
      const start = reader.position;
      const flag = reader.byte();
      if (flag === 0) return null;
      if (flag !== 1) reader.fail('INVALID_VALUE', `option flag must be 0 or 1, got ${flag}`, start);
      return item.read(reader);
    },
  };
}

// Codec is invariant in T, so a map of differently typed codecs needs `any` here; `Infer` restores the types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type FieldCodecs = Readonly<Record<string, Codec<any>>>;
export type StructOf<F extends FieldCodecs> = { [K in keyof F]: Infer<F[K]> };

/**
 * A struct: its fields in declaration order, with no framing. `name` prefixes field paths in errors
 * (`InnerBallot.epochData.eligibilityCount`).
 */
export function struct<F extends FieldCodecs>(name: string, fields: F): Codec<StructOf<F>> {
  const entries = Object.entries(fields);
  return {
    name,
    write(writer, value, path) {
      if (typeof value !== 'object' || value === null) throw new TypeError(`${path}: expected an object`);
      const record = value as Record<string, unknown>;
      for (const [key, codec] of entries) codec.write(writer, record[key], `${path}.${key}`);
    },
    read(reader) {
      const out: Record<string, unknown> = {};
      for (const [key, codec] of entries) out[key] = reader.within(key, (): unknown => codec.read(reader));
      return out as StructOf<F>;
    },
  };
}
