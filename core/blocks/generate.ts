/**
 * The block every node derives from a layer's hare output (docs/protocol/blocks-and-rewards.md §1, §2, §5; go-spacemesh
 * `blocks/generator.go`, `blocks/utils.go`): one reward entry per ATX weighted by its proposal's eligibilities
 * (core/rewards/split.ts), tick height = the highest ATX tick height among the proposals, and the de-duplicated
 * union of the proposals' transactions shuffled by MT19937-64 seeded with the proposals' hash while each account's
 * transactions keep their nonce order. An empty output gives no block (an empty layer). Transactions this node does
 * not know are left out (in-process every proposal's transactions passed this node's mempool). go also prunes to
 * the block gas limit; here the VM makes transactions past the limit ineffective, which changes no balance the
 * same way. Pure.
 * @module
 */
import { blockRewardEntries } from '../rewards/split.js';
import { pad32 } from '../types/ids.js';
import { blake3 } from '../crypto/hash.js';
import { bytesToHex, compareBytes, readU64le } from '../util/bytes.js';
import { Mt19937 } from './mt19937.js';
import { type InnerBlock, blockId } from './wire.js';

export interface BlockProposalInput {
  readonly id: Uint8Array;
  readonly atxId: Uint8Array;
  readonly atxWeight: bigint;
  readonly atxTickHeight: bigint;
  readonly eligibilityCount: number;
  readonly proofs: number;
  readonly txIds: readonly Uint8Array[];
}

/** What the block builder needs to know of a transaction. */
export interface TxInfo {
  readonly principal: Uint8Array;
  readonly nonce: bigint;
}

/**
 * Builds the layer's block.
 * @returns the block and its id, or null for an empty hare output
 * @throws {RewardsError} DUPLICATE_ATX when two proposals share an ATX (go aborts block generation too)
 */
export function generateBlock(
  layer: number,
  proposals: readonly BlockProposalInput[],
  txInfo: (id: Uint8Array) => TxInfo | null,
): { block: InnerBlock; id: Uint8Array } | null {
  if (proposals.length === 0) return null;
  const sorted = [...proposals].sort((a, b) => compareBytes(a.id, b.id));
  const rewards = blockRewardEntries(sorted.map((p) => ({ atxId: p.atxId, atxWeight: p.atxWeight, eligibilityCount: p.eligibilityCount, proofs: p.proofs })));
  const tickHeight = sorted.reduce((max, p) => (p.atxTickHeight > max ? p.atxTickHeight : max), 0n);
  const seen = new Set<string>();
  const txs: { id: Uint8Array; info: TxInfo }[] = [];
  for (const p of sorted) {
    for (const id of p.txIds) {
      const key = bytesToHex(id);
      if (seen.has(key)) continue;
      seen.add(key);
      const info = txInfo(id);
      if (info !== null) txs.push({ id, info });
    }
  }
  const seedHash = blake3(...sorted.map((p) => pad32(p.id)));
  const block: InnerBlock = { layer, tickHeight, rewards: rewards.map((r) => ({ atxId: r.atxId, weight: r.weight })), txIds: shuffleWithNonceOrder(txs, seedHash) };
  return { block, id: blockId(block) };
}

/**
 * Shuffles `txs` with MT19937-64 seeded by the four little-endian u64 words of `seed`, then puts each account's
 * transactions back in nonce order into the positions the shuffle gave that account.
 */
export function shuffleWithNonceOrder(txs: readonly { id: Uint8Array; info: TxInfo }[], seed: Uint8Array): Uint8Array[] {
  const rng = new Mt19937([0, 8, 16, 24].map((o) => readU64le(seed, o)));
  const order = [...txs];
  rng.shuffle(order.length, (i, j) => {
    [order[i], order[j]] = [order[j]!, order[i]!];
  });
  const byAccount = new Map<string, { id: Uint8Array; info: TxInfo }[]>();
  for (const t of order) {
    const key = bytesToHex(t.info.principal);
    byAccount.set(key, [...(byAccount.get(key) ?? []), t]);
  }
  for (const list of byAccount.values()) list.sort((a, b) => (a.info.nonce < b.info.nonce ? -1 : a.info.nonce > b.info.nonce ? 1 : compareBytes(a.id, b.id)));
  const cursor = new Map<string, number>();
  return order.map((t) => {
    const key = bytesToHex(t.info.principal);
    const i = cursor.get(key) ?? 0;
    cursor.set(key, i + 1);
    return byAccount.get(key)![i]!.id;
  });
}
