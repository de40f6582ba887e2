/**
 * The gas schedule of the wallet template and what a transaction costs (docs/protocol/vm-and-transactions.md §5; go-spacemesh
 * `genvm/core/gas.go`, `genvm/templates/wallet/gas.go`, `genvm/vm.go parse`). The fee `MaxGas * GasPrice` is
 * charged up front with no refund, so what the wallet shows before sending is exactly what the account pays. Pure.
 * @module
 */

/** Storing transaction data in a block, per started 8 bytes of the raw transaction. */
export const GAS_TXDATA = 128n;
/** Intrinsic cost of every transaction. */
export const GAS_TX = 20_000n;
/** Intrinsic cost of a spawn, on top of {@link GAS_TX}. */
export const GAS_SPAWN = 30_000n;
/** Storing new state, per 8 bytes. */
export const GAS_STORE = 5_000n;
/** Updating mutable state (nonce, balance), per 8 bytes. */
export const GAS_UPDATE = 725n;
/** Loading state from disk, per 8 bytes. */
export const GAS_LOAD = 182n;
export const GAS_ACCOUNT_ACCESS = 2_500n;
/** One ed25519 signature check. */
export const GAS_EDVERIFY = 3_000n;

const PUBLIC_KEY_SIZE = 32;
/** go-spacemesh's `ACCOUNT_HEADER_SIZE`: the value consensus charges for, whatever its comment there adds up to. */
const ACCOUNT_HEADER_SIZE = 36;
const ACCOUNT_BALANCE_SIZE = 8;

/** `gas` per started 8 bytes of `size` bytes (go-spacemesh `SizeGas`). */
export function sizeGas(gas: bigint, size: number): bigint {
  return gas * BigInt(Math.ceil(size / 8));
}

export type WalletMethod = 'spawn' | 'spend';

/** Intrinsic gas before the data cost: TX + EDVERIFY (+ SPAWN for a spawn). */
export function baseGas(method: WalletMethod): bigint {
  return method === 'spawn' ? GAS_TX + GAS_EDVERIFY + GAS_SPAWN : GAS_TX + GAS_EDVERIFY;
}

/**
 * Method gas that does not depend on the transaction's size. A self-spawn pays only for storing the new account
 * (the principal does not exist yet, so nothing is loaded); a spend loads the principal and updates both accounts.
 */
export function fixedGas(method: WalletMethod): bigint {
  if (method === 'spawn') return sizeGas(GAS_STORE, PUBLIC_KEY_SIZE + ACCOUNT_HEADER_SIZE);
  const load = GAS_ACCOUNT_ACCESS + sizeGas(GAS_LOAD, PUBLIC_KEY_SIZE + ACCOUNT_HEADER_SIZE);
  const exec =
    GAS_ACCOUNT_ACCESS +
    sizeGas(GAS_LOAD, ACCOUNT_BALANCE_SIZE) +
    sizeGas(GAS_UPDATE, ACCOUNT_HEADER_SIZE) +
    sizeGas(GAS_UPDATE, ACCOUNT_BALANCE_SIZE);
  return load + exec;
}

/** `MaxGas = BaseGas + 128 * ceil(len/8) + FixedGas` for a raw transaction of `rawLength` bytes. */
export function maxGas(method: WalletMethod, rawLength: number): bigint {
  return baseGas(method) + sizeGas(GAS_TXDATA, rawLength) + fixedGas(method);
}

/** The fee charged up front: `maxGas * gasPrice` smidge. */
export function txFee(method: WalletMethod, rawLength: number, gasPrice: bigint): bigint {
  return maxGas(method, rawLength) * gasPrice;
}
