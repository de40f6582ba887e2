/**
 * SCALE compact unsigned integers, as go-scale encodes them (docs/protocol/primitives.md §4; docs/protocol/vectors.md §2).
 *
 * | first byte's low 2 bits | form                                  | values        |
 * |-------------------------|---------------------------------------|---------------|
 * | `00`                    | 1 byte, value << 2                    | 0 .. 2^6-1    |
 * | `01`                    | 2 bytes LE, value << 2 \| 1            | 2^6 .. 2^14-1 |
 * | `10`                    | 4 bytes LE, value << 2 \| 2            | 2^14 .. 2^30-1|
 * | `11`                    | ((n-4) << 2 \| 3), then n bytes LE     | 2^30 ..       |
 *
 * Only the shortest form is accepted when decoding (`fd00` for 63 is rejected), and a value above the type's
 * maximum is an overflow (`0104` = 256 is not a u8). Pure.
 * @module
 */
import { abigint, aint } from '../util/assert.js';
import type { Codec } from './codec.js';
import type { Reader } from './reader.js';
import type { Writer } from './writer.js';

const ONE_BYTE_LIMIT = 1 << 6;
const TWO_BYTE_LIMIT = 1 << 14;
const FOUR_BYTE_LIMIT = 1 << 30;

/** Writes any value below 2^536 in compact form. Values arrive already range-checked by their codec. */
function writeCompact(writer: Writer, value: number | bigint): void {
  if (typeof value === 'number' && value < FOUR_BYTE_LIMIT) {
    if (value < ONE_BYTE_LIMIT) {
      writer.byte(value << 2);
    } else if (value < TWO_BYTE_LIMIT) {
      const word = (value << 2) | 0b01;
      writer.byte(word & 0xff);
      writer.byte(word >>> 8);
    } else {
      const word = ((value << 2) | 0b10) >>> 0;
      writer.byte(word & 0xff);
      writer.byte((word >>> 8) & 0xff);
      writer.byte((word >>> 16) & 0xff);
      writer.byte(word >>> 24);
    }
    return;
  }
  let big = BigInt(value);
  if (big < BigInt(FOUR_BYTE_LIMIT)) return writeCompact(writer, Number(big));
  const bytes: number[] = [];
  for (; big > 0n; big >>= 8n) bytes.push(Number(big & 0xffn));
  writer.byte(((bytes.length - 4) << 2) | 0b11);
  writer.bytes(Uint8Array.from(bytes));
}

/**
 * Reads one compact integer of at most `maxBytes` bytes in big-integer form and at most `max` in value.
 * @throws {ScaleError} NON_CANONICAL, OVERFLOW or UNEXPECTED_END
 */
function readCompact(reader: Reader, maxBytes: number, max: bigint, typeName: string): bigint {
  const start = reader.position;
  const first = reader.byte();
  let value: bigint;
  switch (first & 0b11) {
    case 0b00:
      value = BigInt(first >>> 2);
      break;
    case 0b01: {
      const word = (first | (reader.byte() << 8)) >>> 2;
      if (word < ONE_BYTE_LIMIT) reader.fail('NON_CANONICAL', `${word} must use the 1-byte form`, start);
      value = BigInt(word);
      break;
    }
    case 0b10: {
      const rest = reader.take(3);
      const word = (first | (rest[0]! << 8) | (rest[1]! << 16) | (rest[2]! << 24)) >>> 2;
      if (word < TWO_BYTE_LIMIT) reader.fail('NON_CANONICAL', `${word} must use a shorter form`, start);
      value = BigInt(word);
      break;
    }
    default: {
      const length = (first >>> 2) + 4;
      if (length > maxBytes) {
        reader.fail('OVERFLOW', `${length}-byte compact integer does not fit ${typeName}`, start);
      }
      const bytes = reader.take(length);
      if (bytes[length - 1] === 0) reader.fail('NON_CANONICAL', 'big-integer form with a zero top byte', start);
      value = 0n;
      for (let i = length - 1; i >= 0; i--) value = (value << 8n) | BigInt(bytes[i]!);
      if (value < BigInt(FOUR_BYTE_LIMIT)) {
        reader.fail('NON_CANONICAL', `${value} must use a shorter form`, start);
      }
    }
  }
  if (value > max) reader.fail('OVERFLOW', `${value} does not fit ${typeName} (max ${max})`, start);
  return value;
}

function compactNumber(bits: 8 | 16 | 32): Codec<number> {
  const max = 2 ** bits - 1;
  const name = `compact${bits}`;
  return {
    name,
    write(writer, value, path) {
      aint(value, 0, max, path);
      writeCompact(writer, value);
    },
    read: (reader) => Number(readCompact(reader, bits / 8, BigInt(max), name)),
  };
}

/** Compact u8 (go-scale `EncodeCompact8`). */
export const compact8: Codec<number> = compactNumber(8);
/** Compact u16 (go-scale `EncodeCompact16`). */
export const compact16: Codec<number> = compactNumber(16);
/** Compact u32 (go-scale `EncodeCompact32`): layers, epochs, counts. */
export const compact32: Codec<number> = compactNumber(32);

const U64_MAX = (1n << 64n) - 1n;

/** Compact u64 (go-scale `EncodeCompact64`): amounts, nonces, tick heights. Values are bigints. */
export const compact64: Codec<bigint> = {
  name: 'compact64',
  write(writer, value, path) {
    abigint(value, 0n, U64_MAX, path);
    writeCompact(writer, value);
  },
  read: (reader) => readCompact(reader, 8, U64_MAX, 'compact64'),
};

/** Reads a length prefix (compact u32) and checks it against `maxLength` before anything is allocated. */
export function readLength(reader: Reader, maxLength: number): number {
  const start = reader.position;
  const length = Number(readCompact(reader, 4, 0xffffffffn, 'length'));
  if (length > maxLength) reader.fail('TOO_LONG', `length ${length} exceeds the maximum ${maxLength}`, start);
  return length;
}

/** Writes a length prefix after checking it against `maxLength`. */
export function writeLength(writer: Writer, length: number, maxLength: number, path: string): void {
  if (length > maxLength) throw new RangeError(`${path}: length ${length} exceeds the maximum ${maxLength}`);
  writeCompact(writer, length);
}
