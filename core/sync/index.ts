/**
 * Sync (docs/protocol/sync.md): a node that joins late or was off catches up from its peers, and says how far it is.
 * @module
 */
export { type LayerBallot, checkBlock } from './checkBlock.js';
export { type CandidateBlock, type ChainLink, type Choice, type PeerChain, type PeerLayerView, type Vote, chooseDecision, peerChain } from './decide.js';
export { SyncError, type SyncErrorCode } from './errors.js';
export type { SyncDeps, SyncFetcher, SyncForeignData, SyncMesh, SyncStatus } from './interface.js';
export { ProgressMeter, SYNCED_LAG_LAYERS, type SyncPosition, type SyncState, nextSyncState } from './progress.js';
export { Syncer, VOTE_WINDOW_LAYERS } from './syncer.js';
