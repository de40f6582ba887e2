/**
 * Runner for wallet-genvm-golden.json: go-spacemesh's golden SCALE encodings of the wallet template structs, both
 * ways (encode the object, decode the bytes back).
 * @module
 */
import assert from 'node:assert/strict';
import { type Codec, decode, encode } from '../../core/codec/index.js';
import { payloadCodec, spawnArgsCodec, spendArgsCodec } from '../../core/wallet/txCodec.js';
import { bytesToHex, hexToBytes } from '../../core/util/bytes.js';
import { defineRunner } from './harness.js';

interface GoldenVector {
  type: 'SpawnPayload' | 'SpendPayload' | 'SpendArguments' | 'SpawnArguments';
  object: Record<string, string>;
  hex: string;
}

/** Numbers are decimal strings in the JSON (uint64), byte fields are hex. */
function toValue(type: GoldenVector['type'], o: Record<string, string>): Record<string, unknown> {
  if (type === 'SpendArguments') return { destination: hexToBytes(o.destination), amount: BigInt(o.amount!) };
  if (type === 'SpawnArguments') return { publicKey: hexToBytes(o.publicKey) };
  return { nonce: BigInt(o.nonce!), gasPrice: BigInt(o.gasPrice!) };
}

const CODECS: Record<GoldenVector['type'], Codec<Record<string, unknown>>> = {
  SpawnPayload: payloadCodec as unknown as Codec<Record<string, unknown>>,
  SpendPayload: payloadCodec as unknown as Codec<Record<string, unknown>>,
  SpendArguments: spendArgsCodec as unknown as Codec<Record<string, unknown>>,
  SpawnArguments: spawnArgsCodec as unknown as Codec<Record<string, unknown>>,
};

export default defineRunner<GoldenVector>({
  name: (v) => `${v.type} ${v.hex}`,
  check(v) {
    const codec = CODECS[v.type];
    const value = toValue(v.type, v.object);
    assert.equal(bytesToHex(encode(codec, value)), v.hex);
    assert.deepEqual(decode(codec, hexToBytes(v.hex)), value);
  },
});
