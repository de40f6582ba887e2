/**
 * The node's timeline log: the short message each timeline event (core/types/timeline.ts) is logged with; the
 * JSON line's `"event"` carries the name itself. Pure.
 * @module
 */
import type { TimelineEventName } from '../types/timeline.js';

export const TIMELINE_MESSAGES: Readonly<Record<TimelineEventName, string>> = {
  post_init_progress: 'PoST init progress',
  post_init_done: 'PoST init done; initial proof ready',
  poet_registered: 'registered at PoET',
  poet_proof: 'PoET proof received',
  post_proof: 'PoST proof generated',
  atx_published: 'ATX published',
  eligibility: 'eligible for proposals in the epoch',
  proposal_published: 'proposal published',
  block_applied: 'layer applied',
  reward: 'reward received',
};
