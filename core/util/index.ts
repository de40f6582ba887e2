/**
 * Cross-cutting helpers: argument checks, coded errors, bytes, logging and clocks.
 * @module
 */
export * from './assert.js';
export * from './bytes.js';
export * from './clock.js';
export * from './errors.js';
export * from './logger.js';
export * from './verdict.js';
