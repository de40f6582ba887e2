/**
 * Proposals: eligibility, ballots and proposals (wire, build, validate, handle), their stores and the active set.
 * @module
 */
export { type ActiveSet, buildActiveSet } from './activeSet.js';
export { type BuiltProposal, type ProposalDraft, buildProposal } from './build.js';
export { type EpochEligibilities, type SlotInput, computeEligibilities, eligibilitySlots } from './eligibility.js';
export { eligibilityLayer } from './eligibilityLayer.js';
export { ProposalError, type ProposalErrorCode } from './errors.js';
export { MALFEASANCE_MULTIPLE_BALLOTS, type ProposalHandlerDeps, type ProposalVerdict, handleProposal } from './handler.js';
export * from './localStore.js';
export * from './store.js';
export { type ProposalContext, type ValidProposal, validateProposal } from './validate.js';
export * from './wire.js';
