/**
 * A ballot's opinion as the tortoise holds it (docs/protocol/tortoise.md §2; go-spacemesh `tortoise/state.go`
 * `votes`, `layerVote`, `decodeVotes`): a chain of per-layer votes from the oldest layer in the window to the layer
 * before the ballot's, each link holding the blocks it supports (or an abstain) and the opinion hash up to it.
 * Ballots with the same opinion share one chain. Decoding turns a ballot's exceptions (support / against / abstain
 * relative to its base ballot) into such a chain; a link the exceptions do not touch is the base ballot's own. Pure.
 * @module
 */
import { blake3 } from '../crypto/hash.js';
import type { Fixed } from '../util/fixed.js';
import { bytesToHex, compareBytes, u64le } from '../util/bytes.js';

/** A vote on a block or a layer: go's `sign` (support 1, against −1, abstain/neutral 0). */
export type Sign = 1 | -1 | 0;
export const SUPPORT: Sign = 1;
export const AGAINST: Sign = -1;
export const ABSTAIN: Sign = 0;

/** A block as the tortoise knows it (go's `blockInfo`). Shared by reference between layers and votes. */
export interface BlockInfo {
  readonly id: Uint8Array;
  readonly key: string;
  readonly layer: number;
  readonly height: bigint;
  hare: Sign;
  margin: Fixed;
  validity: Sign;
  /** The block's data is stored locally. */
  data: boolean;
}

export function newBlockInfo(header: BlockHeader): BlockInfo {
  return { id: header.id, key: blockKey(header.id, header.height), layer: header.layer, height: header.height, hare: ABSTAIN, margin: 0n, validity: ABSTAIN, data: false };
}

/** A block reference in votes: id, layer, tick height (go's `types.Vote`). */
export interface BlockHeader {
  readonly id: Uint8Array;
  readonly layer: number;
  readonly height: bigint;
}

/** A block is identified by id and height together (two heights of one id are two different votes). */
export function blockKey(id: Uint8Array, height: bigint): string {
  return `${bytesToHex(id)}/${height}`;
}

/** One layer of a ballot's opinion (go's `layerVote`). */
export interface LayerVote {
  readonly layer: number;
  opinion: Uint8Array;
  vote: Sign;
  supported: BlockInfo[];
  prev: LayerVote | null;
}

/** A ballot's exceptions relative to its base ballot, as the wire carries them. */
export interface Exceptions {
  readonly support: readonly BlockHeader[];
  readonly against: readonly BlockHeader[];
  readonly abstain: readonly number[];
}

/** go's `sortBlocks`: by height, then id. */
export function sortBlocks(blocks: BlockInfo[]): void {
  blocks.sort((a, b) => (a.height !== b.height ? (a.height < b.height ? -1 : 1) : compareBytes(a.id, b.id)));
}

/**
 * The opinion hash of one link: `blake3(prev opinion? || X)`, X being `id(20) || height(u64 LE)` per supported
 * block, the abstain sentinel `0x00` for an abstained layer, nothing for a layer voted empty (go's `opinionhash`).
 */
export function linkOpinion(prev: Uint8Array | null, supported: readonly { id: Uint8Array; height: bigint }[], abstained: boolean): Uint8Array {
  const parts: Uint8Array[] = [];
  if (prev !== null) parts.push(prev);
  if (supported.length > 0) for (const b of supported) parts.push(b.id, u64le(b.height));
  else if (abstained) parts.push(new Uint8Array([0]));
  return blake3(...parts);
}

function computeLinkOpinion(link: LayerVote): void {
  link.opinion = linkOpinion(link.prev?.opinion ?? null, link.supported, link.vote === ABSTAIN);
}

/** Appends `link` after `tail` (which must be the layer before), computing its opinion. */
export function appendVote(tail: LayerVote | null, link: LayerVote): LayerVote {
  if (tail !== null && tail.layer + 1 !== link.layer) throw new Error(`invariant failed: vote for layer ${link.layer} appended after ${tail.layer}`);
  link.prev = tail;
  sortBlocks(link.supported);
  computeLinkOpinion(link);
  return link;
}

/** The vote of `link` on `block`: support when it lists the block, else against (go's `getVote`). */
export function voteOn(link: LayerVote, block: BlockInfo): Sign {
  return link.supported.includes(block) ? SUPPORT : AGAINST;
}

/** Per layer, the exceptions for its blocks by block key (an empty map: the layer is abstained). */
type Diff = Map<number, Map<string, { header: BlockHeader; sign: Sign }>>;

export class VotesError extends Error {}

/** Copies the chain from `from` on with `diff` applied (go's `layerVote.update`). */
function updateChain(link: LayerVote, from: number, diff: Diff): LayerVote {
  if (link.layer < from) return link;
  const copied: LayerVote = { layer: link.layer, opinion: link.opinion, vote: link.vote, supported: link.supported, prev: link.prev === null ? null : updateChain(link.prev, from, diff) };
  const layerDiff = diff.get(copied.layer);
  if (layerDiff !== undefined && layerDiff.size === 0) {
    copied.vote = ABSTAIN;
    copied.supported = [];
  } else if (layerDiff !== undefined) {
    const supported: BlockInfo[] = [];
    for (const block of link.supported) {
      const vote = layerDiff.get(bytesToHex(block.id));
      if (vote === undefined) supported.push(block);
      else if (vote.sign === AGAINST && vote.header.height !== block.height) {
        throw new VotesError(`wrong target: supported ${bytesToHex(block.id)}/${block.height}, against height ${vote.header.height}`);
      }
    }
    for (const vote of layerDiff.values()) if (vote.sign !== AGAINST) supported.push(newBlockInfo(vote.header));
    copied.supported = supported;
    sortBlocks(copied.supported);
  }
  computeLinkOpinion(copied);
  return copied;
}

/** The base ballot a ballot's votes are relative to: its layer and opinion chain (genesis: no chain). */
export interface VoteBase {
  readonly layer: number;
  readonly votes: LayerVote | null;
}

/**
 * Decodes a ballot's exceptions against `base` into the ballot's full opinion (go's `decodeVotes`): the base's
 * chain with the exceptions applied, then one link per layer from the base's layer up to the ballot's layer − 1,
 * each against every block unless supported or abstained.
 * @returns the chain's tail and the oldest layer an exception names
 * @throws {VotesError} on two exceptions for one block, an abstain that conflicts with block votes, or an against
 *   that contradicts the base's support at another height
 */
export function decodeVotes(ballotLayer: number, base: VoteBase, exceptions: Exceptions): { votes: LayerVote | null; from: number } {
  let from = base.layer;
  const diff: Diff = new Map();
  const add = (header: BlockHeader, sign: Sign): void => {
    from = Math.min(from, header.layer);
    let layerDiff = diff.get(header.layer);
    if (layerDiff === undefined) diff.set(header.layer, (layerDiff = new Map<string, { header: BlockHeader; sign: Sign }>()));
    const key = bytesToHex(header.id);
    const existing = layerDiff.get(key);
    if (existing !== undefined) throw new VotesError(`conflicting votes on block ${key} (heights ${existing.header.height} and ${header.height})`);
    layerDiff.set(key, { header, sign });
  };
  for (const h of exceptions.against) add(h, AGAINST);
  for (const h of exceptions.support) add(h, SUPPORT);
  for (const layer of exceptions.abstain) {
    from = Math.min(from, layer);
    if (diff.has(layer)) throw new VotesError(`votes on layer ${layer} conflict with abstain`);
    diff.set(layer, new Map());
  }
  let tail = base.votes === null ? null : updateChain(base.votes, from, diff);
  for (let layer = base.layer; layer < ballotLayer; layer++) {
    const link: LayerVote = { layer, opinion: new Uint8Array(32), vote: AGAINST, supported: [], prev: null };
    const layerDiff = diff.get(layer);
    if (layerDiff !== undefined && layerDiff.size === 0) link.vote = ABSTAIN;
    else if (layerDiff !== undefined) for (const v of layerDiff.values()) if (v.sign === SUPPORT) link.supported.push(newBlockInfo(v.header));
    tail = appendVote(tail, link);
  }
  return { votes: tail, from };
}

/** Drops the links before `layer` (eviction; go's `votes.cutBefore`). @returns the new tail */
export function cutBefore(tail: LayerVote | null, layer: number): LayerVote | null {
  for (let current = tail; current !== null; current = current.prev) {
    const prev = current.prev;
    if (prev !== null && prev.layer < layer) {
      current.prev = null;
      return tail;
    }
    if (current.layer < layer) return null;
  }
  return tail;
}
