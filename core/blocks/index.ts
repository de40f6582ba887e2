/**
 * Blocks: the wire format, deterministic generation from the hare output, the tx shuffle, the store.
 * @module
 */
export { type BlockProposalInput, type TxInfo, generateBlock, shuffleWithNonceOrder } from './generate.js';
export { Mt19937 } from './mt19937.js';
export { getBlockBytes, getHareOutput, insertBlock, putHareOutput } from './store.js';
export { AnyReward, InnerBlock, blockId, decodeBlock, encodeBlock } from './wire.js';
