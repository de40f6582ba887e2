/**
 * Activation: the smeshing loop (challenge → PoET → PoST → ATX), ATX validation and handling, identities, the
 * activation plan, and the ATX v1 wire format. The public surface.
 * @module
 */
export { type LoopState, type PoetEndpoint, SmesherLoop, type SmesherLoopDeps } from './driver.js';
export { ActivationError, type ActivationErrorCode } from './errors.js';
export { type AtxHandlerDeps, type AtxVerdict, MultipleAtxsProof, handleAtx } from './handler.js';
export { type Identity, type IdentityOptions, keyFilePath, loadIdentities } from './identities.js';
export type { ActivationEvent, ActivationEventName, Publisher } from './interface.js';
export { atxWeight, buildChallenge, challengeTarget, selectPositioningAtx, tickCount, tickHeight } from './logic.js';
export { type ActivationPlan, type MissedRegistration, type PlanInput, planActivation } from './plan.js';
export { type AtxRow, type PoetProofRow, MALFEASANCE_MULTIPLE_ATXS } from './store.js';
export { type AtxValidationContext, validateAtx } from './validate.js';
export * from './wire.js';
