/**
 * Runner for wallet-genvm-golden.json: go-spacemesh's golden SCALE encodings of the wallet template structs, both
 * ways (encode the object, decode the bytes back).
 * @module
 */
import assert from 'node:assert/strict';
import { type Codec, decode, encode } from '../../core/codec/index.js';
import { payloadCodec, spawnArgsCodec, spendArgsCodec } from '../../core/vm/txCodec.js';
import { bytesToHex, hexToBytes } from '../../core/util/bytes.js';
import { defineRunner } from './harness.js';

interface GoldenVector {
  type: 'SpawnPayload' | 'SpendPayload' | 'SpendArguments' | 'SpawnArguments';
  object: Record<string, string>;
  hex: string;
}

/** Encodes `value` to `hex` and decodes `hex` back to `value`. */
function roundTrip<T>(codec: Codec<T>, value: T, hex: string): void {
  assert.equal(bytesToHex(encode(codec, value)), hex);
  assert.deepEqual(decode(codec, hexToBytes(hex)), value);
}

export default defineRunner<GoldenVector>({
  name: (v) => `${v.type} ${v.hex}`,
  // Numbers are decimal strings in the JSON (uint64), byte fields hex.
  check({ type, object: o, hex }) {
    if (type === 'SpendArguments') return roundTrip(spendArgsCodec, { destination: hexToBytes(o.destination), amount: BigInt(o.amount ?? 'x') }, hex);
    if (type === 'SpawnArguments') return roundTrip(spawnArgsCodec, { publicKey: hexToBytes(o.publicKey) }, hex);
    return roundTrip(payloadCodec, { nonce: BigInt(o.nonce ?? 'x'), gasPrice: BigInt(o.gasPrice ?? 'x') }, hex);
  },
});
