/**
 * Malfeasance proofs (go-spacemesh v1 format): wire codecs, building from conflicting messages, validation, and
 * the gossip / fetch input handler.
 * @module
 */
export * from './errors.js';
export * from './handler.js';
export * from './proofs.js';
export * from './validate.js';
export * from './wire.js';
