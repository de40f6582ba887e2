/**
 * The syncer (docs/protocol/sync.md; go-spacemesh `syncer/syncer.go`, `syncer/state_syncer.go`,
 * `syncer/data_fetch.go`): a node that joins late or was off catches up from its peers. Each round it fetches, per
 * epoch, the ATX ids (`ax/1`) and the ATXs it lacks with their dependencies, then the identities proven malicious
 * (`ml/1`), then layer by layer from the last applied one: the layer's ballots (`ld/1`, validated here), the
 * peers' opinions (`lp/2`), and the block the next layer's ballots vote for (`hs/1`, checked against the layer's
 * ballots), and applies it through the mesh. Nothing a peer serves is applied unless this node validated it. The
 * state (synced / syncing / not synced) gates gossip, the hare, proposals and new ATX challenges in the node. I/O.
 * @module
 */
import { type InnerBlock, decodeBlock } from '../blocks/wire.js';
import { decode } from '../codec/index.js';
import { HINT_BALLOT, HINT_BLOCK, HINT_MALFEASANCE, type LayerOpinion, asHash32 } from '../fetch/index.js';
import type { ValidBallot } from '../proposals/validate.js';
import { Ballot } from '../proposals/wire.js';
import { type Decision, ballotWeight } from '../tortoise/logic.js';
import { effectiveGenesisLayer, epochOfLayer } from '../types/layers.js';
import { bytesToHex, equalBytes } from '../util/bytes.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { type LayerBallot, checkBlock } from './checkBlock.js';
import { type Choice, type PeerChain, type PeerLayerView, type Vote, abstainSuccessors, chooseDecision, peerChain } from './decide.js';
import { findFork } from './findFork.js';
import type { SyncDeps, SyncStatus } from './interface.js';
import { ProgressMeter, SYNCED_LAG_LAYERS, type SyncState, nextSyncState } from './progress.js';

/** Peers asked for id lists and opinions in one round. */
const PEERS_PER_QUESTION = 5;
/** Peers asked for the epoch's ATX ids once a layer by a node that is up to date (go's `EpochInfoPeers`). */
const PEERS_PER_BACKGROUND_QUESTION = 2;
/** Layers before the one being applied whose ballots stay in memory (those after it are its voters). */
const CACHED_LAYERS = 2;
/**
 * Layers after a layer whose ballots may vote on it: a ballot carries its smesher's hash of the last layer it had
 * applied, which trails the clock by the hare's layer and up to zdist more.
 */
export const VOTE_WINDOW_LAYERS = 4;

interface LayerBallots {
  readonly ballots: LayerBallot[];
  readonly votes: Vote[];
  readonly seen: Set<string>;
  /**
   * A ballot was ignored for what this node lacked then (the epoch's beacon before it was adopted from these very
   * ballots, an ATX not fetched yet): the layer is asked again even when settled, or its block waits for ever.
   */
  retry: boolean;
}

export class Syncer {
  readonly #deps: SyncDeps;
  readonly #log: Logger;
  readonly #genesis: number;
  readonly #meter: ProgressMeter;
  #state: SyncState = 'notSynced';
  /** ATXs of epochs up to this one are synced (their ids came after the epoch ended). */
  #atxEpochsDone = -1;
  /** The layer in which the current epoch's ATX ids were last asked. */
  #atxAskedInLayer = -1;
  #atxsSynced = false;
  #maliciousDone = false;
  #atxsFetched = 0;
  readonly #ballots = new Map<number, LayerBallots>();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | undefined;
  #closed = false;
  #lastProgressMs = 0;
  /** Layers whose stall was checked for a fork, and when (once a layer duration each). */
  readonly #forkAsked = new Map<number, number>();
  /** The layer the last round could not decide (logged once at info). */
  #stalled = -1;
  /** Ballots already reported as not valid (logged once at info). */
  readonly #refused = new Set<string>();
  /** Answers and blocks asked in this round (they do not change within it). */
  #round: { opinions: Map<string, LayerOpinion | null>; blocks: Map<string, { bytes: Uint8Array; block: InnerBlock } | null> } = { opinions: new Map(), blocks: new Map() };

  constructor(deps: SyncDeps) {
    this.#deps = deps;
    this.#log = deps.logger.child({ module: 'sync' });
    this.#genesis = effectiveGenesisLayer(deps.layersPerEpoch);
    this.#meter = new ProgressMeter(deps.layerDurationMs);
    this.#updateState();
  }

  get state(): SyncState {
    return this.#state;
  }

  /** Hare, proposals, new ATX challenges and gossip other than ATXs wait for this (go `IsSynced`, `ListenToGossip`). */
  isSynced(): boolean {
    return this.#state === 'synced';
  }

  /** ATX gossip is judged once the ATXs up to the current epoch were synced (go `ListenToATXGossip`). */
  listenToAtxGossip(): boolean {
    return this.#atxsSynced || this.#state === 'synced';
  }

  status(): SyncStatus {
    const current = this.#deps.currentLayer();
    const applied = this.#applied();
    const peersLayer = Math.max(this.#genesis, current - 1);
    return {
      state: this.#state,
      layer: applied,
      peersLayer,
      layersPerSecond: this.#state === 'synced' ? null : this.#meter.rate(),
      etaSeconds: this.#state === 'synced' ? 0 : this.#meter.etaSeconds(peersLayer - applied),
      atxsFetched: this.#atxsFetched,
      peers: this.#deps.peers().length,
    };
  }

  /** Runs rounds until {@link close}. */
  start(): void {
    const interval = this.#deps.intervalMs ?? Math.max(500, Math.floor(this.#deps.layerDurationMs / 4));
    const tick = (): void => {
      if (this.#closed) return;
      this.#running = this.round()
        .catch((err: unknown) => this.#log.warn('sync round failed', { error: errorMessage(err) }))
        .finally(() => {
          if (!this.#closed) this.#timer = setTimeout(tick, interval);
        });
    };
    this.#timer = setTimeout(tick, 0);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  /** One round: ATXs, malicious identities, then layers up to the tip. Exposed for tests and the bench. */
  async round(): Promise<void> {
    const current = this.#deps.currentLayer();
    this.#updateState();
    // A synced node's own hare decides the recent layers; the syncer fills only those it did not run the hare for.
    const upTo = this.#state === 'synced' ? current - SYNCED_LAG_LAYERS : current - 1;
    if (current <= this.#genesis + 1) return;
    if (this.#deps.peers().length === 0) return;
    if (this.#applied() >= upTo) {
      // Up to date, the epoch's ATX ids are still asked once a layer (go's background ATX sync): an ATX whose gossip
      // this node missed (it was down, or its subscription had not formed yet) is fetched before the epoch it
      // targets, whose beacon protocol, hare committees and tortoise weigh by it. A devnet node killed while its
      // peers published ATXs otherwise got them only when a ballot named them (test/sim/beaconKill.test.ts).
      await this.#syncAtxs(current, PEERS_PER_BACKGROUND_QUESTION);
      return;
    }
    // The rate counts from where the catch-up started, its ATX sync included: that is part of the work, and effective
    // genesis, applied without any, would otherwise give a first rate far too high (47 layers/s in the sync sim).
    if (this.#meter.rate() === null) this.#meter.record(this.#deps.now(), this.#applied());
    await this.#syncAtxs(current);
    if (!this.#maliciousDone) await this.#syncMalicious();
    this.#round = { opinions: new Map(), blocks: new Map() };
    // The next layer is asked afresh each time: fork finding may have reverted to an earlier one.
    for (let layer = this.#applied() + 1; layer <= upTo && !this.#closed; layer = this.#applied() + 1) {
      if (!(await this.#syncLayer(layer))) break;
      this.#meter.record(this.#deps.now(), this.#applied());
      this.#updateState();
    }
    this.#updateState();
  }

  #applied(): number {
    return this.#deps.mesh.lastApplied() ?? this.#genesis - 1;
  }

  #updateState(): void {
    const before = this.#state;
    this.#state = nextSyncState(before, {
      current: this.#deps.currentLayer(),
      applied: this.#applied(),
      genesis: this.#genesis,
      hasPeers: this.#deps.peers().length > 0,
      outOfSyncLayers: this.#deps.outOfSyncLayers ?? Math.max(2 * SYNCED_LAG_LAYERS, this.#deps.layersPerEpoch),
    });
    const now = this.#deps.now();
    if (before !== this.#state) {
      if (this.#state === 'synced') this.#meter.reset();
      this.#log.info(this.#state === 'synced' ? 'synced with the network' : this.#state === 'syncing' ? 'catching up with the network' : 'not synced: no peer to catch up from', {
        layer: this.#applied(),
        current: this.#deps.currentLayer(),
      });
    } else if (this.#state === 'synced' || now - this.#lastProgressMs < 1_000) {
      return;
    }
    this.#lastProgressMs = now;
    this.#deps.onProgress?.(this.status());
  }

  /**
   * ATX ids of each epoch not yet synced (at most once a layer), and the ATXs this node lacks. An epoch is synced once
   * every ATX its peers listed is here: one a peer served corrupted is asked again, of whichever peer is left.
   */
  async #syncAtxs(current: number, peersToAsk = PEERS_PER_QUESTION): Promise<void> {
    const currentEpoch = epochOfLayer(current, this.#deps.layersPerEpoch);
    // Once a layer: the current epoch gains ATXs, and an epoch with ATXs no peer served intact yet is asked again.
    if (this.#atxAskedInLayer === current) return;
    for (let epoch = this.#atxEpochsDone + 1; epoch <= currentEpoch; epoch++) {
      const ids = new Map<string, Uint8Array>();
      for (const peer of this.#deps.peers().slice(0, peersToAsk)) {
        try {
          for (const id of (await this.#deps.fetcher.getEpochAtxIds(epoch, { peer })).atxIds) ids.set(bytesToHex(id), id);
        } catch (err) {
          this.#log.debug('epoch ATX ids not had', { peerId: peer, epoch, error: errorMessage(err) });
        }
      }
      const missing = [...ids.values()].filter((id) => !this.#deps.hasAtx(id));
      let complete = true;
      if (missing.length > 0) {
        await this.#deps.foreign.fetchAtxs(missing);
        const got = missing.filter((id) => this.#deps.hasAtx(id)).length;
        this.#atxsFetched += got;
        this.#log.info('ATXs synced', { epoch, fetched: got, missing: missing.length - got });
        // A peer served a body that does not hash to its id, or one the ATX handler refused: ask again next round
        // (the fetcher scored that peer down; another may have it intact).
        complete = got === missing.length;
      }
      if (epoch < currentEpoch && complete && this.#atxEpochsDone === epoch - 1) this.#atxEpochsDone = epoch;
    }
    this.#atxAskedInLayer = current;
    this.#atxsSynced = true;
  }

  async #syncMalicious(): Promise<void> {
    const ids = new Map<string, Uint8Array>();
    for (const peer of this.#deps.peers().slice(0, PEERS_PER_QUESTION)) {
      try {
        for (const id of (await this.#deps.fetcher.getMaliciousIds({ peer })).nodeIds) ids.set(bytesToHex(id), id);
      } catch (err) {
        this.#log.debug('malicious ids not had', { peerId: peer, error: errorMessage(err) });
      }
    }
    const missing = [...ids.values()].filter((id) => !this.#deps.isMalicious(id));
    if (missing.length > 0) {
      const { found } = await this.#deps.fetcher.getHashes(HINT_MALFEASANCE, missing);
      for (const proof of found.values()) this.#deps.submitMalfeasanceProof(proof);
    }
    this.#maliciousDone = true;
  }

  /** Catches up one layer; false when it cannot be decided yet (the round ends there). */
  async #syncLayer(layer: number): Promise<boolean> {
    const { mesh } = this.#deps;
    if (layer === this.#genesis) return mesh.applySynced(layer, { by: 'empty' });
    const prev = mesh.opinionOf(layer - 1);
    if (prev === null) return false;
    const current = this.#deps.currentLayer();
    const { choice, chains, votes, own } = await this.#decide(layer, prev);
    if (choice === null) {
      // Once per layer at info: a catch-up that stalls says where and on what.
      const context = { layer, current, chains: chains.map((c) => `${c.peer.slice(-6)}:${c.links.length}`), votes: votes.length, voteWeight: votes.reduce((sum, v) => sum + v.weight, 0) };
      if (this.#stalled === layer) this.#log.debug('layer not decided yet', context);
      else this.#log.info('layer not decided yet', context);
      this.#stalled = layer;
      // Peers whose chain does not link onto this node's hash of the layer before may be on another history.
      return this.#healFork(layer, prev);
    }
    const { decision } = choice;
    if (!(await this.#takeBlock(layer, decision, own))) return false;
    if (!mesh.applySynced(layer, decision)) return false;
    this.#log.debug('layer synced', { layer, by: choice.by, blockId: decision.by === 'hare' && decision.block !== null ? bytesToHex(decision.block.id) : null });
    if (choice.by === 'ballots') {
      // Their chain holds another decision than the one the validated ballots vouch for.
      for (const peer of choice.dissenters) this.#deps.fetcher.penalize(peer, `layer ${layer} opinion contradicts the ballots`);
    }
    for (const l of this.#ballots.keys()) if (l < layer - CACHED_LAYERS) this.#ballots.delete(l);
    return true;
  }

  /** The ballot vote on `layer` over the peers' chains from this node's hash `prev` of the layer before (§4). */
  async #decide(layer: number, prev: Uint8Array): Promise<{ choice: Choice | null; chains: PeerChain[]; votes: Vote[]; own: LayerBallots }> {
    const { mesh } = this.#deps;
    const current = this.#deps.currentLayer();
    // Ballots carry the hash of the last layer their smesher had applied, which trails the clock: later layers vote too.
    const lastVoting = Math.min(layer + VOTE_WINDOW_LAYERS, current);
    const own = await this.#layerBallots(layer, layer + 1 < current);
    // A ballot carrying this node's own hash of an earlier layer votes on that layer, not on this one.
    const history = new Set<string>();
    for (let l = Math.max(this.#genesis, layer - 2 * VOTE_WINDOW_LAYERS); l < layer; l++) {
      const hash = mesh.opinionOf(l);
      // Also with abstains after it: a ballot built before this layer's hare ended votes on the layer before only.
      if (hash !== null) for (const h of [hash, ...abstainSuccessors(hash)]) history.add(bytesToHex(h));
    }
    const votes: Vote[] = [];
    for (let l = layer + 1; l <= lastVoting; l++) votes.push(...(await this.#layerBallots(l, l + 1 < current)).votes.filter((v) => !history.has(bytesToHex(v.opinionHash))));
    const chains = await this.#chains(layer, lastVoting, prev);
    return { choice: chooseDecision(chains, votes, layer + VOTE_WINDOW_LAYERS + 1 < current), chains, votes, own };
  }

  /** The decided block checked against the layer's ballots and stored (true when there is none to take). */
  async #takeBlock(layer: number, decision: Decision, own: LayerBallots): Promise<boolean> {
    if (decision.by !== 'hare' || decision.block === null) return true;
    const block = this.#round.blocks.get(bytesToHex(decision.block.id));
    return block !== undefined && block !== null && (await this.#acceptBlock(layer, decision.block.id, block, own.ballots));
  }

  /**
   * Fork finding (§5; go `syncer/find_fork.go`): a peer whose hash of `layer - 1` differs from this node's `prev` is
   * asked its mesh hashes (`mh/1`) to bisect to the first layer where the histories part. When the ballots of the
   * layers after it vouch for the peer's decision there and not for this node's, the mesh is reverted to the layer
   * before and that layer applied as the ballots say; the round goes on from it. Asked once a layer duration per layer.
   * @returns true when it reverted and re-applied
   */
  async #healFork(layer: number, prev: Uint8Array): Promise<boolean> {
    const { mesh } = this.#deps;
    const now = this.#deps.now();
    if (mesh.revertTo === undefined || layer - 1 <= this.#genesis || now - (this.#forkAsked.get(layer) ?? -Infinity) < this.#deps.layerDurationMs) return false;
    this.#forkAsked.set(layer, now);
    if (this.#forkAsked.size > 64) this.#forkAsked.delete(this.#forkAsked.keys().next().value!);
    for (const peer of this.#deps.peers().slice(0, PEERS_PER_QUESTION)) {
      const opinion = await this.#opinion(peer, layer);
      if (opinion === null || equalBytes(opinion.prevAggHash, prev)) continue;
      let fork: number;
      try {
        const found = await findFork({
          agreed: this.#genesis,
          differs: layer - 1,
          ours: (l) => mesh.opinionOf(l),
          ask: (request) => this.#deps.fetcher.getMeshHashes(request, peer),
        });
        fork = found.fork;
        this.#log.info('fork found', { peerId: peer, layer, fork, requests: found.requests });
      } catch (err) {
        this.#log.debug('fork not found', { peerId: peer, layer, error: errorMessage(err) });
        continue;
      }
      const forkPrev = mesh.opinionOf(fork - 1);
      const ours = mesh.opinionOf(fork);
      if (forkPrev === null || ours === null) continue;
      const { choice, own } = await this.#decide(fork, forkPrev);
      // Only the ballots' weight moves an applied history; a peer alone does not.
      if (choice === null || choice.by !== 'ballots' || equalBytes(choice.opinionHash, ours)) {
        this.#log.info('fork kept: the ballots do not vouch for the peer\'s history', { peerId: peer, fork, by: choice?.by ?? null });
        continue;
      }
      if (!(await this.#takeBlock(fork, choice.decision, own))) return false;
      // In one turn: no clock tick may re-apply the old decision between the revert and the new one.
      mesh.revertTo(fork - 1);
      this.#meter.reset();
      const applied = mesh.applySynced(fork, choice.decision);
      this.#log.warn('reverted to a fork the ballots refute', { fork, layer, peerId: peer, applied });
      for (const dissenter of choice.dissenters) this.#deps.fetcher.penalize(dissenter, `layer ${fork} opinion contradicts the ballots`);
      return applied;
    }
    return false;
  }

  /** Each peer's chain of decisions from `layer` to `last - 1` (its `lp/2` answers for `layer` … `last`). */
  async #chains(layer: number, last: number, prev: Uint8Array): Promise<PeerChain[]> {
    const peers = this.#deps.peers().slice(0, PEERS_PER_QUESTION);
    const chains: PeerChain[] = [];
    for (const peer of peers) {
      const views: PeerLayerView[] = [];
      for (let l = layer; l < last; l++) {
        const [here, next] = await Promise.all([this.#opinion(peer, l), this.#opinion(peer, l + 1)]);
        if (here === null || next === null) break;
        const certified = here.certified === null ? null : await this.#block(here.certified);
        // A block no peer could serve intact names nothing this node can check.
        if (certified === undefined) break;
        views.push({ certified: certified === null ? null : { id: here.certified!, height: certified.block.tickHeight }, aggHash: next.prevAggHash });
      }
      if (views.length > 0) chains.push({ peer, links: peerChain(prev, views) });
    }
    return chains;
  }

  /** A peer's `lp/2` answer, asked once a round; null when it has none. */
  async #opinion(peer: string, layer: number): Promise<LayerOpinion | null> {
    const key = `${peer}:${layer}`;
    if (this.#round.opinions.has(key)) return this.#round.opinions.get(key)!;
    let answer: LayerOpinion | null = null;
    try {
      answer = await this.#deps.fetcher.getLayerOpinion(layer, peer);
    } catch (err) {
      this.#log.debug('layer opinion not had', { peerId: peer, layer, error: errorMessage(err) });
    }
    this.#round.opinions.set(key, answer);
    return answer;
  }

  /** A block by id, fetched once a round (the fetcher checks it against its id); undefined when no peer served it. */
  async #block(id: Uint8Array): Promise<{ bytes: Uint8Array; block: InnerBlock } | undefined> {
    const key = bytesToHex(id);
    if (this.#round.blocks.has(key)) return this.#round.blocks.get(key) ?? undefined;
    let got: { bytes: Uint8Array; block: InnerBlock } | null = null;
    try {
      const bytes = (await this.#deps.fetcher.getHashes(HINT_BLOCK, [asHash32(id)])).found.get(bytesToHex(asHash32(id)));
      if (bytes !== undefined) got = { bytes, block: decodeBlock(bytes) };
    } catch (err) {
      this.#log.debug('block not had', { blockId: key, error: errorMessage(err) });
    }
    this.#round.blocks.set(key, got);
    return got ?? undefined;
  }

  /** The layer's ballots as validated here; re-asked while the layer may still gain ballots. */
  async #layerBallots(layer: number, settled: boolean): Promise<LayerBallots> {
    let entry = this.#ballots.get(layer);
    if (entry !== undefined && settled && entry.ballots.length > 0 && !entry.retry) return entry;
    entry ??= { ballots: [], votes: [], seen: new Set<string>(), retry: false };
    entry.retry = false;
    this.#ballots.set(layer, entry);
    const ids = new Map<string, Uint8Array>();
    for (const peer of this.#deps.peers().slice(0, PEERS_PER_QUESTION)) {
      try {
        for (const id of (await this.#deps.fetcher.getLayerData(layer, { peer })).ballots) ids.set(bytesToHex(id), id);
      } catch (err) {
        this.#log.debug('layer ballots not had', { peerId: peer, layer, error: errorMessage(err) });
      }
    }
    const wanted = [...ids.entries()].filter(([key]) => !entry.seen.has(key)).map(([, id]) => id);
    if (wanted.length === 0) return entry;
    const { found } = await this.#deps.fetcher.getHashes(HINT_BALLOT, wanted.map(asHash32));
    // Reference ballots first: the others of their smesher name them.
    const blobs = [...found.values()].sort((a, b) => Number(isReference(b)) - Number(isReference(a)));
    for (const blob of blobs) {
      await this.#deps.foreign.beforeBallot(blob);
      const verdict = this.#deps.checkBallot(blob);
      if (verdict.kind !== 'accept') {
        const key = bytesToHex(blob.subarray(0, 64));
        const context = { layer, code: verdict.error.code, reason: verdict.error.message };
        if (this.#refused.has(key)) this.#log.debug('synced ballot not valid', context);
        else this.#log.info('synced ballot not valid', context);
        if (this.#refused.size > 10_000) this.#refused.clear();
        this.#refused.add(key);
        if (verdict.kind === 'ignore' && verdict.error.code !== 'MALICIOUS') entry.retry = true;
        continue;
      }
      this.#addBallot(entry, verdict.value, blob);
    }
    return entry;
  }

  #addBallot(entry: LayerBallots, v: ValidBallot, blob: Uint8Array): void {
    const key = bytesToHex(v.ballotId);
    if (entry.seen.has(key)) return;
    entry.seen.add(key);
    if (v.ballot.inner.epochData !== null) this.#deps.storeReferenceBallot(blob);
    const proofs = v.ballot.eligibilityProofs.length;
    const weight = ballotWeight(v.atx.weight, v.eligibilityCount, proofs);
    entry.ballots.push({
      atxId: v.atx.id,
      atxWeight: BigInt(v.atx.weight),
      atxBaseHeight: BigInt(v.atx.baseTickHeight),
      eligibilityCount: v.eligibilityCount,
      proofs,
    });
    entry.votes.push({ opinionHash: v.ballot.inner.opinionHash, weight });
  }

  /** Checks the decided block against the layer's ballots, fetches its transactions and stores it. */
  async #acceptBlock(layer: number, id: Uint8Array, b: { bytes: Uint8Array; block: InnerBlock }, ballots: readonly LayerBallot[]): Promise<boolean> {
    try {
      checkBlock(layer, b.block, ballots);
    } catch (err) {
      this.#log.warn('synced block refused', { layer, blockId: bytesToHex(id), error: errorMessage(err) });
      return false;
    }
    const missing = b.block.txIds.filter((tx) => !this.#deps.hasTransaction(tx));
    if (missing.length > 0) await this.#deps.foreign.fetchTransactions(missing);
    if (b.block.txIds.some((tx) => !this.#deps.hasTransaction(tx))) {
      this.#log.warn('block transactions not had from any peer', { layer, blockId: bytesToHex(id) });
      return false;
    }
    this.#deps.storeBlock(id, layer, b.bytes);
    return true;
  }
}

function isReference(blob: Uint8Array): boolean {
  try {
    return decode(Ballot, blob).inner.epochData !== null;
  } catch {
    return false;
  }
}
