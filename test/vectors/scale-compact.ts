/**
 * Runner for scale-compact.json: encodes values and checks the hex; decodes the hex and checks the value or the
 * error code.
 * @module
 */
import assert from 'node:assert/strict';
import { type Codec, compact8, compact16, compact32, compact64, decode, encode, option, ScaleError, vec } from '../../core/codec/index.js';
import { bytesToHex, hexToBytes } from '../../core/util/bytes.js';
import { defineRunner } from './harness.js';

interface ScaleVector {
  type: 'u8' | 'u16' | 'u32' | 'u64' | 'vec<u64>' | 'option<u8>';
  value?: string | string[] | null;
  hex: string;
  error?: string;
}

/** Maps a vector's JSON value (decimal strings) to the codec's value and back. */
const CODECS: Record<ScaleVector['type'], { codec: Codec<unknown>; from: (v: unknown) => unknown }> = {
  u8: { codec: compact8, from: (v) => Number(v) },
  u16: { codec: compact16, from: (v) => Number(v) },
  u32: { codec: compact32, from: (v) => Number(v) },
  u64: { codec: compact64, from: (v) => BigInt(v as string) },
  'vec<u64>': { codec: vec(compact64, 100), from: (v) => (v as string[]).map(BigInt) },
  'option<u8>': { codec: option(compact8), from: (v) => (v === null ? null : Number(v)) },
};

export default defineRunner<ScaleVector>({
  name: (v) => `${v.type} ${v.hex}${v.error ? ` → ${v.error}` : ''}`,
  check(v) {
    const { codec, from } = CODECS[v.type];
    const bytes = hexToBytes(v.hex);
    if (v.error !== undefined) {
      assert.throws(() => decode(codec, bytes), (err: unknown) => err instanceof ScaleError && err.code === v.error);
      return;
    }
    const value = from(v.value);
    assert.equal(bytesToHex(encode(codec, value)), v.hex);
    assert.deepEqual(decode(codec, bytes), value);
  },
});
