/**
 * Shared fixtures for the VM, mempool and rewards suites: an in-memory state database with the real migrations,
 * deterministic keys, a small network configuration, and transaction builders (the wallet's own, plus raw ones the
 * wallet refuses to build, such as GasPrice 0).
 * @module
 */
import { createHash } from 'node:crypto';
import { EdSigner } from '../../../core/crypto/ed25519.js';
import { type Executor, STATE_SCHEMA, openDatabase } from '../../../core/db/index.js';
import type { Address } from '../../../core/types/address.js';
import { WALLET_TEMPLATE, walletPrincipal } from '../../../core/types/templates.js';
import { concatBytes } from '../../../core/util/bytes.js';
import type { CoinbaseReward } from '../../../core/vm/execute.js';
import type { VmConfig } from '../../../core/vm/vm.js';
import { type BuiltTx, buildSelfSpawn, buildSpend } from '../../../core/wallet/tx.js';
import { encodeSpawnBody, encodeSpendBody } from '../../../core/vm/txCodec.js';

/** GenesisID of the standalone vector network (docs/protocol/vectors.md §3). */
export const GENESIS_ID = Uint8Array.from(Buffer.from('3fd8c508c7b242399efb1ce31e928b6082c21050', 'hex'));
/** Two layers per epoch: the first effective genesis layer is 3, so tests start applying at 3. */
export const CONFIG: VmConfig = { genesisId: GENESIS_ID, layersPerEpoch: 2, gasLimit: 100_000_000n };
export const FIRST_LAYER = 3;

export function freshDb(): Executor {
  return openDatabase(':memory:', STATE_SCHEMA);
}

/** A deterministic identity key from a label. */
export function signer(label: string): EdSigner {
  return new EdSigner(createHash('sha256').update(label).digest(), GENESIS_ID);
}

export function addressOf(s: EdSigner): Address {
  return walletPrincipal(s.publicKey);
}

/** 32 deterministic bytes (smesher ids, block ids' sources). */
export function bytes32(label: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(label).digest());
}

/** A reward entry paying `coinbase` with weight num/denom. */
export function reward(label: string, coinbase: Address, num = 1n, denom = 1n): CoinbaseReward {
  return { smesherId: bytes32(`smesher:${label}`), coinbase, weight: { num, denom } };
}

export function selfSpawn(s: EdSigner, nonce = 0n, gasPrice = 1n): BuiltTx {
  return buildSelfSpawn(s, { nonce, gasPrice });
}

export function spend(s: EdSigner, destination: Address, amount: bigint, nonce: bigint, gasPrice = 1n): BuiltTx {
  return buildSpend(s, { destination, amount, nonce, gasPrice });
}

/** A spend signed as given, without the wallet's refusals (GasPrice 0, any amount). */
export function rawSpend(s: EdSigner, destination: Address, amount: bigint, nonce: bigint, gasPrice: bigint): Uint8Array {
  const body = encodeSpendBody(addressOf(s), { nonce, gasPrice }, { destination, amount });
  return concatBytes(body, s.signTransaction(body));
}

/** A self-spawn signed as given, with any template address. */
export function rawSpawn(s: EdSigner, nonce: bigint, gasPrice: bigint, template: Address = WALLET_TEMPLATE): Uint8Array {
  const body = encodeSpawnBody(addressOf(s), template, { nonce, gasPrice }, { publicKey: s.publicKey });
  return concatBytes(body, s.signTransaction(body));
}

/** A spawn by `s` of the wallet account of `publicKey` (another account). */
export function rawSpawnOther(s: EdSigner, publicKey: Uint8Array, nonce: bigint, gasPrice = 1n): Uint8Array {
  const body = encodeSpawnBody(addressOf(s), WALLET_TEMPLATE, { nonce, gasPrice }, { publicKey });
  return concatBytes(body, s.signTransaction(body));
}
