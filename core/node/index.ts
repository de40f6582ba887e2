/**
 * The node: its composition root, data directory and layer clock. The public surface.
 * @module
 */
export { FIRST_START_GENESIS_DELAY_MS, NodeError, openNetworkDir } from './dataDir.js';
export { LayerClock, type LayerTick } from './layerClock.js';
export { type IdentityInfo, type NodeDeps, type NodeEvents, type NodeOptions, type SmeshingOptions, type SmesherNode, createNode } from './node.js';
