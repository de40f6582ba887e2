/**
 * PoST's public surface: initialization, proving, verification, the data self-check, the prover boundary and the
 * on-disk formats. Everything else in core/post is internal.
 * @module
 */
export { JobControl } from './control.js';
export { checkData, type BadLabel, type CheckOptions, type CheckResult } from './dataCheck.js';
export { openPosData, type PosData } from './dataFiles.js';
export { PostError, type PostErrorCode } from './errors.js';
export { DEFAULT_MAX_FILE_SIZE, initialize, type InitOptions, type InitResult } from './initialize.js';
export { isTrivialPowDifficulty, k2PowFor, trivialK2Pow, type K2Pow, type K2PowInput } from './k2pow.js';
export { createLabelKernel, type LabelKernel } from './kernel.js';
export { computeCommitment, LABEL_SIZE, ENTIRE_LABEL_SIZE } from './labelInput.js';
export { LocalProver } from './localProver.js';
export { decodeMetadata, encodeMetadata, METADATA_FILE_NAME, readMetadata, writeMetadata, type PostMetadata } from './metadata.js';
export { ProcessProver, type CrashInfo, type ProcessProverOptions } from './processProver.js';
export type { InitProgress } from './progress.js';
export { decodeProofFile, encodeProofFile, type Proof, type ProofMetadata } from './proof.js';
export { generateProof, MAX_NONCE, type ProveOptions, type ProveProgress, type ProveResult } from './prove.js';
export type { InitRequest, InitSummary, Prover, ProveRequest, ProveSummary } from './prover.js';
export { verifyProof, verifyVrfNonce, type VerifyMode, type VerifyParams } from './verify.js';
export { vrfTarget } from './vrfNonce.js';
