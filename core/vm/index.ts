/**
 * The VM: wallet-template transactions, versioned accounts, layer application and revert, the state hash.
 * @module
 */
export { type Account, computeStateHash, emptyAccount, encodeAccount } from './account.js';
export { VmError, type VmErrorCode } from './errors.js';
export {
  type CoinbaseReward,
  type ExecutedTx,
  type IneffectiveTx,
  type LayerExecution,
  type LayerExecutionInput,
  type PaidReward,
  type TxVerifier,
  executeLayer,
} from './execute.js';
export { type ParsedTx, type TxSummary, parseTx, summarizeTx } from './parse.js';
export { type AccountLoader, StagedAccounts } from './staged.js';
export { type AppliedLayer, getAppliedLayer, getLastAppliedLayer, listAppliedLayers, listLatestAccounts } from './store.js';
export {
  type AccountTxRecord,
  type StoredTx,
  type TxResult,
  getTransaction,
  getTxResult,
  hasTransaction,
  insertTransaction,
  listLayerResults,
  listPendingTransactions,
  listTransactionsByAddress,
} from './txStore.js';
export { U64_MAX, addU64, mulU64, subU64 } from './u64.js';
export {
  DEFAULT_GAS_LIMIT,
  type LayerInput,
  type VmConfig,
  applyGenesis,
  applyLayer,
  getAccount,
  getBalance,
  getNextNonce,
  getStateHash,
  getTemplate,
  revertTo,
} from './vm.js';
