/**
 * A synthetic epoch of real initial ATXs for the scale benchmark (docs/performance.md §5): `count` identities of
 * the devnet preset's tiny PoST (1 unit of 128 labels, scrypt N = 2), each with its labels computed in memory, its
 * VRF nonce, an initial PoST and a NIPoST PoST proven over those labels with the node's own scanner, all members of
 * one real PoET round (a membership tree over every challenge and a PoSW proof of 400 leaves, 4 ticks), signed
 * and encoded as go-spacemesh ActivationTxV1 bytes exactly as the smeshing loop builds them. Everything stays in
 * memory; generating 10,000 takes about half a minute on one core. Pure but for the time it takes.
 * @module
 */
import { buildChallenge } from '../activation/logic.js';
import { ActivationTxV1, type InnerActivationTxV1, type PostV1, atxSignedBytesV1, challengeHashV1 } from '../activation/wire.js';
import { encode } from '../codec/index.js';
import { SigningDomain } from '../crypto/domains.js';
import { EdSigner } from '../crypto/ed25519.js';
import type { Preset } from '../params/types.js';
import { encodePoetProof, poetProofRef } from '../poet/codec.js';
import { LabelHasher, NODE_SIZE, membershipNodeHash, merkleNodeHash } from '../poet/hash.js';
import { buildPoswProof, collectProofNodes } from '../poet/proof.js';
import { MerkleTree } from '../poet/tree.js';
import { NONCES_PER_AES } from '../post/cipher.js';
import { compressIndices, requiredBits } from '../post/compression.js';
import { provingDifficulty, scalePowDifficulty } from '../post/difficulty.js';
import { k2PowFor } from '../post/k2pow.js';
import { type LabelKernel, createLabelKernel } from '../post/kernel.js';
import { ENTIRE_LABEL_SIZE, LABEL_SIZE, computeCommitment } from '../post/labelInput.js';
import type { Proof } from '../post/proof.js';
import { type GoodIndices, NonceScanner, mergeGoodIndices } from '../post/proveScan.js';
import { NonceTracker, vrfTarget } from '../post/vrfNonce.js';
import { walletPrincipal } from '../types/templates.js';
import { bytesToHex, hexToBytes } from '../util/bytes.js';

/** PoET leaves of the round every identity is a member of: 4 ticks of the devnet's tick size 100. */
const POET_LEAVES = 400;

/** One identity's PoS data, in memory. */
interface Identity {
  readonly signer: EdSigner;
  readonly labels: Uint8Array;
  readonly vrfNonce: bigint;
}

export interface AtxWorld {
  /** Encoded ActivationTxV1, one per identity, publish epoch 1. */
  readonly atxs: Uint8Array[];
  /** The PoET proof row every NIPoST refers to (store it before validating). */
  readonly poet: { readonly ref: Uint8Array; readonly statement: Uint8Array; readonly leafCount: number; readonly proof: Uint8Array };
  /** The PoST proofs of each ATX with what they prove over, for the raw verify baseline. */
  readonly posts: Array<{ readonly proof: Proof; readonly nodeId: Uint8Array; readonly challenge: Uint8Array }>;
}

function newIdentity(i: number, kernel: LabelKernel, preset: Preset, genesisId: Uint8Array, golden: Uint8Array): Identity {
  const seed = new Uint8Array(32);
  new DataView(seed.buffer).setUint32(0, i + 1);
  seed[31] = 0x5c;
  const signer = new EdSigner(seed, genesisId);
  const numLabels = preset.post.labelsPerUnit;
  const commitment = computeCommitment(signer.publicKey, golden);
  const out = new Uint8Array(numLabels * ENTIRE_LABEL_SIZE);
  kernel.compute(commitment, 0n, numLabels, out);
  const labels = new Uint8Array(numLabels * LABEL_SIZE);
  for (let k = 0; k < numLabels; k++) labels.set(out.subarray(k * ENTIRE_LABEL_SIZE, k * ENTIRE_LABEL_SIZE + LABEL_SIZE), k * LABEL_SIZE);
  // The VRF nonce: the smallest full output below the target, searched past the data when the data holds none.
  const tracker = new NonceTracker(vrfTarget(BigInt(numLabels)));
  tracker.offerBatch(0n, out, numLabels);
  for (let start = numLabels; tracker.best === undefined; start += numLabels) {
    kernel.compute(commitment, BigInt(start), numLabels, out);
    tracker.offerBatch(BigInt(start), out, numLabels);
  }
  return { signer, labels, vrfNonce: tracker.best.index };
}

/**
 * Scanners by challenge, nonce group and pow: every identity proves over the same two challenges (zeros, the PoET
 * ref) and the trivial k2pow gives the same pow, so two scanners serve the whole epoch (each holds its own
 * WebAssembly memory, too costly to make 20,000 times).
 */
const scanners = new Map<string, NonceScanner>();

function scannerFor(challenge: Uint8Array, group: number, pow: bigint, difficulty: bigint, k2: number): NonceScanner {
  const key = `${bytesToHex(challenge)}/${group}/${pow}/${difficulty}/${k2}`;
  let scanner = scanners.get(key);
  if (scanner === undefined) {
    if (scanners.size > 64) scanners.clear();
    scanner = new NonceScanner({ challenge, groups: [{ group, pow }], difficulty, k2 });
    scanners.set(key, scanner);
  }
  return scanner;
}

async function prove(identity: Identity, challenge: Uint8Array, preset: Preset): Promise<PostV1> {
  const numLabels = BigInt(preset.post.labelsPerUnit);
  const unscaled = hexToBytes(preset.post.powDifficultyHex, 32);
  const k2pow = k2PowFor(unscaled);
  const total: GoodIndices = new Map();
  for (let group = 0; group * NONCES_PER_AES < 256 * NONCES_PER_AES; group++) {
    const pow = await k2pow.prove({ nonceGroup: group, challenge8: challenge.subarray(0, 8), difficulty: scalePowDifficulty(unscaled, 1), minerId: identity.signer.publicKey });
    const scanner = scannerFor(challenge, group, pow, provingDifficulty(preset.post.k1, numLabels), preset.post.k2);
    const found: GoodIndices = new Map();
    scanner.scan(identity.labels, 0n, found);
    const winner = mergeGoodIndices(total, found, preset.post.k2);
    if (winner !== undefined) return { nonce: winner.nonce, indices: compressIndices(winner.indices, requiredBits(numLabels)), pow };
  }
  throw new Error('no PoST proof over the synthetic labels');
}

/**
 * Builds `count` initial ATXs of publish epoch 1 for the devnet-shaped `preset`.
 * @throws {Error} when a proof cannot be found (parameters that do not fit the data)
 */
export async function buildAtxWorld(count: number, preset: Preset, genesisId: Uint8Array, golden: Uint8Array): Promise<AtxWorld> {
  const kernel = createLabelKernel(preset.post.scryptN);
  const identities: Identity[] = [];
  const initialPosts: PostV1[] = [];
  const challenges: Uint8Array[] = [];
  const hashes: Uint8Array[] = [];
  for (let i = 0; i < count; i++) {
    const identity = newIdentity(i, kernel, preset, genesisId, golden);
    const initialPost = await prove(identity, new Uint8Array(32), preset);
    const challenge = buildChallenge({ publishEpoch: 1, prev: undefined, positioningAtxId: golden, commitmentAtxId: golden, initialPost });
    identities.push(identity);
    initialPosts.push(initialPost);
    challenges.push(challengeHashV1(challenge));
    hashes.push(challenges[i]!);
  }
  // One PoET round: every challenge a member, in registration order.
  const membership = new MerkleTree(membershipNodeHash);
  for (const h of hashes) membership.addLeaf(h.subarray(0, NODE_SIZE));
  const statement = membership.root();
  const posw = new MerkleTree(merkleNodeHash(statement));
  const labels = new LabelHasher(statement);
  for (let i = 0; i < POET_LEAVES; i++) posw.addLeaf(labels.label(i, posw.parkedNodes));
  const poswProof = buildPoswProof(posw);
  const ref = poetProofRef(poswProof);
  const atxs: Uint8Array[] = [];
  const posts: AtxWorld['posts'] = [];
  for (const [i, identity] of identities.entries()) {
    const post = await prove(identity, ref, preset);
    const nodes = collectProofNodes((h, k) => membership.nodeAt(h, k), membership.leafCount, [i]);
    const inner: InnerActivationTxV1 = {
      challenge: buildChallenge({ publishEpoch: 1, prev: undefined, positioningAtxId: golden, commitmentAtxId: golden, initialPost: initialPosts[i]! }),
      coinbase: walletPrincipal(identity.signer.publicKey),
      numUnits: 1,
      nipost: { membership: { nodes, leafIndex: BigInt(i) }, post, postMetadata: { challenge: ref, labelsPerUnit: BigInt(preset.post.labelsPerUnit) } },
      nodeId: identity.signer.publicKey,
      vrfNonce: identity.vrfNonce,
    };
    atxs.push(encode(ActivationTxV1, { inner, smesherId: identity.signer.publicKey, signature: identity.signer.sign(SigningDomain.ATX, atxSignedBytesV1(inner)) }));
    posts.push({ proof: initialPosts[i]!, nodeId: identity.signer.publicKey, challenge: new Uint8Array(32) }, { proof: post, nodeId: identity.signer.publicKey, challenge: ref });
  }
  return { atxs, poet: { ref, statement, leafCount: poswProof.leafCount, proof: encodePoetProof(poswProof) }, posts };
}
