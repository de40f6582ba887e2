/**
 * Ports the activation loop consumes, owned here (STYLE.md §5.2): where signed ATXs go, and where its timeline
 * events go. Pure (types only).
 * @module
 */

/** Sends a signed ATX out: in-process to this node's handler now, over libp2p gossip (topic `ax1`) later. */
export interface Publisher {
  /** @throws when the ATX could not be published (the loop retries) */
  publishAtx(bytes: Uint8Array): Promise<void>;
}

/** Timeline events of one identity's loop (DESIGN.md CLI: the `"event"` names of JSON log lines). */
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

export type ActivationEventName = ActivationEvent['event'];
