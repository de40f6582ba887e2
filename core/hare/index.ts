/**
 * Hare3: committee eligibility, wire format, the pure protocol, the session and the clock driver.
 * @module
 */
export { MAX_ELIGIBILITY_COUNT, eligibilityCount } from './committee.js';
export { HareDriver, type HareDriverDeps } from './driver.js';
export { HareError, type HareErrorCode } from './errors.js';
export { HareProtocol, type HareInput, type HareProtocolConfig, type InputOutcome, type StepResult } from './protocol.js';
export { HareSession, type HareSessionConfig, type HareVerdict, type SessionStep } from './session.js';
export { vrfFraction, vrfFractionNumerator } from './vrfFraction.js';
export * from './wire.js';
