/**
 * The tortoise inside a node (docs/protocol/tortoise.md §7): core/tortoise fed from this node's state. ATXs are read
 * from state.sql per target epoch as they arrive, beacons from the beacon component, ballots from the proposal
 * handler (their votes decoded before the proposal is accepted: impossible votes are refused), blocks and hare
 * outputs from the mesh, malfeasance from the proofs stored. After a restart the last layers are rebuilt from disk
 * (go's `tortoise/recover.go`): the applied decisions stand in for the hare outputs, the stored ballots are
 * re-read. `tally(layer)` processes layers and returns the layers whose verified decision this node should apply.
 * I/O: reads state.sql.
 * @module
 */
import { getMalfeasance, listAtxsByEpoch } from '../activation/store.js';
import { getBlockBytes, insertBlock } from '../blocks/store.js';
import { type Fetcher, HINT_BLOCK, asHash32 } from '../fetch/index.js';
import { hasTransaction } from '../vm/txStore.js';
import { decodeBlock } from '../blocks/wire.js';
import { type Executor, prepared } from '../db/index.js';
import { getMeshLayer } from '../mesh/store.js';
import type { Preset } from '../params/types.js';
import { listProposalsByLayer } from '../proposals/store.js';
import { type Ballot, EMPTY_ID20, ballotId, decodeProposal } from '../proposals/wire.js';
import { type BlockHeader, type DecodedBallot, type LayerResult, Tortoise, type TortoiseBallot, TortoiseError, firstValid } from '../tortoise/turtle.js';
import { effectiveGenesisLayer, epochOfLayer } from '../types/layers.js';
import { bytesToHex, equalBytes } from '../util/bytes.js';
import type { Logger } from '../util/logger.js';

export interface NodeTortoiseDeps {
  readonly state: Executor;
  readonly preset: Preset;
  beaconOf(epoch: number): Uint8Array | null;
  readonly logger: Logger;
}

/** A verified layer whose block (or emptiness) the mesh must hold. */
export interface TortoiseVerdict {
  readonly layer: number;
  readonly block: BlockHeader | null;
}

/**
 * Fetches a block the tortoise verified but this node does not store (it was cut off while the others applied it):
 * by id from peers (the fetcher checks the bytes against the id), with its transactions, then stores it. The
 * verdict that names it is backed by a global threshold of ballot weight, so no other check is needed to trust it.
 * @throws {Error} when no peer serves it, it is of another layer, or its transactions cannot be had
 */
export function verifiedBlockFetcher(o: {
  readonly state: Executor;
  readonly fetcher: Pick<Fetcher, 'getHashes'>;
  fetchTransactions(ids: readonly Uint8Array[]): Promise<void>;
}): (layer: number, id: Uint8Array) => Promise<void> {
  return async (layer, id) => {
    const key = asHash32(id);
    const bytes = (await o.fetcher.getHashes(HINT_BLOCK, [key])).found.get(bytesToHex(key));
    if (bytes === undefined) throw new Error(`no peer served block ${bytesToHex(id)}`);
    const block = decodeBlock(bytes);
    if (block.layer !== layer) throw new Error(`block ${bytesToHex(id)} is of layer ${block.layer}, not ${layer}`);
    const missing = block.txIds.filter((tx) => !hasTransaction(o.state, tx));
    if (missing.length > 0) await o.fetchTransactions(missing);
    if (block.txIds.some((tx) => !hasTransaction(o.state, tx))) throw new Error(`transactions of block ${bytesToHex(id)} are not had from any peer`);
    insertBlock(o.state, id, layer, bytes);
  };
}

export class NodeTortoise {
  readonly core: Tortoise;
  readonly #deps: NodeTortoiseDeps;
  readonly #log: Logger;
  readonly #beaconsFed = new Set<number>();
  readonly #genesis: number;

  constructor(deps: NodeTortoiseDeps) {
    this.#deps = deps;
    this.#log = deps.logger.child({ module: 'tortoise' });
    const { preset } = deps;
    this.#genesis = effectiveGenesisLayer(preset.layersPerEpoch);
    this.core = new Tortoise({ ...preset.tortoise, layersPerEpoch: preset.layersPerEpoch, effectiveGenesis: this.#genesis });
  }

  /** The last layer the tortoise verified. */
  get verified(): number {
    return this.core.verified;
  }

  /**
   * Rebuilds the window from disk after a restart: from a few epochs before the last applied layer, each applied
   * layer's block and decision and the layer's stored ballots, then a tally up to it.
   */
  recover(lastApplied: number | null): void {
    if (lastApplied === null || lastApplied <= this.#genesis) return;
    const { state, preset } = this.#deps;
    const span = Math.min(preset.tortoise.windowSize, preset.tortoise.hdist + 2 * preset.layersPerEpoch);
    const start = Math.max(this.#genesis + 1, lastApplied - span);
    if (start > this.#genesis + 1) {
      const opinion = getMeshLayer(state, start)?.opinionHash;
      const prev = getMeshLayer(state, start - 1)?.opinionHash;
      if (opinion === undefined || prev === undefined) return;
      this.core.recoverFrom(start, opinion, prev);
    }
    let ballots = 0;
    for (let layer = start; layer <= lastApplied; layer++) {
      this.#prepare(layer);
      for (const p of listProposalsByLayer(state, layer)) {
        try {
          this.core.onRecoveredBallot(this.#ballotOf(decodeProposal(p.bytes).inner.ballot));
          ballots++;
        } catch (err) {
          this.#log.debug('stored ballot not recovered', { layer, error: (err as Error).message });
        }
      }
      const applied = getMeshLayer(state, layer);
      if (applied === undefined) continue;
      if (applied.blockId !== null) this.onBlock(layer, applied.blockId);
      this.core.onHareOutput(layer, applied.blockId);
    }
    this.core.tallyVotes(lastApplied);
    this.core.updates();
    this.#log.info('tortoise recovered', { from: start, to: lastApplied, ballots, verified: this.core.verified });
  }

  /**
   * Decodes a ballot's votes before its proposal is accepted.
   * @returns the decoded ballot (null: nothing to store), or the refusal
   */
  check(ballot: Ballot): { decoded: DecodedBallot | null } | { error: TortoiseError } {
    const layer = ballot.inner.layer;
    this.#prepare(layer);
    try {
      return { decoded: this.core.decodeBallot(this.#ballotOf(ballot)) };
    } catch (err) {
      if (err instanceof TortoiseError) return { error: err };
      throw err;
    }
  }

  /** Stores what {@link check} decoded, once the proposal or ballot was accepted. */
  store(decoded: DecodedBallot | null): void {
    if (decoded !== null) this.core.storeBallot(decoded);
  }

  /** Decodes and stores a validated ballot (synced or fetched); refusals are logged. */
  add(ballot: Ballot): void {
    const checked = this.check(ballot);
    if ('error' in checked) this.#log.debug('ballot not counted by the tortoise', { layer: ballot.inner.layer, error: checked.error.message });
    else this.store(checked.decoded);
  }

  /** A block this node stores. */
  onBlock(layer: number, id: Uint8Array): void {
    const bytes = getBlockBytes(this.#deps.state, id);
    if (bytes === undefined) return;
    this.core.onBlock({ id, layer, height: decodeBlock(bytes).tickHeight }, true);
  }

  /** The hare's output for `layer` (or a certified block synced): the block must be stored first. */
  onHareOutput(layer: number, blockId: Uint8Array | null): void {
    if (blockId !== null) this.onBlock(layer, blockId);
    this.core.onHareOutput(layer, blockId);
  }

  onMalfeasance(smesherId: Uint8Array): void {
    this.core.onMalfeasance(bytesToHex(smesherId));
  }

  /**
   * Processes layers up to `layer` and counts their ballots.
   * @returns the verified layers whose decision changed since the last tally
   */
  tally(layer: number): TortoiseVerdict[] {
    this.#prepare(layer);
    this.core.tallyVotes(layer);
    return this.core
      .updates()
      .filter((r: LayerResult) => r.verified)
      .map((r) => ({ layer: r.layer, block: firstValid(r) }));
  }

  /** This node's votes for a ballot of `layer` (the tally for the layer runs first). */
  encodeVotes(layer: number): ReturnType<Tortoise['encodeVotes']> {
    this.#prepare(layer);
    this.core.tallyVotes(layer);
    return this.core.encodeVotes(layer);
  }

  /** The ATXs and beacons of the layer's epoch and the next one are in the tortoise before its ballots. */
  #prepare(layer: number): void {
    const epoch = epochOfLayer(layer, this.#deps.preset.layersPerEpoch);
    for (const e of [epoch, epoch + 1]) {
      this.#loadAtxs(e);
      if (!this.#beaconsFed.has(e)) {
        const beacon = this.#deps.beaconOf(e);
        if (beacon !== null) {
          this.core.onBeacon(e, bytesToHex(beacon));
          this.#beaconsFed.add(e);
        }
      }
    }
  }

  /** Adds the ATXs targeting `epoch` that the tortoise does not hold yet (a count first: most calls add none). */
  #loadAtxs(epoch: number): void {
    const { state } = this.#deps;
    if (epoch < 1) return;
    const count = Number((prepared(state, 'SELECT COUNT(*) AS n FROM atxs WHERE publish_epoch = ?').get(epoch - 1) as { n: bigint }).n);
    if (count === this.core.atxCount(epoch)) return;
    for (const row of listAtxsByEpoch(state, epoch - 1)) {
      const id = bytesToHex(row.id);
      if (this.core.hasAtx(epoch, id)) continue;
      const smesher = bytesToHex(row.smesherId);
      if (getMalfeasance(state, row.smesherId) !== undefined) this.core.onMalfeasance(smesher);
      this.core.onAtx(epoch, id, { weight: BigInt(row.weight), height: BigInt(row.baseTickHeight + row.tickCount), smesher });
    }
  }

  #ballotOf(ballot: Ballot): TortoiseBallot {
    const { inner, votes } = ballot;
    const header = (h: { id: Uint8Array; layer: number; height: bigint | number }): BlockHeader => ({ id: h.id, layer: h.layer, height: BigInt(h.height) });
    return {
      id: ballotId(inner),
      layer: inner.layer,
      smesher: bytesToHex(ballot.smesherId),
      atxId: bytesToHex(inner.atxId),
      eligibilities: ballot.eligibilityProofs.length,
      opinionHash: inner.opinionHash,
      votes: { base: votes.base, support: votes.support.map(header), against: votes.against.map(header), abstain: [...votes.abstain] },
      epochData: inner.epochData === null ? null : { beacon: bytesToHex(inner.epochData.beacon), eligibilityCount: inner.epochData.eligibilityCount },
      refBallot: equalBytes(inner.refBallot, EMPTY_ID20) ? null : inner.refBallot,
      malicious: getMalfeasance(this.#deps.state, ballot.smesherId) !== undefined,
    };
  }
}
