/**
 * SCALE encoding of `PoetProof` and the `PoetProofRef` an ATX's PoST proves over (docs/protocol/activation.md §2 step 4).
 *
 * Layout, from go-spacemesh `common/types/poet.go` + generated `poet_scale.go` (PoetProof = poet
 * `shared.MerkleProof` + `LeafCount uint64`) and poet `shared/shared.go` (hand-written MerkleProof codec), both read
 * at poet 3bff648 / go-spacemesh 02b3127:
 *
 * | field        | encoding                                                                |
 * |--------------|-------------------------------------------------------------------------|
 * | Root         | byte slice, max 32: compact length (always 32 → `0x80`) then the bytes  |
 * | ProvenLeaves | compact count, max 150 (T); each a byte slice, max 32                   |
 * | ProofNodes   | compact count, max 5400 (36 per leaf); each a byte slice, max 32        |
 * | LeafCount    | compact64                                                               |
 *
 * Note the byte-slice form: every 32-byte node carries a one-byte length prefix, unlike a `[32]byte` array. Go
 * would decode a shorter slice; this codec requires exactly 32 bytes, which every valid proof has. Pure.
 * @module
 */
import { type Codec, compact64, decode, encode, readLength, struct, vec, writeLength } from '../codec/index.js';
import { blake3 } from '../crypto/hash.js';
import { abytes } from '../util/assert.js';
import { NODE_SIZE, SECURITY_PARAM } from './hash.js';
import type { PoswProof } from './proof.js';

/** Max proof nodes (poet `shared.MerkleProof` `scale:"max=5400"`: 36 per proven leaf). */
export const MAX_PROOF_NODES = 5400;

/** A 32-byte node written as a byte slice (`EncodeByteSliceWithLimit(.., 32)`), exactly 32 bytes on decode. */
const nodeSlice: Codec<Uint8Array> = {
  name: 'node',
  write(writer, value, path) {
    abytes(value, NODE_SIZE, path);
    writeLength(writer, value.length, NODE_SIZE, path);
    writer.bytes(value);
  },
  read(reader) {
    const start = reader.position;
    const length = readLength(reader, NODE_SIZE);
    if (length !== NODE_SIZE) reader.fail('INVALID_VALUE', `a node must be ${NODE_SIZE} bytes, got ${length}`, start);
    return reader.take(NODE_SIZE).slice();
  },
};

/** The SCALE shape of `PoetProof` (go `common/types/poet.go`), also embedded in the proof message (core/poet/proofMessage.ts). */
export const poetProofCodec = struct('PoetProof', {
  root: nodeSlice,
  provenLeaves: vec(nodeSlice, SECURITY_PARAM),
  proofNodes: vec(nodeSlice, MAX_PROOF_NODES),
  leafCount: compact64,
});

/**
 * SCALE bytes of a PoET proof.
 * @throws {TypeError | RangeError} when a node is not 32 bytes or a list is over its maximum
 */
export function encodePoetProof(proof: PoswProof): Uint8Array {
  return encode(poetProofCodec, {
    root: proof.root,
    provenLeaves: [...proof.provenLeaves],
    proofNodes: [...proof.proofNodes],
    leafCount: BigInt(proof.leafCount),
  });
}

/**
 * Decodes a PoET proof.
 * @throws {ScaleError} on malformed bytes; {RangeError} when the leaf count is above 2^53 (no PoET gets there)
 */
export function decodePoetProof(bytes: Uint8Array): PoswProof {
  const value = decode(poetProofCodec, bytes);
  if (value.leafCount > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError('leafCount above 2^53');
  return { ...value, leafCount: Number(value.leafCount) };
}

/**
 * `PoetProofRef = blake3(scale(PoetProof))` (go-spacemesh `PoetProof.Ref`): the challenge of the PoST proof.
 * @throws {TypeError | RangeError} as {@link encodePoetProof}
 */
export function poetProofRef(proof: PoswProof): Uint8Array {
  return blake3(encodePoetProof(proof));
}
