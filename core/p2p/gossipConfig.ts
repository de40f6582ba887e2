/**
 * Gossipsub parameters of go-spacemesh (`p2p/pubsub/pubsub.go`; `docs/protocol/p2p.md §2`): mesh degrees,
 * history, no author and no signature, the message id `blake3(topic || data)`, peer-score thresholds and topic
 * score parameters, translated to js-libp2p gossipsub's option names (milliseconds where go has durations).
 *
 * One deliberate difference: go scores only `ax1` and `pp1`; every topic here gets the same topic parameters, so
 * a peer that sends invalid messages on any topic loses score and, persisting, its connection. Pure.
 * @module
 */
import type { GossipsubOpts } from '@libp2p/gossipsub';
import type { PeerScoreParams, PeerScoreThresholds, TopicScoreParams } from '@libp2p/gossipsub/score';
import { blake3 } from '../crypto/hash.js';
import { bytesToHex, utf8 } from '../util/bytes.js';
import { GOSSIP_TOPICS, MAX_GOSSIP_RPC_BYTES } from './topics.js';

/** go's score thresholds. */
export const GOSSIP_SCORE_THRESHOLD = -500;
export const PUBLISH_SCORE_THRESHOLD = -1000;
/** Below this a peer is graylisted by gossipsub; this host also disconnects and bans it (`host.ts`). */
export const GRAYLIST_SCORE_THRESHOLD = -2500;
export const ACCEPT_PX_SCORE_THRESHOLD = 1000;
export const OPPORTUNISTIC_GRAFT_SCORE_THRESHOLD = 3.5;
/** go's app-specific score for a configured bootnode (on a node that is not itself a bootnode). */
export const BOOTNODE_APP_SCORE = 10_000;

const SECOND = 1000;
const HOUR = 3600 * SECOND;
const DECAY_INTERVAL = SECOND;
const DECAY_TO_ZERO = 0.01;

/** go's `ScoreParameterDecay(d)`: the per-interval factor that takes a counter to 1% over `d`. */
export function scoreDecay(durationMs: number): number {
  return DECAY_TO_ZERO ** (DECAY_INTERVAL / durationMs);
}

/** Message id: blake3(topic || data), go's `msgID`. */
export function messageId(topic: string, data: Uint8Array): Uint8Array {
  return blake3(utf8(topic), data);
}

/** go's `defaultTopicParam()`: one invalid message costs 100 (weight -1000 x topic weight 0.1, squared counter). */
export function topicScoreParams(): TopicScoreParams {
  return {
    topicWeight: 0.1,
    timeInMeshWeight: 0.00027,
    timeInMeshQuantum: SECOND,
    timeInMeshCap: 1,
    firstMessageDeliveriesWeight: 5,
    firstMessageDeliveriesDecay: scoreDecay(HOUR),
    firstMessageDeliveriesCap: 100,
    // go leaves mesh-delivery scoring off (P3, P3b); js-libp2p's defaults would turn it on.
    meshMessageDeliveriesWeight: 0,
    meshMessageDeliveriesDecay: 0.5,
    meshMessageDeliveriesCap: 100,
    meshMessageDeliveriesThreshold: 20,
    meshMessageDeliveriesWindow: 10,
    meshMessageDeliveriesActivation: 5 * SECOND,
    meshFailurePenaltyWeight: 0,
    meshFailurePenaltyDecay: 0.5,
    invalidMessageDeliveriesWeight: -1000,
    invalidMessageDeliveriesDecay: scoreDecay(HOUR),
  };
}

export interface GossipConfigInput {
  /** The app-specific score of a peer (bootnode bonus, fetch penalties), see `scoring.ts`. */
  readonly appScore: (peerId: string) => number;
}

/** The gossipsub options this host runs with. */
export function gossipsubOptions(input: GossipConfigInput): Partial<GossipsubOpts> {
  const topics: Record<string, TopicScoreParams> = {};
  for (const topic of GOSSIP_TOPICS) topics[topic] = topicScoreParams();
  const scoreParams: Partial<PeerScoreParams> = {
    topics,
    appSpecificScore: input.appScore,
    appSpecificWeight: 1,
    behaviourPenaltyThreshold: 6,
    behaviourPenaltyWeight: -10,
    behaviourPenaltyDecay: scoreDecay(HOUR),
    decayInterval: DECAY_INTERVAL,
    decayToZero: DECAY_TO_ZERO,
    retainScore: 6 * HOUR,
    // Every node of a devnet may share one address (127.0.0.1): no penalty for peers on one IP.
    IPColocationFactorWeight: 0,
  };
  const scoreThresholds: Partial<PeerScoreThresholds> = {
    gossipThreshold: GOSSIP_SCORE_THRESHOLD,
    publishThreshold: PUBLISH_SCORE_THRESHOLD,
    graylistThreshold: GRAYLIST_SCORE_THRESHOLD,
    acceptPXThreshold: ACCEPT_PX_SCORE_THRESHOLD,
    opportunisticGraftThreshold: OPPORTUNISTIC_GRAFT_SCORE_THRESHOLD,
  };
  return {
    // go's init(): D 6, Dscore 4, Dout 3, Dlo 4, Dhi 8, Dlazy 8, history 10, gossip factor 0.1, IWANT follow-up 5 s.
    D: 6,
    Dscore: 4,
    Dout: 3,
    Dlo: 4,
    Dhi: 8,
    Dlazy: 8,
    mcacheLength: 10,
    gossipFactor: 0.1,
    gossipsubIWantFollowupMs: 5 * SECOND,
    // go's p2p default (`Flood: false`): publish to the mesh, not to every peer.
    floodPublish: false,
    fallbackToFloodsub: false,
    doPX: false,
    globalSignaturePolicy: 'StrictNoSign',
    msgIdFn: (msg) => messageId(msg.topic, msg.data),
    msgIdToStrFn: (id) => bytesToHex(id),
    maxInboundDataLength: MAX_GOSSIP_RPC_BYTES,
    allowedTopics: [...GOSSIP_TOPICS],
    // A lone node publishes without error; its message is in its own store already.
    allowPublishToZeroTopicPeers: true,
    emitSelf: false,
    scoreParams,
    scoreThresholds,
  };
}
