/**
 * Gossip topics and limits, named as go-spacemesh names them (`p2p/pubsub/pubsub.go`, `hare3/`;
 * `docs/protocol/p2p.md §2`). Pure.
 * @module
 */

/** ATXs. */
export const TOPIC_ATX = 'ax1';
/** Ballots with their proposals. */
export const TOPIC_PROPOSAL = 'pp1';
/** Transactions. */
export const TOPIC_TX = 'tx1';
/** Hare 3 protocol messages. */
export const TOPIC_HARE = '/h/3.0';
/** Malfeasance proofs. */
export const TOPIC_MALFEASANCE = 'mp1';
/** Beacon protocol: proposals, first votes, following votes, weak coin (docs/protocol/beacon.md §5). */
export const TOPIC_BEACON_PROPOSAL = 'bp1';
export const TOPIC_BEACON_FIRST_VOTES = 'bf1';
export const TOPIC_BEACON_FOLLOWING_VOTES = 'bo1';
export const TOPIC_BEACON_WEAK_COIN = 'bw1';
/** The beacon topic of each beacon message kind. */
export const BEACON_TOPICS = {
  proposal: TOPIC_BEACON_PROPOSAL,
  firstVotes: TOPIC_BEACON_FIRST_VOTES,
  followingVotes: TOPIC_BEACON_FOLLOWING_VOTES,
  weakCoin: TOPIC_BEACON_WEAK_COIN,
} as const;
/** Block certificates (used from Network II on). */
export const TOPIC_BLOCK_CERTIFY = 'bc1';

/** Every topic this implementation knows; others are neither subscribed nor relayed. */
export const GOSSIP_TOPICS = [
  TOPIC_ATX,
  TOPIC_PROPOSAL,
  TOPIC_TX,
  TOPIC_HARE,
  TOPIC_MALFEASANCE,
  TOPIC_BEACON_PROPOSAL,
  TOPIC_BEACON_FIRST_VOTES,
  TOPIC_BEACON_FOLLOWING_VOTES,
  TOPIC_BEACON_WEAK_COIN,
  TOPIC_BLOCK_CERTIFY,
] as const;
export type GossipTopic = (typeof GOSSIP_TOPICS)[number];

export function isGossipTopic(topic: string): topic is GossipTopic {
  return (GOSSIP_TOPICS as readonly string[]).includes(topic);
}

/** go's `MaxMessageSize` (2 << 20): the largest gossip RPC a node reads. */
export const MAX_GOSSIP_RPC_BYTES = 2 << 20;
/**
 * The largest payload `publish` accepts: the RPC limit less room for the protobuf envelope (topic, field tags,
 * lengths), so a message this node sends is never too large for its peers to read.
 */
export const MAX_GOSSIP_MESSAGE_BYTES = MAX_GOSSIP_RPC_BYTES - 1024;
