/**
 * Which decision a syncing node takes for a layer it did not witness (docs/protocol/sync.md §4). Peers nominate
 * candidates (`lp/2`: the block they applied, and the aggregated hash they hold); the ballots of the next layer,
 * which this node validated itself, vote: each carries its smesher's opinion hash of this layer, and a decision is
 * taken only when the opinion hash it gives (chained on this node's own previous hash) is the one carried by more
 * than half of the next layer's valid ballot weight. Without such ballots the peers' agreement stands in. Pure.
 * @module
 */
import { type Decision, nextOpinion } from '../tortoise/logic.js';
import { bytesToHex } from '../util/bytes.js';

/** A candidate block for the layer (`null`: the peer applied no block). */
export type CandidateBlock = { readonly id: Uint8Array; readonly height: bigint } | null;

/** A validated ballot of the next layer: the opinion hash it votes for this layer, and its weight. */
export interface Vote {
  readonly opinionHash: Uint8Array;
  readonly weight: number;
}

/** One peer's `lp/2` answers: the block it applied in the layer and its aggregated hash of the layer. */
export interface PeerOpinion {
  readonly peer: string;
  readonly certified: CandidateBlock;
  readonly aggHash: Uint8Array;
}

export interface Choice {
  readonly decision: Decision;
  readonly opinionHash: Uint8Array;
  /** What backed it: the next layer's ballots, or (without any) the peers. */
  readonly by: 'ballots' | 'peers';
  /** Peers whose answer names another opinion: they contradict what was chosen. */
  readonly dissenters: readonly string[];
}

/** The decisions a candidate can mean: a block, or for no block an empty hare output or a layer the hare never decided. */
function decisionsOf(candidate: CandidateBlock): Decision[] {
  if (candidate === null) return [{ by: 'hare', block: null }, { by: 'empty' }];
  return [{ by: 'hare', block: candidate }];
}

/**
 * Chooses the layer's decision.
 * @param prevOpinion - this node's opinion hash of the layer before
 * @param peers - the peers' answers for the layer (their aggregated hash of it)
 * @param votes - the next layer's valid ballots
 * @param peersSuffice - whether the peers may decide without ballots (the next layer is settled and had none)
 * @returns the choice, or null when nothing is backed well enough yet
 */
export function chooseDecision(prevOpinion: Uint8Array, peers: readonly PeerOpinion[], votes: readonly Vote[], peersSuffice: boolean): Choice | null {
  // Every candidate a peer named, as the opinion hash it would give here; only those a peer's hash confirms count.
  const options = new Map<string, { decision: Decision; opinionHash: Uint8Array }>();
  for (const p of peers) {
    for (const decision of decisionsOf(p.certified)) {
      const opinionHash = nextOpinion(prevOpinion, decision);
      if (bytesToHex(opinionHash) === bytesToHex(p.aggHash)) options.set(bytesToHex(opinionHash), { decision, opinionHash });
    }
  }
  const chosen = votes.length > 0 ? byBallots(options, votes) : peersSuffice ? byPeers(options, peers) : null;
  if (chosen === null) return null;
  const key = bytesToHex(chosen.opinionHash);
  return { ...chosen, by: votes.length > 0 ? 'ballots' : 'peers', dissenters: peers.filter((p) => bytesToHex(p.aggHash) !== key).map((p) => p.peer) };
}

function byBallots(options: ReadonlyMap<string, { decision: Decision; opinionHash: Uint8Array }>, votes: readonly Vote[]): { decision: Decision; opinionHash: Uint8Array } | null {
  const total = votes.reduce((sum, v) => sum + v.weight, 0);
  const support = new Map<string, number>();
  for (const v of votes) {
    const key = bytesToHex(v.opinionHash);
    support.set(key, (support.get(key) ?? 0) + v.weight);
  }
  for (const [key, option] of options) if ((support.get(key) ?? 0) * 2 > total) return option;
  return null;
}

/** Without ballots: every answering peer must name the same opinion. */
function byPeers(options: ReadonlyMap<string, { decision: Decision; opinionHash: Uint8Array }>, peers: readonly PeerOpinion[]): { decision: Decision; opinionHash: Uint8Array } | null {
  if (peers.length === 0) return null;
  const first = bytesToHex(peers[0]!.aggHash);
  if (peers.some((p) => bytesToHex(p.aggHash) !== first)) return null;
  return options.get(first) ?? null;
}
