/**
 * What importing a smapp wallet shows: the wallet's name, each account's path and address, and whether its
 * mnemonic is a valid BIP-39 phrase (very old smapp wallets hold phrases and paths from earlier schemes; their
 * stored keys still work, but the phrase alone cannot restore them). Addresses come from the stored public keys,
 * which the file parser has already checked against the secret keys. Pure.
 * @module
 */
import { accountAddress } from './keys.js';
import type { WalletFile } from './keystore/walletFile.js';

export interface WalletSummary {
  readonly name: string;
  readonly accounts: ReadonlyArray<{ readonly path: string; readonly address: string }>;
  readonly mnemonicValid: boolean;
}

/**
 * The `import-smapp --json` summary of an unlocked wallet, with addresses for the network with `hrp`.
 * @throws {WalletError} WALLET_LOCKED
 */
export function summarizeWallet(wallet: WalletFile, hrp: string): WalletSummary {
  return {
    name: wallet.meta.displayName,
    accounts: wallet.accounts().map((a) => ({ path: a.path, address: accountAddress(a.publicKey, hrp) })),
    mnemonicValid: wallet.hasValidMnemonic(),
  };
}
