/**
 * Checks a block a peer served against the ballots of its layer that this node validated (docs/protocol/sync.md
 * §5; the rules of docs/protocol/blocks-and-rewards.md §1-§2 that a block builder follows): its layer, one reward
 * entry per ATX of a valid ballot in the layer with exactly the weight that ballot's eligibilities give (go's
 * `blocks/utils.go` rewards), and the highest base tick height among those ATXs. A block that passes pays only
 * identities that were eligible in the layer and as much as the hare's block would; which of the eligible ones it
 * names is what the next layer's ballots vouch for (core/sync/decide.ts). Pure.
 * @module
 */
import type { InnerBlock } from '../blocks/wire.js';
import { blockRewardEntries } from '../rewards/split.js';
import { bytesToHex } from '../util/bytes.js';
import { SyncError } from './errors.js';

/** A ballot of the layer as validated here, with what its ATX says. */
export interface LayerBallot {
  readonly atxId: Uint8Array;
  readonly atxWeight: bigint;
  readonly atxBaseHeight: bigint;
  readonly eligibilityCount: number;
  readonly proofs: number;
}

/**
 * @throws {SyncError} BAD_BLOCK naming the first rule the block breaks
 */
export function checkBlock(layer: number, block: InnerBlock, ballots: readonly LayerBallot[]): void {
  if (block.layer !== layer) throw new SyncError('BAD_BLOCK', `block of layer ${block.layer} served for layer ${layer}`);
  if (block.rewards.length === 0) throw new SyncError('BAD_BLOCK', 'block without reward entries');
  const byAtx = new Map<string, LayerBallot>();
  for (const b of ballots) if (!byAtx.has(bytesToHex(b.atxId))) byAtx.set(bytesToHex(b.atxId), b);
  const named: LayerBallot[] = [];
  for (const r of block.rewards) {
    const ballot = byAtx.get(bytesToHex(r.atxId));
    if (ballot === undefined) throw new SyncError('BAD_BLOCK', `block pays ATX ${bytesToHex(r.atxId)}, which has no valid ballot in layer ${layer}`);
    named.push(ballot);
  }
  let expected;
  try {
    expected = blockRewardEntries(named.map((b) => ({ atxId: b.atxId, atxWeight: b.atxWeight, eligibilityCount: b.eligibilityCount, proofs: b.proofs })));
  } catch (err) {
    throw new SyncError('BAD_BLOCK', `block reward entries cannot be rebuilt: ${(err as Error).message}`);
  }
  for (let i = 0; i < expected.length; i++) {
    const want = expected[i]!;
    const got = block.rewards[i]!;
    if (bytesToHex(want.atxId) !== bytesToHex(got.atxId) || want.weight.num !== got.weight.num || want.weight.denom !== got.weight.denom) {
      throw new SyncError('BAD_BLOCK', `reward entry ${i} (ATX ${bytesToHex(got.atxId)}) differs from what its ballot gives`);
    }
  }
  const height = named.reduce((max, b) => (b.atxBaseHeight > max ? b.atxBaseHeight : max), 0n);
  if (block.tickHeight !== height) throw new SyncError('BAD_BLOCK', `tick height ${block.tickHeight} differs from the ${height} its ATXs give`);
}
