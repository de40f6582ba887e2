/**
 * Ports the activation loop consumes, owned here (docs/conventions.md §2): where signed ATXs go, and the shape of the timeline
 * events it reports. Pure (types only).
 * @module
 */

/** Sends a signed ATX out: in-process to this node's handler now, over libp2p gossip (topic `ax1`) later. */
export interface Publisher {
  /** @throws when the ATX could not be published (the loop retries) */
  publishAtx(bytes: Uint8Array): Promise<void>;
}

/** The loop's timeline events are defined with the node's others, in one place. */
export type { ActivationEvent, ActivationEventName } from '../types/timeline.js';
