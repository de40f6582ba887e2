/**
 * A small activation world for handler tests: a standalone genesis, one identity with real PoS data (1 unit, 64
 * labels, N = 8192), and two real PoET rounds (membership trees and 200-leaf PoSW proofs) with a valid initial ATX
 * (publish epoch 1) and a valid follow-up ATX (publish epoch 2) built on them, exactly as the smeshing loop does.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AtxHandlerDeps } from '../../../core/activation/handler.js';
import { buildChallenge } from '../../../core/activation/logic.js';
import { type AtxRow, insertPoetProof } from '../../../core/activation/store.js';
import {
  ActivationTxV1,
  type InnerActivationTxV1,
  type NIPostChallengeV1,
  type PostV1,
  atxIdV1,
  atxSignedBytesV1,
  challengeHashV1,
} from '../../../core/activation/wire.js';
import { encode } from '../../../core/codec/index.js';
import { invalidPostIndexProof, invalidPrevAtxProof, multipleAtxsProof, recordProof } from '../../../core/malfeasance/index.js';
import { SigningDomain } from '../../../core/crypto/domains.js';
import { EdSigner, EdVerifier } from '../../../core/crypto/ed25519.js';
import { type Executor, STATE_SCHEMA, openDatabase } from '../../../core/db/database.js';
import { standalone } from '../../../core/params/presets.js';
import { encodePoetProof, poetProofRef } from '../../../core/poet/codec.js';
import { buildMembershipProof, membershipRoot } from '../../../core/poet/membership.js';
import { buildPoswProof } from '../../../core/poet/proof.js';
import { decodeProofFile } from '../../../core/post/proof.js';
import { LocalProver } from '../../../core/post/localProver.js';
import { genesisId, goldenAtxId } from '../../../core/types/genesis.js';
import { walletPrincipal } from '../../../core/types/templates.js';
import { bytesToHex } from '../../../core/util/bytes.js';
import { growPoswTree } from '../poet/helpers.js';

export const GENESIS = { genesisTimeMs: 1_800_000_000_000, extraData: 'standalone' };
export const GENESIS_ID = genesisId(GENESIS);
export const GOLDEN = goldenAtxId(GENESIS);
export const preset = standalone;

export interface World {
  readonly dir: string;
  readonly signer: EdSigner;
  readonly vrfNonce: bigint;
  /** A second identity's signer (for foreign-signature cases). */
  readonly other: EdSigner;
  readonly atx1: ActivationTxV1;
  readonly atx2: ActivationTxV1;
  prove(challenge: Uint8Array): Promise<PostV1>;
  /** A fresh state DB with both PoET proofs stored. */
  freshState(): Executor;
  handlerDeps(db: Executor, currentEpoch: number): AtxHandlerDeps;
  cleanup(): Promise<void>;
}

/** Signs `inner` as `signer` and returns the encoded ATX. */
export function signAtx(inner: InnerActivationTxV1, signer: EdSigner): Uint8Array {
  return encode(ActivationTxV1, { inner, smesherId: signer.publicKey, signature: signer.sign(SigningDomain.ATX, atxSignedBytesV1(inner)) });
}

interface Round {
  readonly statement: Uint8Array;
  readonly ref: Uint8Array;
  readonly leafCount: number;
  readonly proof: Uint8Array;
  readonly membership: { nodes: Uint8Array[]; leafIndex: bigint };
}

/** A PoET round whose members are `challenge` and three others, proven with `leaves` leaves. */
function poetRound(challenge: Uint8Array, leaves = 200): Round {
  const members = [new Uint8Array(32).fill(1), challenge, new Uint8Array(32).fill(3), new Uint8Array(32).fill(4)];
  const statement = membershipRoot(members);
  const proof = buildPoswProof(growPoswTree(statement, leaves));
  const m = buildMembershipProof(members, challenge);
  return { statement, ref: poetProofRef(proof), leafCount: proof.leafCount, proof: encodePoetProof(proof), membership: { nodes: [...m.nodes], leafIndex: BigInt(m.leafIndex) } };
}

export async function buildWorld(): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'atx-world-'));
  const signer = new EdSigner(new Uint8Array(32).fill(0x11), GENESIS_ID);
  const other = new EdSigner(new Uint8Array(32).fill(0x22), GENESIS_ID);
  const prover = new LocalProver();
  const init = await prover.init({
    dir,
    nodeId: bytesToHex(signer.publicKey),
    commitmentAtxId: bytesToHex(GOLDEN),
    numUnits: 1,
    labelsPerUnit: String(preset.post.labelsPerUnit),
    scryptN: preset.post.scryptN,
    threads: 1,
  });
  const prove = async (challenge: Uint8Array): Promise<PostV1> => {
    const s = await prover.prove({ dir, challenge: bytesToHex(challenge), k1: preset.post.k1, k2: preset.post.k2, nonces: 16, powDifficulty: preset.post.powDifficultyHex, threads: 1 });
    const { proof } = decodeProofFile(s.proofFile);
    return { nonce: proof.nonce, indices: proof.indices, pow: proof.pow };
  };
  const vrfNonce = BigInt(init.nonce!);
  const coinbase = walletPrincipal(signer.publicKey);
  const initialPost = await prove(new Uint8Array(32));

  const challenge1: NIPostChallengeV1 = buildChallenge({ publishEpoch: 1, prev: undefined, positioningAtxId: GOLDEN, commitmentAtxId: GOLDEN, initialPost });
  const round0 = poetRound(challengeHashV1(challenge1));
  const inner1: InnerActivationTxV1 = {
    challenge: challenge1,
    coinbase,
    numUnits: 1,
    nipost: { membership: round0.membership, post: await prove(round0.ref), postMetadata: { challenge: round0.ref, labelsPerUnit: BigInt(preset.post.labelsPerUnit) } },
    nodeId: signer.publicKey,
    vrfNonce,
  };
  const atx1 = { inner: inner1, smesherId: signer.publicKey, signature: signer.sign(SigningDomain.ATX, atxSignedBytesV1(inner1)) };

  // ATX 2 positions on ATX 1 (tick height 2) and chains to it; its id is only known once ATX 1 is.
  const prev = { id: atxIdV1(inner1), sequence: 0 } as AtxRow;
  const challenge2 = buildChallenge({ publishEpoch: 2, prev, positioningAtxId: prev.id, commitmentAtxId: GOLDEN, initialPost });
  const round1 = poetRound(challengeHashV1(challenge2), 300);
  const inner2: InnerActivationTxV1 = {
    challenge: challenge2,
    coinbase,
    numUnits: 1,
    nipost: { membership: round1.membership, post: await prove(round1.ref), postMetadata: { challenge: round1.ref, labelsPerUnit: BigInt(preset.post.labelsPerUnit) } },
    nodeId: null,
    vrfNonce: null,
  };
  const atx2 = { inner: inner2, smesherId: signer.publicKey, signature: signer.sign(SigningDomain.ATX, atxSignedBytesV1(inner2)) };

  const opened: Executor[] = [];
  return {
    dir,
    signer,
    other,
    vrfNonce,
    atx1,
    atx2,
    prove,
    freshState() {
      const db = openDatabase(':memory:', STATE_SCHEMA);
      opened.push(db);
      for (const [round, r] of [round0, round1].entries()) {
        insertPoetProof(db, { ref: r.ref, serviceId: new Uint8Array([1]), round, statement: r.statement, leafCount: r.leafCount, proof: r.proof });
      }
      return db;
    },
    handlerDeps(db, currentEpoch) {
      return {
        db,
        validation: { goldenAtxId: GOLDEN, verifier: new EdVerifier(GENESIS_ID), post: preset.post, tickSize: preset.poet.tickSize },
        now: () => GENESIS.genesisTimeMs + currentEpoch * 60_000,
        currentEpoch: () => currentEpoch,
        // As the node wires it: a go-format MultipleATXs proof, stored.
        onDoublePublish: (first, second) => void recordProof(db, multipleAtxsProof(first, second, preset.layersPerEpoch), GENESIS.genesisTimeMs),
        onInvalidPostIndex: (atx, position) => void recordProof(db, invalidPostIndexProof(atx, position, preset.layersPerEpoch), GENESIS.genesisTimeMs),
        onInvalidPrevAtx: (atx, stored) => void recordProof(db, invalidPrevAtxProof(atx, stored, preset.layersPerEpoch), GENESIS.genesisTimeMs),
      };
    },
    async cleanup() {
      for (const db of opened) db.close();
      await prover.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
