/**
 * The node's timeline events, written once. The activation loop emits the first six, the consensus side the last
 * four; the node logs each as a JSON line whose `"event"` is the name here (a stable interface: scripts and the
 * README rely on these names), and the API contract stamps them with a time and pushes them. JSON-safe: bytes are
 * lowercase hex, amounts decimal strings of smidge. Pure (types only), so the contract, and through it the renderer,
 * can import it with `import type`.
 * @module
 */

/** What one identity's activation loop reports: PoST init, PoET round, PoST proof, ATX. */
export type ActivationEvent =
  | { readonly event: 'post_init_progress'; readonly smesherId: string; readonly labelsDone: number; readonly labelsTotal: number; readonly etaSeconds: number | null }
  | { readonly event: 'post_init_done'; readonly smesherId: string; readonly numUnits: number; readonly vrfNonce: number }
  | { readonly event: 'poet_registered'; readonly smesherId: string; readonly poet: string; readonly round: number; readonly publishEpoch: number }
  | { readonly event: 'poet_proof'; readonly smesherId: string; readonly poet: string; readonly round: number; readonly leafCount: number; readonly publishEpoch: number }
  | { readonly event: 'post_proof'; readonly smesherId: string; readonly publishEpoch: number }
  | {
      readonly event: 'atx_published';
      readonly smesherId: string;
      readonly atxId: string;
      readonly publishEpoch: number;
      readonly targetEpoch: number;
      readonly numUnits: number;
      readonly weight: number;
    };

/** What the consensus side reports: eligibilities, proposals, applied layers, rewards. */
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

/** Every timeline event of the node. */
export type NodeTimelineEvent = ActivationEvent | MeshEvent;

export type ActivationEventName = ActivationEvent['event'];
export type MeshEventName = MeshEvent['event'];
export type TimelineEventName = NodeTimelineEvent['event'];
