/**
 * The wallet: mnemonics, HD account keys, the smapp-compatible keystore file, and wallet-template transactions.
 * The public surface.
 * @module
 */
export { SMIDGE_PER_SMH, formatSmh, parseSmh } from './amount.js';
export { WalletError, type WalletErrorCode } from './errors.js';
export { type HistoryEntry, type HistoryEntryJson, buildHistory, historyEntryToJson } from './history.js';
export { accountIndexOf, accountPath, formatPath, parsePath } from './hdPath.js';
export { type WalletSummary, summarizeWallet } from './importSmapp.js';
export type {
  ConnectWalletNode,
  NodeAccountState,
  NodeRewardRecord,
  NodeTxRecord,
  WalletHistoryApi,
  WalletNodeApi,
  WalletNodeConnection,
} from './interface.js';
export { type AccountKey, accountAddress, deriveAccountKey, deriveKey } from './keys.js';
export { DEFAULT_KDF_ITERATIONS } from './keystore/cipher.js';
export type { WalletMeta, WalletSecrets } from './keystore/types.js';
export { type AccountInfo, type CreateWalletOptions, type KeystoreOptions, WalletFile } from './keystore/walletFile.js';
export { type MnemonicWordCount, type RandomBytes, checkMnemonic, generateMnemonic, isValidMnemonic, mnemonicToSeed } from './mnemonic.js';
export { type PreparedSend, type SendRequest, prepareSend, sendFromAccount, submitPrepared } from './send.js';
export { type BuiltTx, type SpendParams, type TxSigner, buildSelfSpawn, buildSpend } from './tx.js';
export { type SecretPrompt, readSecret, terminalPrompt } from './secretInput.js';
export { ensureWalletsDir, listWalletFiles, resolveWalletPath, walletFileName, walletsDir } from './walletDir.js';
