/**
 * The tortoise: finality and self-healing over the block mesh (docs/protocol/tortoise.md; a port of go-spacemesh
 * cc65f271f3e2 `tortoise/tortoise.go`, `verifying.go`, `full.go`, decision for decision). It takes ATXs, beacons,
 * blocks, hare outputs, weak coins and ballots; `tallyVotes(layer)` processes layers, counts ballots and verifies
 * layers:
 * - verifying mode: a ballot is good when its opinion hash of the layer before equals this node's, its beacon is
 *   this node's and it is not below the reference height; a layer is verified once the good weight after it, less the
 *   weight still expected, crosses the global threshold, and its blocks take this node's vote;
 * - full mode (self-healing), entered when the layer after the verified one falls out of hdist: every ballot's votes
 *   are counted per block (margin) and per layer (empty), each block decided when its margin crosses the threshold;
 *   left when full mode verified up to processed − 1 and verifying mode agrees.
 * `encodeVotes` gives this node's opinion as exceptions against a base ballot, for its own ballots. `updates()` lists
 * layers whose opinion changed since the last call; the mesh applies their valid blocks (reverting what differs).
 * Weights are go's fixed-point values, so nodes agree whatever order ballots came in. Pure.
 * @module
 */
import { type Fixed, add, divUint64, fixedInt, mul, sub } from '../util/fixed.js';
import { bytesToHex, hexToBytes } from '../util/bytes.js';
import { type BallotInfo, type EpochInfo, type LayerInfo, type ReferenceInfo, ballotOpinion, computeLayerOpinion, newLayerInfo, withinDistance } from './state.js';
import { crossesThreshold, expectedWeightInWindow, globalThreshold, localThreshold, median } from './threshold.js';
import {
  ABSTAIN,
  AGAINST,
  type BlockHeader,
  type BlockInfo,
  type Exceptions,
  type LayerVote,
  type Sign,
  SUPPORT,
  VotesError,
  cutBefore,
  decodeVotes,
  newBlockInfo,
  sortBlocks,
  voteOn,
} from './votes.js';

export interface TortoiseConfig {
  readonly hdist: number;
  readonly zdist: number;
  readonly windowSize: number;
  readonly maxExceptions: number;
  readonly badBeaconVoteDelayLayers: number;
  readonly layersPerEpoch: number;
  readonly effectiveGenesis: number;
}

/** An ATX as the tortoise needs it: its weight, tick height and smesher. */
export interface TortoiseAtx {
  readonly weight: bigint;
  readonly height: bigint;
  readonly smesher: string;
}

/** What the tortoise reads of a ballot (go's `BallotTortoiseData`). */
export interface TortoiseBallot {
  readonly id: Uint8Array;
  readonly layer: number;
  readonly smesher: string;
  readonly atxId: string;
  /** Number of eligibility proofs the ballot carries. */
  readonly eligibilities: number;
  readonly opinionHash: Uint8Array;
  readonly votes: { readonly base: Uint8Array } & Exceptions;
  /** Reference ballots: the beacon and eligibility count they declare; others: their reference ballot's id. */
  readonly epochData: { readonly beacon: string; readonly eligibilityCount: number } | null;
  readonly refBallot: Uint8Array | null;
  /** Already known to be a malicious identity's. */
  readonly malicious: boolean;
}

/** This node's votes for a new ballot: base ballot, exceptions and the opinion hash they encode. */
export interface EncodedVotes {
  readonly opinionHash: Uint8Array;
  readonly base: Uint8Array;
  readonly support: BlockHeader[];
  readonly against: BlockHeader[];
  readonly abstain: number[];
}

/** One layer of `updates()` (go's `result.Layer`). */
export interface LayerResult {
  readonly layer: number;
  readonly verified: boolean;
  readonly opinion: Uint8Array;
  readonly blocks: readonly { readonly header: BlockHeader; readonly data: boolean; readonly hare: boolean; readonly valid: boolean; readonly invalid: boolean; readonly local: boolean }[];
}

/** The block a layer result applies (go's `FirstValid`): a valid block, else a hare block not invalid, else none. */
export function firstValid(result: LayerResult): BlockHeader | null {
  return result.blocks.find((b) => b.valid)?.header ?? result.blocks.find((b) => b.hare && !b.invalid)?.header ?? null;
}

/**
 * Why the tortoise refused something: `UNKNOWN` when what it refers to (base or reference ballot, ATX) is not known
 * here (fetch it, or wait), `INVALID` when it can never be right (impossible votes, a wrong opinion hash).
 */
export type { BlockHeader } from './votes.js';

export class TortoiseError extends Error {
  constructor(
    readonly code: 'UNKNOWN' | 'INVALID' | 'NO_VOTES',
    message: string,
  ) {
    super(message);
    this.name = 'TortoiseError';
  }
}

/** A ballot decoded against this node's state, ready to store (go's `DecodedBallot`). */
export interface DecodedBallot {
  readonly info: BallotInfo;
  readonly from: number;
}

const EMPTY_BALLOT_KEY = '00'.repeat(20);

export class Tortoise {
  readonly #cfg: TortoiseConfig;
  #last: number;
  #localThreshold: Fixed = 0n;
  #verified: number;
  #processed: number;
  #evicted: number;
  /** The lowest layer whose opinion changed since `updates()` last ran, or null. */
  #pending: number | null;
  readonly #epochs = new Map<number, EpochInfo>();
  readonly #atxs = new Map<number, Map<string, TortoiseAtx>>();
  /** Layers `evicted + 1 …` in order. */
  readonly #layers: LayerInfo[] = [];
  readonly #ballots = new Map<number, BallotInfo[]>();
  readonly #ballotRefs = new Map<string, BallotInfo>();
  readonly #malicious = new Set<string>();
  /** Ballots of processed layers not counted yet for want of this node's beacon. */
  #retriable: BallotInfo[] = [];
  #totalGoodWeight: Fixed = 0n;
  #isFull = false;
  #counted: number;
  readonly #delayed = new Map<number, BallotInfo[]>();

  constructor(cfg: TortoiseConfig) {
    if (cfg.hdist < cfg.zdist) throw new TortoiseError('INVALID', `hdist (${cfg.hdist}) must be at least zdist (${cfg.zdist})`);
    this.#cfg = cfg;
    const genesis = cfg.effectiveGenesis;
    this.#pending = genesis;
    this.#last = genesis;
    this.#processed = genesis;
    this.#verified = genesis;
    this.#evicted = genesis - 1;
    this.#counted = genesis;
    this.#epoch(this.#epochOf(genesis));
    const gen = this.#layer(genesis);
    gen.hareTerminated = true;
    computeLayerOpinion(gen, cfg.hdist, this.#last);
  }

  get verified(): number {
    return this.#verified;
  }

  get processed(): number {
    return this.#processed;
  }

  get last(): number {
    return this.#last;
  }

  get mode(): 'verifying' | 'full' {
    return this.#isFull ? 'full' : 'verifying';
  }

  /** This node's opinion hash up to `layer` (a processed layer in the window), or null. */
  opinionOf(layer: number): Uint8Array | null {
    if (layer <= this.#evicted || layer > this.#processed) return null;
    return this.#layer(layer).opinion;
  }

  // ---- inputs ----

  /** An ATX targeting `epoch` (call before ballots that use it; again for the same id changes nothing). */
  onAtx(epoch: number, id: string, atx: TortoiseAtx): void {
    let byId = this.#atxs.get(epoch);
    if (byId === undefined) this.#atxs.set(epoch, (byId = new Map<string, TortoiseAtx>()));
    if (byId.has(id)) return;
    byId.set(id, atx);
    const info = this.#epoch(epoch);
    if (!this.#malicious.has(atx.smesher)) info.weight = add(info.weight, fixedInt(atx.weight));
    if (epoch === this.#epochOf(this.#last)) this.#localThreshold = localThreshold(info.weight, this.#cfg.layersPerEpoch);
  }

  hasAtx(epoch: number, id: string): boolean {
    return this.#atxs.get(epoch)?.has(id) ?? false;
  }

  /** How many ATXs of `epoch` the tortoise holds. */
  atxCount(epoch: number): number {
    return this.#atxs.get(epoch)?.size ?? 0;
  }

  /** A smesher proven malicious: its ballots from now weigh nothing, its later ATXs add no weight. */
  onMalfeasance(smesher: string): void {
    this.#malicious.add(smesher);
  }

  onBeacon(epoch: number, beacon: string): void {
    if (epoch < this.#epochOf(this.#evicted + 1)) return;
    this.#epoch(epoch).beacon = beacon;
  }

  /** The hare's weak coin of `layer`. */
  onWeakCoin(layer: number, coin: boolean): void {
    if (layer <= this.#evicted) return;
    this.#layer(layer).coinflip = coin ? SUPPORT : AGAINST;
  }

  /** A block of `layer` this node stores (`data`), or only heard of; `valid` when known valid (recovery). */
  onBlock(header: BlockHeader, data: boolean, valid = false): void {
    if (header.layer <= this.#evicted) return;
    const existing = this.#getBlock(header);
    if (existing !== undefined) {
      existing.data = data;
      if (valid) existing.validity = SUPPORT;
      return;
    }
    const block = newBlockInfo(header);
    block.data = data;
    if (valid) block.validity = SUPPORT;
    this.#addBlock(block);
  }

  /** The hare's output for `layer`: a block id, or null for an empty output. */
  onHareOutput(layer: number, blockId: Uint8Array | null): void {
    if (layer <= this.#evicted) return;
    const info = this.#layer(layer);
    const key = blockId === null ? null : bytesToHex(blockId);
    let previous: string | null = null;
    const wasTerminated = info.hareTerminated;
    info.hareTerminated = true;
    for (const block of info.blocks) {
      if (block.hare === SUPPORT) previous = bytesToHex(block.id);
      block.hare = bytesToHex(block.id) === key ? SUPPORT : AGAINST;
    }
    if (wasTerminated && previous === key) return;
    if (layer <= this.#processed && withinDistance(this.#cfg.hdist, layer, this.#last)) this.#onOpinionChange(layer, true);
  }

  /**
   * Decodes and stores a ballot (go's `OnBallot`); counted at once when its layer is processed.
   * @throws {TortoiseError} when the votes cannot be decoded (an impossible vote), the base ballot is not of an
   *   earlier layer, or the ATX or reference ballot is unknown
   */
  onBallot(ballot: TortoiseBallot): void {
    const decoded = this.decodeBallot(ballot);
    if (decoded !== null) this.storeBallot(decoded);
  }

  /**
   * Decodes a ballot's votes against this node's state without storing it (go's `DecodeBallot`): the proposal
   * handler refuses a ballot whose votes are impossible before it accepts it.
   * @returns null for a ballot of an evicted layer or one already stored
   * @throws {TortoiseError} as {@link onBallot}
   */
  decodeBallot(ballot: TortoiseBallot): DecodedBallot | null {
    if (ballot.layer <= this.#evicted) return null;
    const id = bytesToHex(ballot.id);
    if (this.#ballotRefs.has(id)) return null;
    return this.#decodeBallot(ballot, id, false);
  }

  /** Stores a decoded ballot (go's `StoreBallot`); storing one twice changes nothing. */
  storeBallot(decoded: DecodedBallot): void {
    if (decoded.info.layer <= this.#evicted || this.#ballotRefs.has(decoded.info.id)) return;
    this.#storeBallot(decoded.info, decoded.from);
  }

  /**
   * A ballot read back from disk after a restart (go's `OnRecoveredBallot`): a base ballot older than the recovered
   * window is allowed (its votes start at the window), and the ballot keeps the opinion hash it carries.
   */
  onRecoveredBallot(ballot: TortoiseBallot): void {
    if (ballot.layer <= this.#evicted) return;
    const id = bytesToHex(ballot.id);
    if (this.#ballotRefs.has(id)) return;
    const decoded = this.#decodeBallot(ballot, id, true);
    if (decoded.info.votes !== null) decoded.info.votes.opinion = ballot.opinionHash;
    this.#storeBallot(decoded.info, decoded.from);
  }

  /**
   * Starts the tortoise at `layer` instead of genesis (go's `RecoverFrom`): a restarted node rebuilds its window from
   * disk, given the layer's opinion hash and the one before it. Call before anything else.
   */
  recoverFrom(layer: number, opinion: Uint8Array, prevOpinion: Uint8Array): void {
    if (layer <= this.#cfg.effectiveGenesis) throw new Error(`invariant failed: recover from layer ${layer}, at or before effective genesis`);
    this.#layers.length = 0;
    this.#evicted = layer - 1;
    this.#pending = layer;
    this.#verified = layer;
    this.#processed = layer - 1;
    this.#counted = layer - 1;
    this.#last = layer;
    const info = this.#layer(layer);
    info.opinion = opinion;
    info.prev = { opinion: prevOpinion };
    info.hareTerminated = true;
  }

  /** Whether the ballot is known (stored) to the tortoise. */
  hasBallot(id: Uint8Array): boolean {
    return this.#ballotRefs.has(bytesToHex(id));
  }

  // ---- processing ----

  /** The clock reached `last`: process layers up to it, count their ballots and verify. */
  tallyVotes(last: number): void {
    this.#updateLast(last);
    if (this.#drainRetriable()) {
      for (let process = this.#processed + 1; process <= this.#last; process++) {
        if (process % this.#cfg.layersPerEpoch === 0) this.#computeEpochHeight(process);
        const layer = this.#layer(process);
        for (const block of layer.blocks) this.#updateRefHeight(layer, block);
        const previous = process - 1;
        if (previous > this.#evicted) layer.goodUncounted = add(layer.goodUncounted, this.#layer(previous).goodUncounted);
        this.#processed = process;
        if (this.#isFull) {
          this.#countDelayed(process);
          this.#counted = process;
        }
        for (const ballot of this.#ballots.get(process) ?? []) if (!this.#countBallot(ballot)) this.#retriable.push(ballot);
        const before = bytesToHex(layer.opinion);
        computeLayerOpinion(layer, this.#cfg.hdist, this.#last);
        if (before !== bytesToHex(layer.opinion)) this.#markPending(this.#last);
        // A layer that falls out of the zdist window without a hare output is terminated empty.
        if (process > this.#cfg.zdist) {
          const terminated = process - this.#cfg.zdist;
          if (terminated > this.#evicted && !this.#layer(terminated).hareTerminated) this.onHareOutput(terminated, null);
        }
        if (process > this.#cfg.hdist && process - this.#cfg.hdist > this.#evicted) this.#onOpinionChange(process - this.#cfg.hdist, true);
      }
      this.#verifyLayers();
    }
    this.#evict();
  }

  /**
   * The layers whose opinion changed since the last call, from the lowest changed one to the last processed (go's
   * `Updates`); empty when nothing changed.
   */
  updates(): LayerResult[] {
    if (this.#pending === null) return [];
    const from = Math.max(this.#pending, this.#evicted + 1);
    this.#pending = null;
    const out: LayerResult[] = [];
    for (let layer = from; layer <= this.#processed; layer++) out.push(this.result(layer));
    return out;
  }

  /** The tortoise's view of one layer in the window. */
  result(layer: number): LayerResult {
    const info = this.#layer(layer);
    return {
      layer,
      verified: this.#verified >= layer,
      opinion: info.opinion,
      blocks: info.blocks.map((b) => ({
        header: { id: b.id, layer: b.layer, height: b.height },
        data: b.data,
        hare: b.hare === SUPPORT,
        valid: b.validity === SUPPORT,
        invalid: b.validity === AGAINST,
        local: crossesThreshold(b.margin, this.#localThreshold) === SUPPORT,
      })),
    };
  }

  /**
   * This node's opinion for a ballot of layer `current` (default: the layer after the last): the first base ballot,
   * newest layer first, against which the opinion encodes within the exception limit (go's `EncodeVotes`).
   * @throws {TortoiseError} when no base ballot works
   */
  encodeVotes(current = this.#last + 1): EncodedVotes {
    if (this.#retriable.length > 0) throw new TortoiseError('NO_VOTES', `${this.#retriable.length} ballots of processed layers are not counted yet (no beacon)`);
    let lastError: Error | null = null;
    for (let layer = current - 1; layer > this.#evicted; layer--) {
      const choices: BallotInfo[] =
        layer === this.#cfg.effectiveGenesis ? [genesisBase(layer)] : (this.#ballots.get(layer) ?? []);
      for (const base of choices) {
        if (base.malicious) continue;
        try {
          return this.#encodeVotes(base, this.#evicted + 1, current);
        } catch (e) {
          if (!(e instanceof TortoiseError || e instanceof VotesError)) throw e;
          lastError = e;
        }
      }
    }
    throw new TortoiseError('NO_VOTES', lastError === null ? 'no ballots within the sliding window' : `failed to encode votes: ${lastError.message}`);
  }

  // ---- internals: state ----

  #epochOf(layer: number): number {
    return Math.floor(layer / this.#cfg.layersPerEpoch);
  }

  #epoch(epoch: number): EpochInfo {
    let info = this.#epochs.get(epoch);
    if (info === undefined) this.#epochs.set(epoch, (info = { weight: 0n, height: 0n, beacon: null }));
    return info;
  }

  /** The layer's info, creating it and the layers before it (go's `layerSlice.get`). */
  #layer(layer: number): LayerInfo {
    const i = layer - this.#evicted - 1;
    if (i < 0) throw new Error(`invariant failed: layer ${layer} is evicted (evicted up to ${this.#evicted})`);
    while (this.#layers.length <= i) {
      const lid = this.#evicted + 1 + this.#layers.length;
      const prev = this.#layers.at(-1) ?? null;
      this.#layers.push(newLayerInfo(lid, lid === this.#cfg.effectiveGenesis ? null : prev));
    }
    return this.#layers[i]!;
  }

  #getBlock(header: BlockHeader): BlockInfo | undefined {
    const key = `${bytesToHex(header.id)}/${header.height}`;
    return this.#layer(header.layer).blocks.find((b) => b.key === key);
  }

  #addBlock(block: BlockInfo): void {
    const layer = this.#layer(block.layer);
    if (layer.hareTerminated) block.hare = AGAINST;
    layer.blocks.push(block);
    sortBlocks(layer.blocks);
    this.#updateRefHeight(layer, block);
    this.#countForLateBlock(block);
  }

  #findRefHeightBelow(layer: number): bigint {
    for (let l = layer - 1; l > this.#evicted; l--) {
      const info = this.#layer(l);
      if (info.blocks.length > 0) return info.referenceHeight;
    }
    return 0n;
  }

  #updateRefHeight(layer: LayerInfo, block: BlockInfo): void {
    const epoch = this.#epochs.get(this.#epochOf(block.layer));
    if (epoch === undefined) return;
    if (layer.referenceHeight === 0n && layer.layer > this.#evicted) layer.referenceHeight = this.#findRefHeightBelow(layer.layer);
    if (block.height <= epoch.height && block.height > layer.referenceHeight) layer.referenceHeight = block.height;
  }

  #computeEpochHeight(layer: number): void {
    const epoch = this.#epochOf(layer);
    const heights = [...(this.#atxs.get(epoch)?.values() ?? [])].filter((a) => !this.#malicious.has(a.smesher)).map((a) => a.height);
    this.#epoch(epoch).height = median(heights);
  }

  #updateLast(last: number): void {
    if (last <= this.#last) return;
    const newEpoch = this.#epochOf(this.#last) !== this.#epochOf(last);
    this.#last = last;
    if (newEpoch) this.#localThreshold = localThreshold(this.#epoch(this.#epochOf(last)).weight, this.#cfg.layersPerEpoch);
  }

  #markPending(layer: number): void {
    this.#pending = this.#pending === null ? layer : Math.min(this.#pending, layer);
  }

  #epochWeight = (epoch: number): Fixed => this.#epochs.get(epoch)?.weight ?? 0n;

  #expectedWeight(target: number): Fixed {
    return expectedWeightInWindow(this.#epochWeight, this.#cfg.layersPerEpoch, this.#cfg.windowSize, target, this.#processed, this.#last);
  }

  #globalThreshold(target: number): Fixed {
    return globalThreshold(this.#expectedWeight(target), this.#localThreshold);
  }

  #evict(): void {
    const genesis = this.#cfg.effectiveGenesis;
    if (this.#verified <= genesis + this.#cfg.hdist) return;
    if (this.#verified < this.#cfg.windowSize) return;
    const windowStart = this.#verified - this.#cfg.windowSize;
    if (windowStart <= this.#evicted) return;
    if (this.#pending !== null && this.#pending < windowStart) return;
    for (let layer = this.#evicted + 1; layer < windowStart; layer++) {
      for (const ballot of this.#ballots.get(layer) ?? []) this.#ballotRefs.delete(ballot.id);
      this.#ballots.delete(layer);
      this.#layers.shift();
      if (layer % this.#cfg.layersPerEpoch === this.#cfg.layersPerEpoch - 1) {
        this.#epochs.delete(this.#epochOf(layer));
        this.#atxs.delete(this.#epochOf(layer));
      }
    }
    const first = this.#layers[0];
    // Keep only the last evicted layer's opinion: the chain must not hold the whole history alive.
    if (first?.prev != null) first.prev = { opinion: first.prev.opinion };
    for (const ballot of this.#ballots.get(windowStart) ?? []) ballot.votes = cutBefore(ballot.votes, windowStart);
    this.#evicted = windowStart - 1;
  }

  // ---- internals: ballots ----

  #decodeBallot(ballot: TortoiseBallot, id: string, recovered: boolean): DecodedBallot {
    const baseKey = bytesToHex(ballot.votes.base);
    let base: { layer: number; votes: LayerVote | null };
    if (baseKey === EMPTY_BALLOT_KEY) base = { layer: this.#cfg.effectiveGenesis, votes: null };
    else {
      const stored = this.#ballotRefs.get(baseKey);
      if (stored === undefined && !recovered) throw new TortoiseError('UNKNOWN', `base ballot ${baseKey} is unknown`);
      base = stored ?? { layer: this.#evicted, votes: null };
    }
    if (base.layer >= ballot.layer) throw new TortoiseError('INVALID', `the base ballot (layer ${base.layer}) must be of a layer before the ballot's (${ballot.layer})`);
    let reference: ReferenceInfo;
    const epoch = this.#epochOf(ballot.layer);
    if (ballot.epochData !== null) {
      const atx = this.#atxs.get(epoch)?.get(ballot.atxId);
      if (atx === undefined) throw new TortoiseError('UNKNOWN', `ATX ${ballot.atxId} of epoch ${epoch} is unknown`);
      if (ballot.epochData.eligibilityCount <= 0) throw new TortoiseError('INVALID', 'a reference ballot declares no eligibilities');
      const g = gcd(atx.weight, BigInt(ballot.epochData.eligibilityCount));
      reference = {
        smesher: ballot.smesher,
        atxId: ballot.atxId,
        beacon: ballot.epochData.beacon,
        height: atx.height,
        weightNum: atx.weight / g,
        weightDen: BigInt(ballot.epochData.eligibilityCount) / g,
      };
    } else if (ballot.refBallot !== null) {
      const ref = this.#ballotRefs.get(bytesToHex(ballot.refBallot));
      if (ref === undefined) throw new TortoiseError('UNKNOWN', `reference ballot ${bytesToHex(ballot.refBallot)} is unknown`);
      reference = ref.reference;
    } else throw new TortoiseError('INVALID', `ballot ${id} has neither epoch data nor a reference ballot`);
    const malicious = ballot.malicious || this.#malicious.has(ballot.smesher);
    const info: BallotInfo = {
      id,
      layer: ballot.layer,
      malicious,
      weight: malicious ? 0n : mul(divUint64(reference.weightNum, reference.weightDen), fixedInt(BigInt(ballot.eligibilities))),
      reference,
      votes: null,
      badBeacon: false,
    };
    const layer = this.#layer(ballot.layer);
    const shared = layer.opinions.get(bytesToHex(ballot.opinionHash));
    let from = ballot.layer;
    if (shared !== undefined) info.votes = shared;
    else {
      try {
        const decoded = decodeVotes(ballot.layer, base, ballot.votes);
        info.votes = decoded.votes;
        from = decoded.from;
      } catch (e) {
        if (e instanceof VotesError) throw new TortoiseError('INVALID', `impossible votes: ${e.message}`);
        throw e;
      }
      if (!recovered && bytesToHex(ballotOpinion(info)) !== bytesToHex(ballot.opinionHash)) {
        throw new TortoiseError('INVALID', `the votes encode opinion ${bytesToHex(ballotOpinion(info))}, the ballot claims ${bytesToHex(ballot.opinionHash)}`);
      }
    }
    return { info, from };
  }

  #storeBallot(ballot: BallotInfo, offset: number): void {
    if (!this.#ballots.has(ballot.layer)) this.#ballots.set(ballot.layer, []);
    this.#ballots.get(ballot.layer)!.push(ballot);
    this.#ballotRefs.set(ballot.id, ballot);
    const layer = this.#layer(ballot.layer);
    const key = bytesToHex(ballotOpinion(ballot));
    const shared = layer.opinions.get(key);
    if (shared !== undefined) ballot.votes = shared;
    else {
      for (let current = ballot.votes; current !== null && current.layer >= offset; current = current.prev) {
        if (current.layer <= this.#evicted) continue;
        current.supported.forEach((block, i) => {
          const existing = this.#getBlock(block);
          if (existing !== undefined) {
            current.supported[i] = existing;
            return;
          }
          if (!withinDistance(this.#cfg.hdist, block.layer, this.#last)) {
            block.validity = AGAINST;
            block.hare = AGAINST;
          }
          this.#addBlock(block);
        });
      }
      layer.opinions.set(key, ballot.votes);
    }
    if (ballot.layer <= this.#processed && !this.#countBallot(ballot)) this.#retriable.push(ballot);
  }

  /** Counts a ballot in both modes. @returns false when this node's beacon for its epoch is unknown (retry later) */
  #countBallot(ballot: BallotInfo): boolean {
    if (ballot.layer - 1 <= this.#evicted) return true;
    const beacon = this.#epochs.get(this.#epochOf(ballot.layer))?.beacon ?? null;
    if (beacon === null) return false;
    ballot.badBeacon = beacon !== ballot.reference.beacon;
    this.#countVerifying(ballot);
    if (ballot.layer <= this.#counted) this.#countFull(ballot);
    return true;
  }

  #drainRetriable(): boolean {
    while (this.#retriable.length > 0) {
      if (!this.#countBallot(this.#retriable[0]!)) return false;
      this.#retriable.shift();
    }
    return true;
  }

  // ---- verifying mode ----

  #countVerifying(ballot: BallotInfo): void {
    const prev = this.#layer(ballot.layer - 1);
    const good = !ballot.badBeacon && bytesToHex(prev.opinion) === bytesToHex(ballotOpinion(ballot)) && prev.referenceHeight <= ballot.reference.height;
    if (!good) return;
    for (let l = ballot.layer; l <= this.#processed; l++) {
      const layer = this.#layer(l);
      layer.goodUncounted = add(layer.goodUncounted, ballot.weight);
    }
    this.#totalGoodWeight = add(this.#totalGoodWeight, ballot.weight);
  }

  #resetWeights(voted: number): void {
    const v = this.#layer(voted);
    this.#totalGoodWeight = v.goodUncounted;
    for (let l = voted + 1; l <= this.#processed; l++) this.#layer(l).goodUncounted = v.goodUncounted;
  }

  #verifyVerifying(target: number): { verified: boolean; changed: boolean } {
    const layer = this.#layer(target);
    if (!layer.hareTerminated) return { verified: false, changed: false };
    let margin = sub(this.#totalGoodWeight, layer.goodUncounted);
    const uncounted = sub(this.#expectedWeight(target), margin);
    if (isPositive(uncounted)) margin = sub(margin, uncounted);
    if (crossesThreshold(margin, this.#globalThreshold(target)) !== SUPPORT) return { verified: false, changed: false };
    return verifyLayer(layer.blocks, (block) => {
      if (block.height > layer.referenceHeight) return ABSTAIN;
      return this.#localVote(this.#verified, this.#last, block).vote;
    });
  }

  // ---- full mode ----

  #countFull(ballot: BallotInfo): void {
    if (this.#shouldBeDelayed(ballot) || ballot.malicious) return;
    for (let link = ballot.votes; link !== null; link = link.prev) {
      if (link.layer <= this.#evicted) break;
      if (link.vote === ABSTAIN && link.supported.length === 0) continue;
      const layer = this.#layer(link.layer);
      let empty = true;
      for (const block of layer.blocks) {
        if (block.height > ballot.reference.height) continue;
        if (voteOn(link, block) === SUPPORT) {
          empty = false;
          block.margin = add(block.margin, ballot.weight);
        } else block.margin = sub(block.margin, ballot.weight);
      }
      layer.empty = empty ? add(layer.empty, ballot.weight) : sub(layer.empty, ballot.weight);
    }
  }

  /** A block heard of after ballots were counted: those ballots voted against it (they did not support it). */
  #countForLateBlock(block: BlockInfo): void {
    for (let l = block.layer + 1; l <= this.#counted; l++) {
      for (const ballot of this.#ballots.get(l) ?? []) {
        if (block.height > ballot.reference.height) continue;
        for (let link = ballot.votes; link !== null && link.layer >= block.layer; link = link.prev) {
          if (link.layer !== block.layer || (link.vote === ABSTAIN && link.supported.length === 0)) continue;
          block.margin = sub(block.margin, ballot.weight);
        }
      }
    }
  }

  #countDelayed(layer: number): void {
    const delayed = this.#delayed.get(layer);
    if (delayed === undefined) return;
    this.#delayed.delete(layer);
    for (const ballot of delayed) this.#countFull(ballot);
  }

  #shouldBeDelayed(ballot: BallotInfo): boolean {
    if (!ballot.badBeacon) return false;
    const at = ballot.layer + this.#cfg.badBeaconVoteDelayLayers;
    if (at <= this.#last) return false;
    if (!this.#delayed.has(at)) this.#delayed.set(at, []);
    this.#delayed.get(at)!.push(ballot);
    return true;
  }

  #verifyFull(target: number): { verified: boolean; changed: boolean } {
    const threshold = this.#globalThreshold(target);
    const layer = this.#layer(target);
    const empty = crossesThreshold(layer.empty, threshold) === SUPPORT;
    if (layer.blocks.length === 0) return { verified: empty, changed: false };
    return verifyLayer(layer.blocks, (block) => {
      const decision = crossesThreshold(block.margin, threshold);
      return decision === ABSTAIN && empty ? AGAINST : decision;
    });
  }

  // ---- verification and opinion changes ----

  #verifyLayers(): void {
    let verified = Math.max(this.#evicted, this.#cfg.effectiveGenesis);
    let nverified: number;
    let changed: number;
    if (this.#isFull) {
      const full = this.#runFull();
      const verifying = this.#run((t) => this.#verifyVerifying(t));
      nverified = full.verified;
      changed = full.changed;
      if (full.verified === this.#processed - 1 && full.verified === verifying.verified) {
        this.#isFull = false;
        changed = Math.min(changed, verifying.changed);
      }
    } else {
      const verifying = this.#run((t) => this.#verifyVerifying(t));
      nverified = verifying.verified;
      changed = verifying.changed;
      // Count every vote once the layer after the verified one is out of hdist.
      if (!withinDistance(this.#cfg.hdist, nverified + 1, this.#last)) {
        const full = this.#runFull();
        nverified = full.verified;
        changed = Math.min(changed, full.changed);
      }
    }
    for (let target = this.#evicted + 1; target < this.#processed; target++) {
      if (nverified < target) {
        if (target < this.#verified) changed = Math.min(changed, target);
        break;
      } else if (target > this.#verified) changed = Math.min(changed, target);
      verified = target;
    }
    if (changed !== Infinity) {
      this.#markPending(changed);
      this.#onOpinionChange(changed, false);
    }
    this.#verified = verified;
  }

  #run(verify: (target: number) => { verified: boolean; changed: boolean }): { verified: number; changed: number } {
    let verified = this.#evicted;
    let changed = Infinity;
    for (let target = this.#evicted + 1; target < this.#processed; target++) {
      const v = verify(target);
      if (!v.verified) break;
      if (v.changed) changed = Math.min(changed, target);
      verified = target;
    }
    return { verified, changed };
  }

  #runFull(): { verified: number; changed: number } {
    if (!this.#isFull) {
      this.#isFull = true;
      for (let counted = Math.max(this.#counted + 1, this.#evicted + 1); counted <= this.#processed; counted++) {
        for (const ballot of this.#ballots.get(counted) ?? []) this.#countFull(ballot);
        this.#countDelayed(counted);
        this.#counted = counted;
      }
    }
    return this.#run((t) => this.#verifyFull(t));
  }

  #onOpinionChange(from: number, early: boolean): void {
    let changed = Infinity;
    for (let l = from; l <= this.#processed; l++) {
      const layer = this.#layer(l);
      const before = bytesToHex(layer.opinion);
      computeLayerOpinion(layer, this.#cfg.hdist, this.#last);
      if (before !== bytesToHex(layer.opinion)) changed = Math.min(changed, l);
      else if (early) break;
    }
    if (changed === Infinity) return;
    this.#markPending(changed);
    this.#resetWeights(from);
    for (let target = from + 1; target <= this.#processed; target++) for (const ballot of this.#ballots.get(target) ?? []) this.#countVerifying(ballot);
  }

  /**
   * go's `getLocalVote`: the hare's vote within hdist, else the block's validity once its layer is verified. One
   * difference: go abstains on a layer above the verified one even when it was verified before and the global
   * threshold then moved out of reach; here such a layer keeps the validity it was given. An epoch whose weight
   * jumps (a network's first ATXs come from a short first PoET round: 2 ticks, then 40) lowers `verified` for a
   * while, and abstaining then had the heavier epoch's ballots vote by the weak coin — against blocks every ballot
   * had supported, invalidating them (test/sim/tortoiseRecover.test.ts caught it).
   */
  #localVote(verified: number, last: number, block: BlockInfo): { vote: Sign; reason: 'hare' | 'validity' } {
    if (withinDistance(this.#cfg.hdist, block.layer, last)) return { vote: block.hare, reason: 'hare' };
    if (block.layer > verified && block.validity === ABSTAIN) return { vote: ABSTAIN, reason: 'validity' };
    return { vote: block.validity, reason: 'validity' };
  }

  /**
   * go's `getFullVote`: missing data votes against; then the local vote; an undecided layer beyond hdist takes the
   * counted margin against the local threshold, and failing that the weak coin of the layer before `current`
   * (the hare's vote while no coin is recorded).
   */
  #fullVote(current: number, block: BlockInfo): Sign {
    if (!block.data) return AGAINST;
    const local = this.#localVote(this.#verified, current, block);
    if (!(local.vote === ABSTAIN && local.reason === 'validity')) return local.vote;
    const byMargin = crossesThreshold(block.margin, this.#localThreshold);
    if (byMargin !== ABSTAIN) return byMargin;
    // The hare records the coin after its preround (core/hare/protocol.ts). Without one (the hare did not run for
    // that layer) go fails to encode votes and builds no ballot; this node keeps its own hare's vote instead, so its
    // ballots neither drop out nor turn against a block it applied.
    const coin = this.#layer(current - 1).coinflip;
    if (coin !== ABSTAIN) return coin;
    return block.hare === SUPPORT ? SUPPORT : AGAINST;
  }

  /** The exceptions that turn `base`'s opinion into this node's for a ballot of `current` (go's `encodeVotes`). */
  #encodeVotes(base: BallotInfo, start: number, current: number): EncodedVotes {
    const support: BlockHeader[] = [];
    const against: BlockHeader[] = [];
    const abstain: number[] = [];
    // Differences with the base's votes on layers before its own.
    for (let link = base.votes; link !== null && link.layer >= start; link = link.prev) {
      const layer = this.#layer(link.layer);
      if (link.vote === ABSTAIN && link.supported.length === 0 && layer.hareTerminated) throw new TortoiseError('NO_VOTES', `ballot ${base.id} abstained on a layer since decided: not a base`);
      if (!(link.vote === ABSTAIN && link.supported.length === 0) && !layer.hareTerminated) {
        abstain.push(link.layer);
        continue;
      }
      if (!layer.hareTerminated) continue;
      for (const block of layer.blocks) {
        const vote = this.#fullVote(current, block);
        if (vote === voteOn(link, block)) continue;
        if (vote === SUPPORT) support.push(header(block));
        else if (vote === AGAINST) against.push(header(block));
      }
    }
    // Layers from the base's own up to the one before `current`.
    for (let l = base.layer; l < current; l++) {
      const layer = this.#layer(l);
      if (!layer.hareTerminated) {
        abstain.push(l);
        continue;
      }
      for (const block of layer.blocks) if (this.#fullVote(current, block) === SUPPORT) support.push(header(block));
    }
    if (support.length + against.length > this.#cfg.maxExceptions) throw new TortoiseError('NO_VOTES', `too many exceptions (${support.length + against.length})`);
    const baseId = base.id === EMPTY_BALLOT_KEY ? new Uint8Array(20) : hexToBytes(base.id);
    const decoded = decodeVotes(current, base, { support, against, abstain });
    return { opinionHash: decoded.votes?.opinion ?? new Uint8Array(32), base: baseId, support, against, abstain };
  }
}

function header(block: BlockInfo): BlockHeader {
  return { id: block.id, layer: block.layer, height: block.height };
}

/** The virtual base of the effective genesis layer (the empty ballot id, no votes). */
function genesisBase(layer: number): BallotInfo {
  return {
    id: EMPTY_BALLOT_KEY,
    layer,
    malicious: false,
    weight: 0n,
    reference: { smesher: '', atxId: '', beacon: '', height: 0n, weightNum: 0n, weightDen: 1n },
    votes: null,
    badBeacon: false,
  };
}

function isPositive(w: Fixed): boolean {
  return crossesThreshold(w, 0n) === SUPPORT;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}

/**
 * Decides a layer's blocks in height order (go's `verifyLayer`): the layer is verified unless a block is undecided
 * before any supported block of a lower height; undecided blocks above a supported one are against.
 * @returns whether verified, and whether any block's validity changed
 */
function verifyLayer(blocks: BlockInfo[], decide: (block: BlockInfo) => Sign): { verified: boolean; changed: boolean } {
  sortBlocks(blocks);
  const decisions: Sign[] = [];
  let supported: BlockInfo | null = null;
  for (const block of blocks) {
    let decision = decide(block);
    if (decision === ABSTAIN) {
      if (supported !== null && block.height > supported.height) decision = AGAINST;
      else return { verified: false, changed: false };
    } else if (decision === SUPPORT) supported = block;
    decisions.push(decision);
  }
  let changed = false;
  blocks.forEach((block, i) => {
    if (block.validity !== decisions[i]) changed = true;
    block.validity = decisions[i]!;
  });
  return { verified: true, changed };
}
