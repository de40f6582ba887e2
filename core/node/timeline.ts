/**
 * The node's timeline: the short log message of each timeline event (DESIGN.md CLI: JSON lines carry `"event"`).
 * Pure.
 * @module
 */
import type { ActivationEventName } from '../activation/interface.js';

export const TIMELINE_MESSAGES: Readonly<Record<ActivationEventName, string>> = {
  post_init_progress: 'PoST init progress',
  post_init_done: 'PoST init done; initial proof ready',
  poet_registered: 'registered at PoET',
  poet_proof: 'PoET proof received',
  post_proof: 'PoST proof generated',
  atx_published: 'ATX published',
};
