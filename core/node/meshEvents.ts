/**
 * The consensus timeline events (DESIGN.md CLI: JSON log lines carry `"event"`): eligibility, proposal_published,
 * block_applied, reward; amounts as decimal strings and bytes as hex, so they are JSON-safe. Pure.
 * @module
 */

export type MeshEvent =
  | {
      readonly event: 'eligibility';
      readonly smesherId: string;
      readonly epoch: number;
      readonly atxId: string;
      readonly weight: string;
      readonly totalWeight: string;
      readonly slots: number;
      /** Eligible layers, one entry per layer with its slot count. */
      readonly layers: readonly { readonly layer: number; readonly count: number }[];
    }
  | { readonly event: 'proposal_published'; readonly smesherId: string; readonly layer: number; readonly proposalId: string; readonly eligibilities: number; readonly txs: number }
  | {
      readonly event: 'block_applied';
      readonly layer: number;
      readonly blockId: string | null;
      readonly decidedBy: 'hare' | 'empty';
      readonly stateHash: string;
      readonly executedTxs: number;
      readonly burnt: string;
    }
  | { readonly event: 'reward'; readonly smesherId: string; readonly coinbase: string; readonly layer: number; readonly totalReward: string; readonly layerReward: string };

export type MeshEventName = MeshEvent['event'];

export const MESH_TIMELINE_MESSAGES: Readonly<Record<MeshEventName, string>> = {
  eligibility: 'eligible for proposals in the epoch',
  proposal_published: 'proposal published',
  block_applied: 'layer applied',
  reward: 'reward received',
};
