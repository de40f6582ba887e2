/**
 * PoET: proofs of sequential work in rounds, the REST service (standalone or embedded in the node), and the
 * smesher-side client and checks. The public surface; everything else in core/poet is internal.
 * @module
 */
export { PoetClient, type PoetClientOptions } from './client.js';
export { MAX_PROOF_NODES, decodePoetProof, encodePoetProof, poetProofRef } from './codec.js';
export { EmbeddedPoet, type EmbeddedPoetOptions, startEmbeddedPoet } from './embedded.js';
export { PoetError, type PoetErrorCode } from './errors.js';
export { LABEL_HASH_NESTING_DEPTH, SECURITY_PARAM, fiatShamir, labelHash, membershipNodeHash, merkleNodeHash } from './hash.js';
export { PoetHttpServer } from './http.js';
export {
  type Member,
  type MembershipProof,
  buildMembershipProof,
  membershipRoot,
  sortMembers,
  verifyMembership,
} from './membership.js';
export {
  type CheckedProof,
  type Registration,
  checkProofResponse,
  fetchBestProof,
  pickBestProof,
  signSubmission,
  waitForProof,
} from './nipost.js';
export { type MerkleProof, type PoswProof, buildPoswProof } from './proof.js';
export type { ProofResponse } from './rest.js';
export type { RoundProof } from './roundStore.js';
export { type RoundSchedule, openRoundId, roundEndMs, roundStartMs, scheduleFromPreset, validateSchedule } from './schedule.js';
export { PoetService, type PoetServiceEvents, type PoetServiceOptions, type Submission, type SubmitResult } from './service.js';
export { MerkleTree, rootHeight } from './tree.js';
export { verifyPoswProof, walkPartialTree } from './verify.js';
