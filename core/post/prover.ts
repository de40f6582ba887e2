/**
 * The prover boundary (docs/conventions.md §7): an all-async {@link Prover} with JSON-safe requests and results, so the same
 * calls run in-process ({@link LocalProver}), in a child process ({@link ProcessProver}) or, later, in an Electron
 * utility process. Pure (types only).
 * @module
 */
import type { InitProgress } from './progress.js';
import type { ProveProgress } from './prove.js';

/** Initialization request; ids as hex, u64 values as decimal strings. */
export interface InitRequest {
  readonly dir: string;
  readonly nodeId: string;
  readonly commitmentAtxId: string;
  readonly numUnits: number;
  readonly labelsPerUnit: string;
  readonly scryptN: number;
  readonly maxFileSize?: string;
  readonly threads?: number;
  readonly fromFile?: number;
  readonly toFile?: number;
}

export interface InitSummary {
  /** The VRF nonce index, or null for a subrange without one. */
  readonly nonce: string | null;
  readonly labelsComputed: number;
}

export interface ProveRequest {
  readonly dir: string;
  readonly challenge: string;
  readonly k1: number;
  readonly k2: number;
  readonly nonces?: number;
  readonly threads?: number;
  /** The network's k2pow difficulty, 32 bytes hex. */
  readonly powDifficulty: string;
}

export interface ProveSummary {
  /** The proof file text (core/post/proof.ts `encodeProofFile`). */
  readonly proofFile: string;
  readonly nonce: number;
  readonly indices: readonly string[];
}

export interface Prover {
  init(request: InitRequest, onProgress?: (progress: InitProgress) => void): Promise<InitSummary>;
  prove(request: ProveRequest, onProgress?: (progress: ProveProgress) => void): Promise<ProveSummary>;
  /** Holds every running job, and any started later, at its next batch boundary until {@link resume}. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Cancels every running job; their promises reject with CANCELLED. */
  cancel(): Promise<void>;
  /** Stops the prover; pending jobs reject. */
  close(): Promise<void>;
}
