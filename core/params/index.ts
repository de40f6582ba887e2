/**
 * Network presets as plain data.
 * @module
 */
export * from './presets.js';
export type * from './types.js';
