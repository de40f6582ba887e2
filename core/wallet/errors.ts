/**
 * The wallet's coded errors. Messages are written for the person at the keyboard and never carry a secret: no
 * password, mnemonic word, key or plaintext ever goes into a message or into `meta`. Pure.
 * @module
 */
import { CodedError, type ErrorMeta } from '../util/errors.js';

export type WalletErrorCode =
  /** Not a valid BIP-39 English mnemonic (unknown word, wrong count or bad checksum). */
  | 'INVALID_MNEMONIC'
  /** A derivation path that is not hardened-only `m/44'/540'/...` with 2 to 5 components. */
  | 'INVALID_PATH'
  /** The password does not open the wallet file (or the encrypted part was altered). */
  | 'WRONG_PASSWORD'
  /** The file is not a wallet file: truncated, not JSON, or a JSON document of another shape. */
  | 'BAD_WALLET_FILE'
  /** A cipher or KDF this implementation does not know. */
  | 'UNSUPPORTED_FORMAT'
  /** The wallet was locked; unlock it with the password first. */
  | 'WALLET_LOCKED'
  /** No such account or contact in the wallet. */
  | 'NOT_FOUND'
  /** A name, address or file that already exists. */
  | 'ALREADY_EXISTS'
  /** An amount that is not a decimal SMH value with at most 9 decimals, or out of range. */
  | 'INVALID_AMOUNT'
  /** The account cannot pay the amount plus the fees. */
  | 'INSUFFICIENT_BALANCE'
  /** A transaction the wallet refuses to build (zero gas price, too large, bad field). */
  | 'INVALID_TRANSACTION'
  /** A wallet, account or contact name that is empty, too long or has control characters. */
  | 'INVALID_NAME'
  /** A password that is empty or cannot be read. */
  | 'INVALID_PASSWORD'
  /** The node refused or could not take a request. */
  | 'NODE_ERROR';

export class WalletError extends CodedError<WalletErrorCode> {
  constructor(code: WalletErrorCode, message: string, meta: ErrorMeta = {}, options?: { cause?: unknown }) {
    super(code, message, meta, options);
  }
}
