/**
 * The wallet template's transaction wire format (docs/protocol/vm-and-transactions.md §3; go-spacemesh `genvm/vm.go parse`,
 * `genvm/sdk/wallet/tx.go`):
 *
 * ```
 * version c8 (=0) | principal [24] | method c8 (0 spawn, 16 spend) | template [24] (spawn only)
 *   | Payload{Nonce c64, GasPrice c64} | args (spawn: PublicKey [32]; spend: Destination [24], Amount c64)
 *   | signature [64]
 * ```
 *
 * The signature covers `GenesisID || everything before it`, with no domain byte. Encoding and decoding go through
 * the SCALE combinators, so field errors name their field. Pure.
 * @module
 */
import { type Codec, type Infer, compact8, compact64, decodePrefix, encode, fixedBytes, struct } from '../codec/index.js';
import { SIGNATURE_LENGTH } from '../crypto/ed25519.js';
import { ADDRESS_LENGTH, type Address } from '../types/address.js';
import { concatBytes } from '../util/bytes.js';
import { VmError } from './errors.js';

export const TX_VERSION = 0;
export const METHOD_SPAWN = 0;
export const METHOD_SPEND = 16;
/** go-spacemesh `core.TxSizeLimit`: larger transactions are rejected by every node. */
export const TX_SIZE_LIMIT = 1024;

const address = fixedBytes(ADDRESS_LENGTH);

export const txHeaderCodec = struct('TxHeader', { version: compact8, principal: address, method: compact8 });
export const payloadCodec = struct('Payload', { nonce: compact64, gasPrice: compact64 });
export const spawnArgsCodec = struct('SpawnArguments', { publicKey: fixedBytes(32) });
export const spendArgsCodec = struct('SpendArguments', { destination: address, amount: compact64 });
const signatureCodec = fixedBytes(SIGNATURE_LENGTH);

export type Payload = Infer<typeof payloadCodec>;
export type SpawnArguments = Infer<typeof spawnArgsCodec>;
export type SpendArguments = Infer<typeof spendArgsCodec>;

/** The signed part of a self-spawn (or spawn) of `template` by `principal`. */
export function encodeSpawnBody(principal: Address, template: Address, payload: Payload, args: SpawnArguments): Uint8Array {
  return concatBytes(
    encode(txHeaderCodec, { version: TX_VERSION, principal, method: METHOD_SPAWN }),
    encode(address, template),
    encode(payloadCodec, payload),
    encode(spawnArgsCodec, args),
  );
}

/** The signed part of a spend. */
export function encodeSpendBody(principal: Address, payload: Payload, args: SpendArguments): Uint8Array {
  return concatBytes(
    encode(txHeaderCodec, { version: TX_VERSION, principal, method: METHOD_SPEND }),
    encode(payloadCodec, payload),
    encode(spendArgsCodec, args),
  );
}

export type DecodedWalletTx =
  | { readonly method: 'spawn'; readonly principal: Address; readonly template: Address; readonly payload: Payload; readonly args: SpawnArguments; readonly body: Uint8Array; readonly signature: Uint8Array }
  | { readonly method: 'spend'; readonly principal: Address; readonly payload: Payload; readonly args: SpendArguments; readonly body: Uint8Array; readonly signature: Uint8Array };

/**
 * Decodes a single-signature wallet transaction (spawn or spend), for history views and for checking what is about
 * to be sent.
 * @throws {VmError} MALFORMED for another version or method, a size above the limit, or a field
 * that does not decode (the message names it)
 */
export function decodeWalletTx(raw: Uint8Array): DecodedWalletTx {
  if (raw.length > TX_SIZE_LIMIT) throw new VmError('MALFORMED', `transaction is ${raw.length} bytes, over the ${TX_SIZE_LIMIT}-byte limit`);
  try {
    let offset = 0;
    const next = <T>(codec: Codec<T>): T => {
      const { value, length } = decodePrefix(codec, raw.subarray(offset));
      offset += length;
      return value;
    };
    const header = next(txHeaderCodec);
    if (header.version !== TX_VERSION) throw new VmError('MALFORMED', `unsupported transaction version ${header.version}`);
    const finish = () => {
      const body = raw.slice(0, offset);
      const signature = next(signatureCodec);
      if (offset !== raw.length) throw new VmError('MALFORMED', `${raw.length - offset} bytes after the signature`);
      return { body, signature };
    };
    if (header.method === METHOD_SPAWN) {
      const template = next(address);
      const payload = next(payloadCodec);
      const args = next(spawnArgsCodec);
      return { method: 'spawn', principal: header.principal, template, payload, args, ...finish() };
    }
    if (header.method === METHOD_SPEND) {
      const payload = next(payloadCodec);
      const args = next(spendArgsCodec);
      return { method: 'spend', principal: header.principal, payload, args, ...finish() };
    }
    throw new VmError('MALFORMED', `method ${header.method} is not a wallet spawn (0) or spend (16)`);
  } catch (err) {
    if (err instanceof VmError) throw err;
    throw new VmError('MALFORMED', `malformed transaction: ${(err as Error).message}`);
  }
}
