/**
 * Building and signing wallet transactions: self-spawn and spend in the exact wire encoding (core/vm/txCodec.ts), with
 * their id `blake3(raw)` and the fee the account will be charged (core/vm/gas.ts). The signer is a narrow,
 * consumer-owned interface, so the account key stays inside `EdSigner`. Pure (signing is deterministic).
 * @module
 */
import { blake3 } from '../crypto/hash.js';
import type { Address } from '../types/address.js';
import { WALLET_TEMPLATE, walletPrincipal } from '../types/templates.js';
import { concatBytes } from '../util/bytes.js';
import { type WalletMethod, maxGas } from '../vm/gas.js';
import { TX_SIZE_LIMIT, encodeSpawnBody, encodeSpendBody } from '../vm/txCodec.js';
import { WalletError } from './errors.js';

/** What building a transaction needs from a key: its public key and a signature over `GenesisID || body`. */
export interface TxSigner {
  readonly publicKey: Uint8Array;
  /** Signs `body` for the signer's network (the GenesisID prefix is the signer's business). */
  signTransaction(body: Uint8Array): Uint8Array;
}

const U64_MAX = (1n << 64n) - 1n;

export interface BuiltTx {
  readonly method: WalletMethod;
  /** The complete signed transaction, as submitted and gossiped. */
  readonly raw: Uint8Array;
  /** `blake3(raw)`. */
  readonly id: Uint8Array;
  readonly principal: Address;
  readonly nonce: bigint;
  readonly gasPrice: bigint;
  readonly maxGas: bigint;
  /** `maxGas * gasPrice` smidge, charged whether the transaction succeeds or fails. */
  readonly fee: bigint;
  /** Smidge moved to `destination` (0 for a spawn). */
  readonly amount: bigint;
  readonly destination: Address | null;
}

export interface TxCommon {
  readonly nonce: bigint;
  /** Smidge per gas unit; nodes reject 0. */
  readonly gasPrice: bigint;
}

/**
 * A self-spawn: publishes the account's public key so it can later spend (docs/protocol/vm-and-transactions.md §3 "Self-spawn").
 * @throws {WalletError} INVALID_TRANSACTION for a zero gas price or a nonce/gas price outside uint64
 */
export function buildSelfSpawn(signer: TxSigner, common: TxCommon): BuiltTx {
  checkCommon(common);
  const principal = walletPrincipal(signer.publicKey);
  const body = encodeSpawnBody(principal, WALLET_TEMPLATE, common, { publicKey: signer.publicKey });
  return finish('spawn', signer, body, principal, common, 0n, null);
}

export interface SpendParams extends TxCommon {
  readonly destination: Address;
  /** Smidge to send. */
  readonly amount: bigint;
}

/**
 * A spend of `amount` smidge to `destination` from the signer's wallet account.
 * @throws {WalletError} INVALID_TRANSACTION for a zero gas price, a value outside uint64 or a bad destination
 */
export function buildSpend(signer: TxSigner, params: SpendParams): BuiltTx {
  checkCommon(params);
  if (params.amount < 0n || params.amount > U64_MAX) throw new WalletError('INVALID_TRANSACTION', 'amount must fit in uint64');
  const principal = walletPrincipal(signer.publicKey);
  let body: Uint8Array;
  try {
    body = encodeSpendBody(principal, params, { destination: params.destination, amount: params.amount });
  } catch (err) {
    throw new WalletError('INVALID_TRANSACTION', (err as Error).message);
  }
  return finish('spend', signer, body, principal, params, params.amount, params.destination.slice());
}

function checkCommon({ nonce, gasPrice }: TxCommon): void {
  if (typeof nonce !== 'bigint' || nonce < 0n || nonce > U64_MAX) throw new WalletError('INVALID_TRANSACTION', 'nonce must be a uint64');
  if (typeof gasPrice !== 'bigint' || gasPrice < 1n || gasPrice > U64_MAX) {
    throw new WalletError('INVALID_TRANSACTION', 'gas price must be at least 1 smidge (nodes reject 0)');
  }
}

function finish(
  method: WalletMethod,
  signer: TxSigner,
  body: Uint8Array,
  principal: Address,
  { nonce, gasPrice }: TxCommon,
  amount: bigint,
  destination: Address | null,
): BuiltTx {
  const raw = concatBytes(body, signer.signTransaction(body));
  if (raw.length > TX_SIZE_LIMIT) throw new WalletError('INVALID_TRANSACTION', `transaction is over ${TX_SIZE_LIMIT} bytes`);
  const gas = maxGas(method, raw.length);
  return { method, raw, id: blake3(raw), principal, nonce, gasPrice, maxGas: gas, fee: gas * gasPrice, amount, destination };
}
