/**
 * The block wire format and id (docs/protocol/blocks-and-rewards.md §1; go-spacemesh `common/types/block.go`). Pure.
 * @module
 */
import { compact32, compact64, type Infer, decode, encode, fixedBytes, struct, vec } from '../codec/index.js';
import { blake3 } from '../crypto/hash.js';

export const AnyReward = struct('AnyReward', {
  atxId: fixedBytes(32),
  weight: struct('RatNum', { num: compact64, denom: compact64 }),
});

export const InnerBlock = struct('InnerBlock', {
  layer: compact32,
  tickHeight: compact64,
  rewards: vec(AnyReward, 2350),
  txIds: vec(fixedBytes(32), 100_000),
});
export type InnerBlock = Infer<typeof InnerBlock>;

/** `BlockID = blake3(scale(InnerBlock))[:20]`. */
export function blockId(block: InnerBlock): Uint8Array {
  return blake3(encode(InnerBlock, block)).slice(0, 20);
}

export function encodeBlock(block: InnerBlock): Uint8Array {
  return encode(InnerBlock, block);
}

/** @throws {ScaleError} for bytes that are not exactly one block */
export function decodeBlock(bytes: Uint8Array): InnerBlock {
  return decode(InnerBlock, bytes);
}
