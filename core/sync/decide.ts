/**
 * Which decision a syncing node takes for a layer it did not witness (docs/protocol/sync.md §4). Peers nominate:
 * each peer's `lp/2` answers for the layer and the few after it give its chain of decisions (the block it applied,
 * or none) and aggregated hashes, kept only as far as each link chains on this node's own hash of the layer before.
 * The ballots of the following layers, which this node validated itself, vote: each carries its smesher's opinion
 * hash of the layer before its own, over the layers its smesher had decided and an abstain for each one whose hare
 * had not ended yet, so a ballot carrying any hash of a peer's chain at or after the layer (or one followed by abstains) vouches
 * for that chain's decision of the layer. The decision taken is the one whose chains collect more than half of the
 * weight of all ballots that vote on the layer at all; with no such ballot, and only once those layers are settled,
 * the peers' unanimous chains stand in — unless some ballot carries a hash that neither a peer's chain nor this
 * node's own history explains (it may vouch for a chain no peer offered). The caller leaves out votes for layers
 * before this one (hashes of its own history). Pure.
 * @module
 */
import { blake3 } from '../crypto/hash.js';
import { type Decision, nextOpinion } from '../tortoise/logic.js';
import { bytesToHex } from '../util/bytes.js';

/**
 * Layers a ballot may abstain on after the last one its smesher had decided: a ballot's opinion hash runs up to the
 * layer before its own, with the abstain sentinel for each layer whose hare had not finished when it was built
 * (go's `opinionhash`; core/tortoise/votes.ts `linkOpinion`), one or two under load.
 */
export const MAX_TRAILING_ABSTAINS = 4;

/** `hash` followed by 1 … {@link MAX_TRAILING_ABSTAINS} abstained layers, as a ballot's opinion hash would carry it. */
export function abstainSuccessors(hash: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let h = hash;
  for (let i = 0; i < MAX_TRAILING_ABSTAINS; i++) out.push((h = blake3(h, new Uint8Array([0]))));
  return out;
}

/** A candidate block for a layer (`null`: the peer applied no block). */
export type CandidateBlock = { readonly id: Uint8Array; readonly height: bigint } | null;

/** A validated ballot: the opinion hash it carries, and its weight. */
export interface Vote {
  readonly opinionHash: Uint8Array;
  readonly weight: number;
}

/** One peer's view of one layer: the block it applied there and its aggregated hash of the layer. */
export interface PeerLayerView {
  readonly certified: CandidateBlock;
  readonly aggHash: Uint8Array;
}

export interface ChainLink {
  readonly decision: Decision;
  readonly opinionHash: Uint8Array;
}

/** A peer's chain from the layer being decided on; empty when its first link does not chain on this node's hash. */
export interface PeerChain {
  readonly peer: string;
  readonly links: readonly ChainLink[];
}

export interface Choice {
  readonly decision: Decision;
  readonly opinionHash: Uint8Array;
  /** What backed it: the ballots' votes, or (without any) the peers. */
  readonly by: 'ballots' | 'peers';
  /** Peers whose chain holds another decision of the layer: they contradict what was chosen. */
  readonly dissenters: readonly string[];
}

/** The decisions a candidate can mean: a block, or for no block an empty hare output or a layer the hare never decided. */
function decisionsOf(candidate: CandidateBlock): Decision[] {
  if (candidate === null) return [{ by: 'hare', block: null }, { by: 'empty' }];
  return [{ by: 'hare', block: candidate }];
}

/**
 * The links of a peer's views (consecutive layers from the one being decided) that chain on `prevOpinion`: each link's
 * hash must be what chaining its decision on the link before gives. Stops at the first view that does not chain.
 */
export function peerChain(prevOpinion: Uint8Array, views: readonly PeerLayerView[]): ChainLink[] {
  const links: ChainLink[] = [];
  let prev = prevOpinion;
  for (const view of views) {
    const want = bytesToHex(view.aggHash);
    const decision = decisionsOf(view.certified).find((d) => bytesToHex(nextOpinion(prev, d)) === want);
    if (decision === undefined) break;
    links.push({ decision, opinionHash: view.aggHash });
    prev = view.aggHash;
  }
  return links;
}

/**
 * Chooses the layer's decision.
 * @param chains - each asked peer's chain from the layer on
 * @param votes - the valid ballots of the following layers, less those carrying a hash of this node's layers before
 * @param peersSuffice - whether unanimous peers may decide when no ballot votes on the layer (its voting layers are settled)
 * @returns the choice, or null when nothing is backed well enough yet
 */
export function chooseDecision(chains: readonly PeerChain[], votes: readonly Vote[], peersSuffice: boolean): Choice | null {
  // Peers grouped by their decision of the layer (its hash), with every hash their chains vouch the decision by.
  const groups = new Map<string, { link: ChainLink; hashes: Set<string>; peers: string[] }>();
  for (const chain of chains) {
    const first = chain.links[0];
    if (first === undefined) continue;
    const key = bytesToHex(first.opinionHash);
    const group = groups.get(key) ?? { link: first, hashes: new Set<string>(), peers: [] };
    // A ballot commits to a link's hash whether it carries it or it followed by abstains on the layers after.
    for (const l of chain.links) for (const h of [l.opinionHash, ...abstainSuccessors(l.opinionHash)]) group.hashes.add(bytesToHex(h));
    group.peers.push(chain.peer);
    groups.set(key, group);
  }
  const support = new Map<string, number>();
  let total = 0;
  let unexplained = 0;
  for (const v of votes) {
    const hash = bytesToHex(v.opinionHash);
    const key = [...groups].find(([, group]) => group.hashes.has(hash))?.[0];
    if (key === undefined) {
      unexplained += v.weight;
      continue;
    }
    support.set(key, (support.get(key) ?? 0) + v.weight);
    total += v.weight;
  }
  let winner: string | undefined;
  let by: Choice['by'] = 'ballots';
  if (total > 0) {
    winner = [...support].find(([, weight]) => weight * 2 > total)?.[0];
  } else if (peersSuffice && unexplained === 0 && groups.size === 1 && chains.every((c) => c.links.length > 0)) {
    winner = [...groups.keys()][0];
    by = 'peers';
  }
  if (winner === undefined) return null;
  const group = groups.get(winner)!;
  const agreeing = new Set(group.peers);
  return { decision: group.link.decision, opinionHash: group.link.opinionHash, by, dissenters: chains.filter((c) => c.links.length > 0 && !agreeing.has(c.peer)).map((c) => c.peer) };
}
