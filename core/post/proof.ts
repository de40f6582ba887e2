/**
 * The PoST proof and what it is about: Proof {nonce, bit-packed indices, pow} (post-rs `Proof`, Go `shared.Proof`)
 * and ProofMetadata {node id, commitment ATX id, challenge, units, labels per unit}, with the JSON file form the
 * CLI reads and writes (post-rs serde names, bytes as base64, u64 as decimal strings). Pure.
 * @module
 */
import { PostError } from './errors.js';

export interface Proof {
  readonly nonce: number;
  readonly indices: Uint8Array;
  readonly pow: bigint;
}

export interface ProofMetadata {
  readonly nodeId: Uint8Array;
  readonly commitmentAtxId: Uint8Array;
  readonly challenge: Uint8Array;
  readonly numUnits: number;
  readonly labelsPerUnit: bigint;
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');

/** The proof file: `{"proof": {...}, "metadata": {...}}`. */
export function encodeProofFile(proof: Proof, metadata: ProofMetadata): string {
  return `${JSON.stringify(
    {
      proof: { nonce: proof.nonce, indices: b64(proof.indices), pow: proof.pow.toString() },
      metadata: {
        node_id: b64(metadata.nodeId),
        commitment_atx_id: b64(metadata.commitmentAtxId),
        challenge: b64(metadata.challenge),
        num_units: metadata.numUnits,
        labels_per_unit: metadata.labelsPerUnit.toString(),
      },
    },
    null,
    2,
  )}\n`;
}

/**
 * Parses a proof file.
 * @throws {PostError} PROOF_INVALID naming the bad field
 */
export function decodeProofFile(text: string): { proof: Proof; metadata: ProofMetadata } {
  const fail = (field: string): PostError => new PostError('PROOF_INVALID', `proof file: ${field} is missing or malformed`, { field });
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch {
    throw fail('JSON');
  }
  const p = (obj as { proof?: Record<string, unknown> } | null)?.proof;
  const m = (obj as { metadata?: Record<string, unknown> } | null)?.metadata;
  if (typeof p !== 'object' || p === null || typeof m !== 'object' || m === null) throw fail('proof/metadata');
  const bytes = (value: unknown, field: string, length?: number): Uint8Array => {
    if (typeof value !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) throw fail(field);
    const out = new Uint8Array(Buffer.from(value, 'base64'));
    if (length !== undefined && out.length !== length) throw fail(field);
    return out;
  };
  const uint = (value: unknown, field: string, max: bigint): bigint => {
    const text = typeof value === 'number' && Number.isSafeInteger(value) ? String(value) : value;
    if (typeof text !== 'string' || !/^\d{1,20}$/.test(text) || BigInt(text) > max) throw fail(field);
    return BigInt(text);
  };
  return {
    proof: { nonce: Number(uint(p.nonce, 'nonce', 0xffff_ffffn)), indices: bytes(p.indices, 'indices'), pow: uint(p.pow, 'pow', (1n << 64n) - 1n) },
    metadata: {
      nodeId: bytes(m.node_id, 'node_id', 32),
      commitmentAtxId: bytes(m.commitment_atx_id, 'commitment_atx_id', 32),
      challenge: bytes(m.challenge, 'challenge', 32),
      numUnits: Number(uint(m.num_units, 'num_units', 0xffff_ffffn)),
      labelsPerUnit: uint(m.labels_per_unit, 'labels_per_unit', (1n << 64n) - 1n),
    },
  };
}
