/**
 * Proof verification (post-rs `src/verify.rs`, docs/protocol/post.md §2.6): units in range, nonce group below 256, k2pow,
 * the exact packed length for K2 indices, indices inside the data and distinct, then for the chosen indices (all,
 * one, or a K3 subset picked by the seeded BLAKE3 shuffle) the label is recomputed and must pass the good-label
 * test for the proof's nonce. Also the VRF nonce check (docs/protocol/post.md §1.5). No I/O; scrypt via the label kernel.
 * @module
 */
import { createAes, groupKey, lazyValue, NONCES_PER_AES, nonceKey } from './cipher.js';
import { decompressIndices, expectedIndicesBytes, requiredBits } from './compression.js';
import { provingDifficulty, scalePowDifficulty, splitDifficulty } from './difficulty.js';
import { PostError } from './errors.js';
import { k2PowFor, type K2Pow } from './k2pow.js';
import { createLabelKernel, type LabelKernel } from './kernel.js';
import { computeCommitment, ENTIRE_LABEL_SIZE, LABEL_SIZE } from './labelInput.js';
import { MAX_NONCE } from './prove.js';
import type { Proof, ProofMetadata } from './proof.js';
import { pickRandomValues } from './randomValues.js';
import { vrfTarget } from './vrfNonce.js';
import { compareBytes } from '../util/bytes.js';

export interface VerifyParams {
  readonly k1: number;
  readonly k2: number;
  readonly scryptN: number;
  readonly powDifficulty: Uint8Array;
  readonly minUnits: number;
  readonly maxUnits: number;
}

/** Which indices to recompute: all K2, one by position, or K3 chosen with a seed (the verifier's peer id). */
export type VerifyMode = { readonly kind: 'all' } | { readonly kind: 'one'; readonly position: number } | { readonly kind: 'subset'; readonly k3: number; readonly seed: Uint8Array };

export interface VerifyOptions {
  readonly k2pow?: K2Pow;
  /** Reused across calls to avoid re-instantiating WebAssembly for every proof. */
  readonly kernel?: LabelKernel;
}

const invalid = (message: string, meta: Record<string, string | number> = {}): PostError => new PostError('PROOF_INVALID', message, meta);

/**
 * Verifies `proof` about `metadata`.
 * @throws {PostError} PROOF_INVALID with a message that says which check failed (and the index, when a label fails)
 */
export function verifyProof(proof: Proof, metadata: ProofMetadata, params: VerifyParams, mode: VerifyMode, options: VerifyOptions = {}): void {
  if (metadata.numUnits < params.minUnits || metadata.numUnits > params.maxUnits) {
    throw invalid(`num units ${metadata.numUnits} is outside ${params.minUnits}..${params.maxUnits}`);
  }
  if (!Number.isSafeInteger(proof.nonce) || proof.nonce < 0 || proof.nonce >= MAX_NONCE) throw invalid(`nonce ${proof.nonce} is not below ${MAX_NONCE}`);
  const group = Math.floor(proof.nonce / NONCES_PER_AES);
  const k2pow = options.k2pow ?? k2PowFor(params.powDifficulty);
  k2pow.verify({ nonceGroup: group, challenge8: metadata.challenge.subarray(0, 8), difficulty: scalePowDifficulty(params.powDifficulty, metadata.numUnits), minerId: metadata.nodeId }, proof.pow);

  const numLabels = BigInt(metadata.numUnits) * metadata.labelsPerUnit;
  const bits = requiredBits(numLabels);
  const expected = expectedIndicesBytes(bits, params.k2);
  if (proof.indices.length !== expected) throw invalid(`indices are ${proof.indices.length} bytes, expected ${expected} for K2 = ${params.k2}`);
  const indices = decompressIndices(proof.indices, bits).slice(0, params.k2);
  const seen = new Set<bigint>();
  for (const index of indices) {
    if (index >= numLabels) throw invalid(`index ${index} is beyond the ${numLabels} labels`, { index: index.toString() });
    if (seen.has(index)) throw invalid(`index ${index} appears twice`, { index: index.toString() });
    seen.add(index);
  }

  // Positions in the proof, not label indices: an invalid-post-index malfeasance proof names the position
  // (post-rs `Error::InvalidLabel { index_id }`), and a verifier re-checks exactly that one.
  let chosen: number[];
  if (mode.kind === 'all') chosen = indices.map((_, position) => position);
  else if (mode.kind === 'one') chosen = [indices[mode.position] === undefined ? invalidPosition(mode.position) : mode.position];
  else {
    const picked = new Set(pickRandomValues(indices, [mode.seed, metadata.nodeId, metadata.challenge], mode.k3));
    chosen = indices.flatMap((index, position) => (picked.has(index) ? [position] : []));
  }

  const { msb, lsb } = splitDifficulty(provingDifficulty(params.k1, numLabels));
  const commitment = computeCommitment(metadata.nodeId, metadata.commitmentAtxId);
  const aes = createAes(groupKey(metadata.challenge, group, proof.pow));
  const lazy = createAes(nonceKey(metadata.challenge, group, proof.pow, proof.nonce));
  const kernel = options.kernel?.n === params.scryptN ? options.kernel : createLabelKernel(params.scryptN);
  const full = new Uint8Array(ENTIRE_LABEL_SIZE);
  const k = proof.nonce % NONCES_PER_AES;
  for (const position of chosen) {
    const index = indices[position]!;
    kernel.compute(commitment, index, 1, full);
    const label = full.subarray(0, LABEL_SIZE);
    const byte = aes.update(label)[k]!;
    if (byte > msb || (byte === msb && lazyValue(lazy, label) >= lsb)) {
      throw invalid(`label ${index} does not satisfy the difficulty for nonce ${proof.nonce}`, { index: index.toString(), position });
    }
  }
}

function invalidPosition(position: number): never {
  throw invalid(`index position ${position} is outside the proof`);
}

/**
 * The VRF nonce check: the full label output at `nonce` must be below the target for `numLabels`.
 * @throws {PostError} PROOF_INVALID when it is not
 */
export function verifyVrfNonce(nodeId: Uint8Array, commitmentAtxId: Uint8Array, nonce: bigint, numLabels: bigint, scryptN: number, kernel?: LabelKernel): void {
  const out = new Uint8Array(ENTIRE_LABEL_SIZE);
  (kernel?.n === scryptN ? kernel : createLabelKernel(scryptN)).compute(computeCommitment(nodeId, commitmentAtxId), nonce, 1, out);
  if (compareBytes(out, vrfTarget(numLabels)) >= 0) throw invalid(`VRF nonce ${nonce} is not below the target`, { nonce: nonce.toString() });
}
