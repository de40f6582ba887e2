/**
 * The ports the syncer consumes (docs/protocol/sync.md §1), owned here and plugged in by the node: the fetcher,
 * the node's fetch-before-validate path, its handlers, the mesh, and the clock. Pure: types only.
 * @module
 */
import type { Fetcher } from '../fetch/index.js';
import type { ValidBallot } from '../proposals/validate.js';
import type { Decision } from '../tortoise/logic.js';
import type { Logger } from '../util/logger.js';
import type { Verdict } from '../util/verdict.js';
import type { SyncState } from './progress.js';

export type SyncFetcher = Pick<Fetcher, 'getEpochAtxIds' | 'getMaliciousIds' | 'getLayerData' | 'getLayerOpinion' | 'getMeshHashes' | 'getHashes' | 'penalize'>;

/** What the node's fetch-before-validate path (core/node/foreignData.ts) does for the syncer. */
export interface SyncForeignData {
  /** Fetches ATXs by id, each with its dependencies, through the ATX handler. */
  fetchAtxs(ids: readonly Uint8Array[]): Promise<void>;
  /** Fetches what a ballot refers to: its ATX, active set and reference ballot. */
  beforeBallot(bytes: Uint8Array): Promise<void>;
  /** Fetches transactions through the transaction handler. */
  fetchTransactions(ids: readonly Uint8Array[]): Promise<void>;
}

/** The mesh executor's side the syncer drives (core/mesh/executor.ts). */
export interface SyncMesh {
  lastApplied(): number | null;
  opinionOf(layer: number): Uint8Array | null;
  /** Applies `layer` (the next one) as decided; false when it is not the next layer to apply. */
  applySynced(layer: number, decision: Decision): boolean;
  /**
   * Reverts the state and the applied layers to the end of `layer` (fork finding, docs/protocol/sync.md §5).
   * Absent: this node never reverts for sync.
   */
  revertTo?(layer: number): void;
}

/** What node.status and the progress event say about sync. */
export interface SyncStatus {
  readonly state: SyncState;
  /** The last layer this node applied. */
  readonly layer: number;
  /** The layer the network has reached as this node sees it (the clock's layer minus one). */
  readonly peersLayer: number;
  /** Layers applied per second while catching up, or null when not measured. */
  readonly layersPerSecond: number | null;
  /** Seconds to the tip at that rate, or null when unknown. */
  readonly etaSeconds: number | null;
  /** ATXs fetched by sync since the node started. */
  readonly atxsFetched: number;
  readonly peers: number;
}

export interface SyncDeps {
  readonly fetcher: SyncFetcher;
  peers(): string[];
  readonly foreign: SyncForeignData;
  readonly mesh: SyncMesh;
  hasAtx(id: Uint8Array): boolean;
  hasTransaction(id: Uint8Array): boolean;
  isMalicious(smesherId: Uint8Array): boolean;
  /** Validates a ballot of any kind without storing it (the node's tortoise counts every ballot it validates). */
  checkBallot(bytes: Uint8Array): Verdict<ValidBallot>;
  /** Stores a valid reference ballot (later ballots of the epoch name it). */
  storeReferenceBallot(bytes: Uint8Array): void;
  /** Stores a validated block of a layer (the mesh applies it by id). */
  storeBlock(id: Uint8Array, layer: number, bytes: Uint8Array): void;
  /** The malfeasance handler for a proof fetched by smesher id. */
  submitMalfeasanceProof(bytes: Uint8Array): Verdict<unknown>;
  currentLayer(): number;
  now(): number;
  readonly layersPerEpoch: number;
  readonly layerDurationMs: number;
  /** go `OutOfSyncThresholdLayers` (default: twice the synced lag, at least an epoch). */
  readonly outOfSyncLayers?: number;
  /** How often a round runs (default: a quarter layer, at least 500 ms). */
  readonly intervalMs?: number;
  readonly logger: Logger;
  /** The state changed, or a layer was applied while catching up. */
  onProgress?(status: SyncStatus): void;
}
