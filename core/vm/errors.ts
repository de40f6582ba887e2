/**
 * The VM's coded errors. Codes double as the reasons recorded for ineffective and failed transactions
 * (docs/protocol/vm-and-transactions.md §8: an ineffective transaction changes nothing, a failed one still pays its fee). Pure.
 * @module
 */
import { CodedError } from '../util/errors.js';

export type VmErrorCode =
  /** The bytes are not a transaction of a known template: bad encoding, version, method or size. */
  | 'MALFORMED'
  /** A spawn of, or a call on an account of, a template this VM does not run. */
  | 'UNKNOWN_TEMPLATE'
  /** A call from an account that has not been spawned, or a spawn of another account by an unspawned one. */
  | 'NOT_SPAWNED'
  /** GasPrice 0: nodes reject such transactions. */
  | 'ZERO_GAS_PRICE'
  /** The principal's balance does not cover the intrinsic gas. */
  | 'INTRINSIC_GAS'
  /** Not enough gas left in the block for the transaction's MaxGas. */
  | 'BLOCK_GAS'
  /** The signature does not verify over `GenesisID || tx`. */
  | 'BAD_SIGNATURE'
  /** Nonce below the account's next nonce: already used (a replay). */
  | 'NONCE_TOO_LOW'
  /** An amount, fee or nonce whose arithmetic leaves u64. */
  | 'OVERFLOW'
  /** Failed: the balance did not cover the whole fee (everything left was taken). */
  | 'OUT_OF_GAS'
  /** Failed: the balance after the fee does not cover the amount. */
  | 'NO_BALANCE'
  /** Failed: spawning an account that is already spawned. */
  | 'SPAWNED'
  /** applyLayer called out of order, or before the first effective genesis layer. */
  | 'LAYER_ORDER'
  /** Stored state that cannot be read back (a bug or a corrupted database). */
  | 'CORRUPT_STATE';

export class VmError extends CodedError<VmErrorCode> {}
