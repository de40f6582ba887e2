/**
 * The PoET proof as peers exchange it (go-spacemesh `common/types/poet.go` `PoetProofMessage`, the `POETDB` hint of
 * `hs/1`): the proof, the PoET's service id, the round id as a string, the statement (the membership root the
 * proof was built over) and a signature. A node that receives an ATX whose NIPoST refers to a PoET proof it never
 * saw fetches this message by the ref, checks that the ref is `blake3(scale(PoetProof))` and that the PoSW proof
 * verifies against the statement, and only then stores it; the ATX's membership proof is checked against that
 * statement afterwards, as for a proof of its own. Pure.
 *
 * | field         | encoding                            |
 * |---------------|-------------------------------------|
 * | PoetProof     | as core/poet/codec.ts               |
 * | PoetServiceID | byte slice, max 32                  |
 * | RoundID       | string, max 32 (the round's decimal)|
 * | Statement     | 32 bytes                            |
 * | Signature     | 64 bytes                            |
 *
 * Our PoETs do not sign proofs (go-spacemesh does not check this signature when it stores a fetched proof either),
 * so it is written as zeros. A service id longer than 32 bytes (a PoET named by a long URL) is sent as its blake3
 * hash. @module
 */
import { byteSlice, decode, encode, fixedBytes, string, struct } from '../codec/index.js';
import { blake3 } from '../crypto/hash.js';
import { equalBytes } from '../util/bytes.js';
import { poetProofCodec, poetProofRef } from './codec.js';
import { PoetError } from './errors.js';
import type { PoswProof } from './proof.js';
import { verifyPoswProof } from './verify.js';

const MAX_SERVICE_ID = 32;

const PoetProofMessage = struct('PoetProofMessage', {
  proof: poetProofCodec,
  serviceId: byteSlice(MAX_SERVICE_ID),
  roundId: string(32),
  statement: fixedBytes(32),
  signature: fixedBytes(64),
});

/** A PoET proof with what an ATX check needs of it (the shape of the `poet_proofs` row). */
export interface PoetProofRecord {
  readonly ref: Uint8Array;
  readonly serviceId: Uint8Array;
  readonly round: number;
  readonly statement: Uint8Array;
  readonly proof: PoswProof;
}

/** The message bytes a peer asking for `record.ref` gets. */
export function encodePoetProofMessage(record: Omit<PoetProofRecord, 'ref'>): Uint8Array {
  const serviceId = record.serviceId.length > MAX_SERVICE_ID ? blake3(record.serviceId) : record.serviceId;
  return encode(PoetProofMessage, {
    proof: { ...record.proof, provenLeaves: [...record.proof.provenLeaves], proofNodes: [...record.proof.proofNodes], leafCount: BigInt(record.proof.leafCount) },
    serviceId,
    roundId: String(record.round),
    statement: record.statement,
    signature: new Uint8Array(64),
  });
}

/**
 * Decodes a fetched message and checks it is the proof `expectedRef` names and a valid one.
 * @throws {ScaleError} for malformed bytes; {PoetError} INVALID_PROOF when the ref differs, the round id is not a
 *   number or the PoSW proof does not verify against the statement
 */
export function verifyPoetProofMessage(bytes: Uint8Array, expectedRef: Uint8Array): PoetProofRecord {
  const record = decodePoetProofMessage(bytes);
  if (!equalBytes(record.ref, expectedRef)) throw new PoetError('INVALID_PROOF', 'the PoET proof does not hash to the ref asked for');
  verifyPoswProof(record.proof, record.statement);
  return record;
}

/**
 * Decodes a message and computes its ref, without checking the PoSW proof (for bytes already verified once, such as
 * a blob the fetcher's verifier passed: the proof check is the costly part).
 * @throws {ScaleError} for malformed bytes; {PoetError} INVALID_PROOF for a leaf count above 2^53 or a round id that
 *   is not a number
 */
export function decodePoetProofMessage(bytes: Uint8Array): PoetProofRecord {
  const msg = decode(PoetProofMessage, bytes);
  if (msg.proof.leafCount > BigInt(Number.MAX_SAFE_INTEGER)) throw new PoetError('INVALID_PROOF', 'leaf count above 2^53');
  const proof: PoswProof = { ...msg.proof, leafCount: Number(msg.proof.leafCount) };
  if (!/^(0|[1-9]\d{0,15})$/.test(msg.roundId)) throw new PoetError('INVALID_PROOF', `round id "${msg.roundId}" is not a round number`);
  return { ref: poetProofRef(proof), serviceId: msg.serviceId, round: Number(msg.roundId), statement: msg.statement, proof };
}
