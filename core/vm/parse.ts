/**
 * Parsing a wallet-template transaction against its principal's current state, as go-spacemesh `genvm/vm.go parse`
 * does: which template runs it, whose key must have signed it, its gas (intrinsic, fixed, MaxGas), its fee
 * `MaxGas * GasPrice` and the most it can spend (docs/protocol/vm-and-transactions.md §3). The byte format is the wallet's
 * (core/vm/txCodec.ts); the gas schedule too (core/vm/gas.ts). Pure.
 *
 * Parsing does not check the signature, the gas price or the nonce: the VM and the mempool check those in their own
 * order (an ineffective transaction must be classified identically on every node).
 * @module
 */
import { blake3 } from '../crypto/hash.js';
import { PUBLIC_KEY_LENGTH } from '../crypto/ed25519.js';
import type { Address } from '../types/address.js';
import { WALLET_TEMPLATE, walletPrincipal } from '../types/templates.js';
import { equalBytes } from '../util/bytes.js';
import type { Account } from './account.js';
import { VmError } from './errors.js';
import { GAS_ACCOUNT_ACCESS, GAS_LOAD, GAS_TXDATA, baseGas, fixedGas, sizeGas } from './gas.js';
import { decodeWalletTx } from './txCodec.js';
import { U64_MAX, addU64, mulU64 } from './u64.js';

/**
 * go-spacemesh `wallet.LoadGas()`: loading a spawned wallet (public key + account header) before it acts. Charged
 * on top of the spawn's storage when a spawned wallet spawns another account; core/vm/gas.ts folds it into the
 * spend's fixed gas and a self-spawn never pays it.
 */
const WALLET_LOAD_GAS = GAS_ACCOUNT_ACCESS + sizeGas(GAS_LOAD, PUBLIC_KEY_LENGTH + 36);

export interface ParsedTx {
  /** `blake3(raw)`. */
  readonly id: Uint8Array;
  readonly raw: Uint8Array;
  /** Everything but the signature: what `GenesisID || body` signs. */
  readonly body: Uint8Array;
  readonly signature: Uint8Array;
  readonly principal: Address;
  readonly method: 'spawn' | 'spend';
  /** The template the call runs (the spawn's template, or the principal's). */
  readonly template: Address;
  /** A spawn whose principal is the account it creates. */
  readonly selfSpawn: boolean;
  /** The key whose signature counts: the principal's stored key, or the self-spawn's argument. */
  readonly signer: Uint8Array;
  readonly nonce: bigint;
  readonly gasPrice: bigint;
  /** `BaseGas + TXDATA·⌈len/8⌉`: the balance must cover this many smidge or the transaction is ineffective. */
  readonly intrinsicGas: bigint;
  readonly maxGas: bigint;
  /** `maxGas * gasPrice`, charged up front with no refund. */
  readonly fee: bigint;
  /** The most the method moves out of the principal besides the fee (a spend's amount; 0 for a spawn). */
  readonly maxSpend: bigint;
  /** `fee + maxSpend`: what the mempool reserves for it. */
  readonly spending: bigint;
  /** Spend destination, or the account a spawn creates. */
  readonly target: Address;
  readonly amount: bigint;
  /** The spawned account's public key (spawn only). */
  readonly spawnKey: Uint8Array | null;
}

/**
 * Parses `raw` for execution against `principal`, the principal's current account state.
 * @param raw - the complete signed transaction
 * @param principal - the latest state of the account named in the transaction (an empty account if unknown)
 * @throws {VmError} MALFORMED (encoding, version, method, size, wrong principal state), UNKNOWN_TEMPLATE,
 *   NOT_SPAWNED, or OVERFLOW (fee, spending or next nonce outside u64)
 */
export function parseTx(raw: Uint8Array, principal: Account): ParsedTx {
  let tx;
  try {
    tx = decodeWalletTx(raw);
  } catch (err) {
    throw new VmError('MALFORMED', (err as Error).message);
  }
  if (!equalBytes(tx.principal, principal.address)) {
    throw new VmError('MALFORMED', 'principal state given for another address');
  }
  if (principal.template !== null && !equalBytes(principal.template, WALLET_TEMPLATE)) {
    throw new VmError('UNKNOWN_TEMPLATE', 'the principal is an account of a template this VM does not run');
  }
  const storedKey = principal.template === null ? null : walletKey(principal);
  let method: 'spawn' | 'spend';
  let selfSpawn = false;
  let signer: Uint8Array;
  let fixed: bigint;
  let target: Address;
  let amount = 0n;
  let spawnKey: Uint8Array | null = null;
  if (tx.method === 'spawn') {
    method = 'spawn';
    if (!equalBytes(tx.template, WALLET_TEMPLATE)) throw new VmError('UNKNOWN_TEMPLATE', 'spawn of an unknown template');
    spawnKey = tx.args.publicKey;
    target = walletPrincipal(spawnKey);
    selfSpawn = equalBytes(target, tx.principal);
    if (selfSpawn) {
      // A self-spawn is signed by the key it publishes, even when the account turns out to be spawned already
      // (it then fails with SPAWNED and pays its fee, as in go-spacemesh).
      signer = spawnKey;
      fixed = fixedGas('spawn');
    } else if (storedKey === null) {
      throw new VmError('NOT_SPAWNED', "an account can't spawn another until it is spawned itself");
    } else {
      signer = storedKey;
      fixed = WALLET_LOAD_GAS + fixedGas('spawn');
    }
  } else {
    method = 'spend';
    if (storedKey === null) throw new VmError('NOT_SPAWNED', 'the principal account is not spawned');
    signer = storedKey;
    fixed = fixedGas('spend');
    target = tx.args.destination;
    amount = tx.args.amount;
  }
  const intrinsicGas = baseGas(method) + sizeGas(GAS_TXDATA, raw.length);
  const maxGas = intrinsicGas + fixed;
  const { nonce, gasPrice } = tx.payload;
  if (nonce === U64_MAX) throw new VmError('OVERFLOW', 'nonce 2^64-1 leaves no next nonce');
  const fee = mulU64(maxGas, gasPrice, 'fee');
  const spending = addU64(fee, amount, 'fee + amount');
  return {
    id: blake3(raw),
    raw,
    body: tx.body,
    signature: tx.signature,
    principal: tx.principal,
    method,
    template: WALLET_TEMPLATE,
    selfSpawn,
    signer,
    nonce,
    gasPrice,
    intrinsicGas,
    maxGas,
    fee,
    maxSpend: amount,
    spending,
    target,
    amount,
    spawnKey,
  };
}

function walletKey(account: Account): Uint8Array {
  if (account.state === null || account.state.length !== PUBLIC_KEY_LENGTH) {
    throw new VmError('CORRUPT_STATE', 'a spawned wallet must store a 32-byte public key');
  }
  return account.state;
}

export interface TxSummary {
  readonly principal: Address;
  readonly nonce: bigint;
  /** The principal, then a spend's destination or a spawn's new account when that is another address. */
  readonly addresses: Address[];
}

/** Who a raw wallet transaction involves and its nonce, for storage and history; null for bytes that do not decode. */
export function summarizeTx(raw: Uint8Array): TxSummary | null {
  try {
    const tx = decodeWalletTx(raw);
    const other = tx.method === 'spend' ? tx.args.destination : walletPrincipal(tx.args.publicKey);
    const addresses = equalBytes(other, tx.principal) ? [tx.principal] : [tx.principal, other];
    return { principal: tx.principal, nonce: tx.payload.nonce, addresses };
  } catch {
    return null;
  }
}
