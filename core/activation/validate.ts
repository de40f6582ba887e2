/**
 * ATX v1 validation (docs/protocol/activation.md §1, §3; docs/protocol/post.md §2.6; docs/protocol/poet.md §6; go-spacemesh `activation/handler_v1.go`,
 * `validation.go`): syntactic rules, context (previous, positioning and commitment ATXs, sequence), the NIPoST
 * (membership of the challenge in the PoET statement, PoST over the PoET proof ref, initial PoST, VRF nonce), and
 * the derived fields: effective units, base tick height, ticks and weight. Pure over injected lookups; PoST checks
 * recompute labels (CPU only).
 * @module
 */
import { SigningDomain } from '../crypto/domains.js';
import type { EdVerifier } from '../crypto/ed25519.js';
import type { PostParams } from '../params/types.js';
import { verifyMembership } from '../poet/membership.js';
import type { LabelKernel } from '../post/kernel.js';
import type { Proof } from '../post/proof.js';
import { PostError } from '../post/errors.js';
import { type VerifyParams, verifyProof, verifyVrfNonce } from '../post/verify.js';
import { equalBytes, hexToBytes } from '../util/bytes.js';
import { errorMessage } from '../util/errors.js';
import { ActivationError } from './errors.js';
import { atxWeight, tickCount, tickHeight } from './logic.js';
import type { AtxRow, PoetProofRow } from './store.js';
import { type ActivationTxV1, EMPTY_ID, type PostV1, atxIdV1, atxSignedBytesForId, challengeHashV1 } from './wire.js';

export interface AtxValidationContext {
  readonly goldenAtxId: Uint8Array;
  readonly verifier: EdVerifier;
  readonly post: PostParams;
  readonly tickSize: number;
  /** The epoch now: an ATX may be published at most one epoch ahead. */
  readonly currentEpoch: number;
  readonly receivedMs: number;
  getAtx(id: Uint8Array): AtxRow | undefined;
  /** The identity's latest ATX published before `beforeEpoch`. */
  getLastAtx(smesherId: Uint8Array, beforeEpoch: number): AtxRow | undefined;
  /** The PoET proof the NIPoST refers to: only its statement and leaf count are read. */
  getPoetProof(ref: Uint8Array): Pick<PoetProofRow, 'statement' | 'leafCount'> | undefined;
  /** Reused scrypt kernel for label recomputation. */
  readonly kernel?: LabelKernel;
}

const ZERO_CHALLENGE = new Uint8Array(32);

const syntax = (message: string): ActivationError => new ActivationError('SYNTAX', message);
const context = (message: string): ActivationError => new ActivationError('CONTEXT', message);

function toProof(p: PostV1): Proof {
  return { nonce: p.nonce, indices: p.indices, pow: p.pow };
}

/** The PoST verify parameters of a network's PoST parameters, made once per parameters object (not per ATX). */
const verifyParamsCache = new WeakMap<PostParams, VerifyParams>();

function verifyParamsOf(post: PostParams): VerifyParams {
  let params = verifyParamsCache.get(post);
  if (params === undefined) {
    params = { k1: post.k1, k2: post.k2, scryptN: post.scryptN, powDifficulty: hexToBytes(post.powDifficultyHex, 32), minUnits: post.minUnits, maxUnits: post.maxUnits };
    verifyParamsCache.set(post, params);
  }
  return params;
}

/**
 * Validates a decoded ATX and computes what the node stores about it.
 * @param id - the ATX's id ({@link atxIdV1} of its inner ATX), when the caller has already computed it
 * @returns the row to store (id, derived units, tick height, weight)
 * @throws {ActivationError} BAD_SIGNATURE, TOO_EARLY, SYNTAX, UNKNOWN_ATX, CONTEXT (meta `notLatestPrevious` when the
 *   previous ATX is not the identity's latest), UNKNOWN_POET_PROOF, NIPOST_INVALID, INVALID_POST_INDEX (meta `position`)
 */
export function validateAtx(atx: ActivationTxV1, ctx: AtxValidationContext, id: Uint8Array = atxIdV1(atx.inner)): AtxRow {
  const { inner, smesherId } = atx;
  const { challenge } = inner;

  // Syntactic: cheap checks first, the signature before anything that looks things up.
  if (!ctx.verifier.verify(SigningDomain.ATX, smesherId, atxSignedBytesForId(challenge.publishEpoch, id), atx.signature)) {
    throw new ActivationError('BAD_SIGNATURE', 'ATX signature does not verify');
  }
  if (challenge.publishEpoch > ctx.currentEpoch + 1) {
    throw new ActivationError('TOO_EARLY', `publish epoch ${challenge.publishEpoch} is after the next epoch ${ctx.currentEpoch + 1}`);
  }
  if (inner.numUnits < ctx.post.minUnits || inner.numUnits > ctx.post.maxUnits) {
    throw syntax(`num units ${inner.numUnits} is outside ${ctx.post.minUnits}..${ctx.post.maxUnits}`);
  }
  const nipost = inner.nipost;
  if (nipost === null || nipost.post === null || nipost.postMetadata === null) throw syntax('ATX carries no complete NIPoST');
  const metadata = nipost.postMetadata;
  if (metadata.labelsPerUnit !== BigInt(ctx.post.labelsPerUnit)) {
    throw syntax(`labels per unit ${metadata.labelsPerUnit} differs from the network's ${ctx.post.labelsPerUnit}`);
  }
  if (metadata.challenge.length !== 32) throw syntax('PoST challenge must be 32 bytes');
  if (equalBytes(challenge.positioningAtxId, EMPTY_ID)) throw syntax('positioning ATX is empty');

  const initial = equalBytes(challenge.prevAtxId, EMPTY_ID);
  let prev: AtxRow | undefined;
  let commitmentId: Uint8Array;
  if (initial) {
    // docs/protocol/activation.md §1: the initial ATX carries InitialPost, NodeID, VRFNonce, CommitmentATX and has sequence 0.
    if (challenge.sequence !== 0n) throw syntax('initial ATX must have sequence 0');
    if (challenge.initialPost === null) throw syntax('initial ATX must carry the initial PoST');
    if (challenge.commitmentAtxId === null) throw syntax('initial ATX must name its commitment ATX');
    if (inner.nodeId === null || !equalBytes(inner.nodeId, smesherId)) throw syntax('initial ATX must carry its node id');
    if (inner.vrfNonce === null) throw syntax('initial ATX must carry a VRF nonce');
    commitmentId = challenge.commitmentAtxId;
    if (!equalBytes(commitmentId, ctx.goldenAtxId) && ctx.getAtx(commitmentId) === undefined) {
      throw new ActivationError('UNKNOWN_ATX', 'commitment ATX is unknown');
    }
    if (ctx.getLastAtx(smesherId, challenge.publishEpoch) !== undefined) throw context('initial ATX from an identity that already has ATXs');
  } else {
    if (challenge.initialPost !== null) throw syntax('only the initial ATX carries an initial PoST');
    if (challenge.commitmentAtxId !== null) throw syntax('only the initial ATX names a commitment ATX');
    if (inner.nodeId !== null) throw syntax('only the initial ATX carries a node id');
    prev = ctx.getAtx(challenge.prevAtxId);
    if (prev === undefined) throw new ActivationError('UNKNOWN_ATX', 'previous ATX is unknown');
    if (!equalBytes(prev.smesherId, smesherId)) throw context("previous ATX is another identity's");
    if (prev.publishEpoch >= challenge.publishEpoch) throw context('previous ATX is not from an earlier epoch');
    if (challenge.sequence !== BigInt(prev.sequence) + 1n) throw context(`sequence ${challenge.sequence} does not follow ${prev.sequence}`);
    const last = ctx.getLastAtx(smesherId, challenge.publishEpoch);
    if (last === undefined || !equalBytes(last.id, prev.id)) {
      throw new ActivationError('CONTEXT', "previous ATX is not the identity's latest", { notLatestPrevious: true });
    }
    if (inner.vrfNonce === null && inner.numUnits > prev.numUnits) throw syntax('a VRF nonce is required when units grow');
    commitmentId = prev.commitmentId;
  }

  let baseTickHeight = 0;
  if (!equalBytes(challenge.positioningAtxId, ctx.goldenAtxId)) {
    const positioning = ctx.getAtx(challenge.positioningAtxId);
    if (positioning === undefined) throw new ActivationError('UNKNOWN_ATX', 'positioning ATX is unknown');
    if (positioning.publishEpoch >= challenge.publishEpoch) throw context('positioning ATX is not from an earlier epoch');
    baseTickHeight = tickHeight(positioning);
  }

  // NIPoST (docs/protocol/poet.md §6): the challenge is a member of the PoET statement, and the PoST proves over its ref.
  const poet = ctx.getPoetProof(metadata.challenge);
  if (poet === undefined) throw new ActivationError('UNKNOWN_POET_PROOF', 'the PoET proof the NIPoST refers to is unknown');
  const leafIndex = nipost.membership.leafIndex;
  if (leafIndex > BigInt(Number.MAX_SAFE_INTEGER)) throw new ActivationError('NIPOST_INVALID', 'membership leaf index is out of range');
  const member = verifyMembership(poet.statement, challengeHashV1(challenge), { leafIndex: Number(leafIndex), nodes: nipost.membership.nodes });
  if (!member) throw new ActivationError('NIPOST_INVALID', 'the challenge is not a member of the PoET statement');
  const ticks = tickCount(poet.leafCount, ctx.tickSize);
  // Our rule: an ATX that would weigh nothing is refused rather than stored.
  if (ticks === 0) throw new ActivationError('NIPOST_INVALID', 'PoET proof is shorter than one tick');

  const verifyParams = verifyParamsOf(ctx.post);
  const labelsPerUnit = BigInt(ctx.post.labelsPerUnit);
  const options = ctx.kernel === undefined ? {} : { kernel: ctx.kernel };
  const checkPost = (post: PostV1, postChallenge: Uint8Array, what: string, provable: boolean): void => {
    try {
      // All K2 indices, not a K3 subset: K2 labels cost milliseconds, and a failing one is then always found.
      verifyProof(toProof(post), { nodeId: smesherId, commitmentAtxId: commitmentId, challenge: postChallenge, numUnits: inner.numUnits, labelsPerUnit }, verifyParams, { kind: 'all' }, options);
    } catch (err) {
      // go-spacemesh `handler_v1.go`: a NIPoST PoST whose label fails at one index proves the identity malicious
      // (kind 4, docs/protocol/p2p.md §5); the initial PoST and every other failure are only invalid.
      const position = err instanceof PostError ? err.meta.position : undefined;
      if (provable && typeof position === 'number') {
        throw new ActivationError('INVALID_POST_INDEX', `${what} does not verify at index position ${position}: ${errorMessage(err)}`, { position }, { cause: err });
      }
      throw new ActivationError('NIPOST_INVALID', `${what} does not verify: ${errorMessage(err)}`, {}, { cause: err });
    }
  };
  if (challenge.initialPost !== null) checkPost(challenge.initialPost, ZERO_CHALLENGE, 'initial PoST', false);
  checkPost(nipost.post, metadata.challenge, 'PoST', true);

  const vrfNonce = inner.vrfNonce ?? BigInt(prev!.vrfNonce);
  try {
    verifyVrfNonce(smesherId, commitmentId, vrfNonce, BigInt(inner.numUnits) * labelsPerUnit, ctx.post.scryptN, ctx.kernel);
  } catch (err) {
    throw new ActivationError('NIPOST_INVALID', `VRF nonce does not verify: ${errorMessage(err)}`, {}, { cause: err });
  }

  const effectiveNumUnits = prev === undefined ? inner.numUnits : Math.min(prev.numUnits, inner.numUnits);
  return {
    id,
    publishEpoch: challenge.publishEpoch,
    smesherId,
    sequence: Number(challenge.sequence),
    prevId: challenge.prevAtxId,
    positioningId: challenge.positioningAtxId,
    commitmentId,
    coinbase: inner.coinbase,
    numUnits: inner.numUnits,
    effectiveNumUnits,
    baseTickHeight,
    tickCount: ticks,
    weight: atxWeight(effectiveNumUnits, ticks),
    vrfNonce: Number(vrfNonce),
    receivedMs: ctx.receivedMs,
  };
}
