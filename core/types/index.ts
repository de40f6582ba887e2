/**
 * Protocol value types shared by every component: addresses, genesis identity, layer arithmetic, templates.
 * @module
 */
export * from './address.js';
export * from './genesis.js';
export * from './ids.js';
export * from './layers.js';
export * from './templates.js';
export * from './vrfMessages.js';
