/**
 * The mempool: conservative per-account state, the transaction handler, and proposal selection.
 * @module
 */
export { MempoolError, type MempoolErrorCode } from './errors.js';
export { type TxHandler, type TxHandlerDeps, type TxVerdict, createTxHandler, restoreMempool, syncMempoolWithState } from './handler.js';
export { type AccountProjection, type AddOutcome, MAX_PENDING_PER_ACCOUNT, Mempool, type PendingTx } from './pool.js';
