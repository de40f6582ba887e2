/**
 * Tortoise: opinion hashes, ballot weight, thresholds and the verifying-mode counter.
 * @module
 */
export { type Decision, GENESIS_OPINION, ballotWeight, globalThreshold, nextOpinion } from './logic.js';
export { VerifyingTortoise } from './verifying.js';
