/**
 * The layer execution driver (docs/protocol/tortoise.md; docs/protocol/blocks-and-rewards.md §6; go-spacemesh `mesh/mesh.go ProcessLayer`,
 * `mesh/executor.go`): it turns hare outputs into blocks, decides each layer strictly in order (the hare output,
 * or empty once the layer is more than zdist behind without one), chains the opinion hash, and applies every
 * decided layer through the VM, empty ones too, each in one SQLite transaction with its decision, so a crash never
 * leaves a decision without its state or the reverse. A hare output that arrives for an already decided layer
 * within hdist and differs from it reverts the state to before that layer and re-applies. I/O: state.sql.
 * @module
 */
import { getAtx } from '../activation/store.js';
import { type BlockTx, blockTxFromRaw, generateBlock } from '../blocks/generate.js';
import { getBlockBytes, getHareOutput, insertBlock, putHareOutput } from '../blocks/store.js';
import { encodeBlock } from '../blocks/wire.js';
import type { Executor } from '../db/index.js';
import { getProposal } from '../proposals/store.js';
import { decodeProposal } from '../proposals/wire.js';
import { type Decision, GENESIS_OPINION, nextOpinion } from '../tortoise/logic.js';
import { effectiveGenesisLayer } from '../types/layers.js';
import { bytesToHex, equalBytes } from '../util/bytes.js';
import type { LayerExecution } from '../vm/execute.js';
import { getTransaction } from '../vm/txStore.js';
import { type VmConfig, applyLayer, revertTo } from '../vm/vm.js';
import { MeshError } from './errors.js';
import { layerInput } from './resolve.js';
import { type MeshLayer, deleteMeshLayersAfter, getLastMeshLayer, getMeshLayer, insertMeshLayer } from './store.js';

export interface AppliedLayerEvent {
  readonly mesh: MeshLayer;
  readonly execution: LayerExecution;
}

export interface MeshDeps {
  readonly db: Executor;
  readonly vm: VmConfig;
  readonly hdist: number;
  readonly zdist: number;
  /** Called after each layer is applied (outside the transaction). */
  onApplied(event: AppliedLayerEvent): void;
  /** Called with the first layer to be re-applied after a revert. */
  onReverted?(layer: number): void;
  /**
   * Whether this node ran the hare for `layer`, so that zdist may end it empty; a layer it did not (it was catching up)
   * waits for the syncer instead (docs/protocol/sync.md §2). Absent: every layer.
   */
  ranHare?(layer: number): boolean;
}

/** Verdicts kept below the newest one: layers older than this are long final. */
const MAX_VERDICTS = 10_000;

export class MeshExecutor {
  readonly #deps: MeshDeps;
  readonly #genesis: number;
  #current = 0;
  /** The tortoise's verified decisions by layer (see {@link onVerdict}). */
  readonly #verdicts = new Map<number, { readonly id: Uint8Array; readonly height: bigint } | null>();

  constructor(deps: MeshDeps) {
    this.#deps = deps;
    this.#genesis = effectiveGenesisLayer(deps.vm.layersPerEpoch);
  }

  /** The last applied layer, or null before effective genesis was applied. */
  lastApplied(): number | null {
    return getLastMeshLayer(this.#deps.db)?.layer ?? null;
  }

  /**
   * The tortoise verified `layer` as holding `block` (null: empty; docs/protocol/tortoise.md §7). Its verdict takes
   * precedence over the hare output: an applied layer that holds something else is reverted, with everything after
   * it, and applied again from there.
   * @returns false when the block is not stored here yet (the caller fetches it and tells again)
   */
  onVerdict(layer: number, block: { readonly id: Uint8Array; readonly height: bigint } | null): boolean {
    const { db } = this.#deps;
    if (layer <= this.#genesis) return true;
    if (block !== null && getBlockBytes(db, block.id) === undefined) return false;
    this.#verdicts.set(layer, block);
    for (const l of this.#verdicts.keys()) if (l < layer - MAX_VERDICTS) this.#verdicts.delete(l);
    const decided = getMeshLayer(db, layer);
    if (decided !== undefined && !sameBlock(decided.blockId, block?.id ?? null)) this.#revertFrom(layer);
    this.#applyDecided();
    return true;
  }

  /** The opinion hash of `layer` (genesis and earlier: the genesis opinion), or null while it is undecided. */
  opinionOf(layer: number): Uint8Array | null {
    if (layer <= this.#genesis) return GENESIS_OPINION;
    return getMeshLayer(this.#deps.db, layer)?.opinionHash ?? null;
  }

  /**
   * Records the hare output of `layer` (its block is built and stored with it) and applies what became decided.
   * @returns the block built (null for an empty output), or undefined when the layer is too old to take an output
   * @throws {RewardsError} when the proposals share an ATX; {MeshError} MISSING_DATA; {VmError} on corrupt state
   */
  onHareOutput(layer: number, proposalIds: readonly Uint8Array[]): Uint8Array | null | undefined {
    const { db } = this.#deps;
    if (layer <= this.#genesis || layer + this.#deps.hdist < this.#current) return undefined;
    const blockId = db.transaction(() => {
      putHareOutput(db, layer, proposalIds);
      const built = this.#buildBlock(layer, proposalIds);
      if (built !== null) insertBlock(db, built.id, layer, encodeBlock(built.block));
      return built?.id ?? null;
    })();
    const decided = getMeshLayer(db, layer);
    // Our opinion of an applied layer changed within hdist: undo it and everything after, then re-apply (unless the
    // tortoise verified the layer: its verdict stands).
    if (decided !== undefined && !this.#verdicts.has(layer) && !sameBlock(decided.blockId, blockId)) this.#revertFrom(layer);
    this.#applyDecided();
    return blockId;
  }

  /** Undoes `layer` and everything after it (state and applied layers). */
  #revertFrom(layer: number): void {
    const { db } = this.#deps;
    db.transaction(() => {
      revertTo(db, layer - 1);
      deleteMeshLayersAfter(db, layer - 1);
    }).immediate();
    this.#deps.onReverted?.(layer);
  }

  /**
   * Applies `layer` as the syncer decided it from peers and validated it (docs/protocol/sync.md §4): the block must
   * be stored already. Only the next layer to apply is taken; then whatever became decided follows.
   * @returns false when `layer` is not the next layer to apply
   * @throws {MeshError} MISSING_DATA when the block or its transactions are not stored; {VmError} on corrupt state
   */
  applySynced(layer: number, decision: Decision): boolean {
    const last = getLastMeshLayer(this.#deps.db);
    if (layer !== (last === undefined ? this.#genesis : last.layer + 1)) return false;
    this.#apply(layer, last?.opinionHash ?? GENESIS_OPINION, decision);
    this.#applyDecided();
    return true;
  }

  /**
   * The clock reached `current`: layers more than zdist behind without a hare output become empty; everything
   * decided is applied.
   */
  onLayer(current: number): void {
    this.#current = current;
    this.#applyDecided();
  }

  #applyDecided(): void {
    const { db } = this.#deps;
    for (;;) {
      const last = getLastMeshLayer(db);
      const layer = last === undefined ? this.#genesis : last.layer + 1;
      if (layer > this.#current) return;
      const decision = this.#decide(layer);
      if (decision === null) return;
      this.#apply(layer, last?.opinionHash ?? GENESIS_OPINION, decision);
    }
  }

  #apply(layer: number, prev: Uint8Array, decision: Decision): void {
    const { db } = this.#deps;
    const mesh: MeshLayer = {
      layer,
      blockId: decision.by === 'hare' ? (decision.block?.id ?? null) : null,
      decidedBy: decision.by,
      opinionHash: layer === this.#genesis ? GENESIS_OPINION : nextOpinion(prev, decision),
    };
    const execution = db.transaction(() => {
      insertMeshLayer(db, mesh);
      return applyLayer(db, this.#deps.vm, layerInput(db, mesh));
    })();
    this.#deps.onApplied({ mesh, execution });
  }

  #decide(layer: number): Decision | null {
    if (layer === this.#genesis) return { by: 'empty' };
    const verdict = this.#verdicts.get(layer);
    if (verdict !== undefined) return { by: 'hare', block: verdict };
    const output = getHareOutput(this.#deps.db, layer);
    if (output !== null) {
      if (output.length === 0) return { by: 'hare', block: null };
      const built = this.#buildBlock(layer, output);
      return { by: 'hare', block: built === null ? null : { id: built.id, height: built.block.tickHeight } };
    }
    // zdist: the hare must terminate within zdist layers, or the layer is empty.
    if (layer + this.#deps.zdist < this.#current && (this.#deps.ranHare?.(layer) ?? true)) return { by: 'empty' };
    return null;
  }

  /**
   * The block of a hare output as go-spacemesh's generator builds it (core/blocks/generate.ts). Every proposal, its
   * ATX and its transactions must be stored: the proposal handler accepts a proposal only once its transactions are,
   * so a gap here means the output names a proposal this node never accepted; the layer is then the syncer's.
   * @throws {MeshError} MISSING_DATA for an unknown proposal, ATX or transaction (nothing is left out silently)
   */
  #buildBlock(layer: number, proposalIds: readonly Uint8Array[]): ReturnType<typeof generateBlock> {
    const { db } = this.#deps;
    const inputs = proposalIds.map((id) => {
      const row = getProposal(db, id);
      if (row === undefined) throw new MeshError('MISSING_DATA', `proposal ${bytesToHex(id)} of the hare output is not stored`, { layer });
      const atx = getAtx(db, row.atxId);
      if (atx === undefined) throw new MeshError('MISSING_DATA', `ATX ${bytesToHex(row.atxId)} of proposal ${bytesToHex(id)} is not stored`, { layer });
      return {
        id,
        atxId: atx.id,
        atxWeight: BigInt(atx.weight),
        // go takes the ATX's base tick height (blocks/utils.go rewardInfoAndHeight: atxsdata BaseHeight), and so do
        // core/sync/checkBlock.ts for served blocks and the tortoise, which counts a ballot's vote on a block only if
        // the block is not higher than the ballot's ATX.
        atxBaseHeight: BigInt(atx.baseTickHeight),
        eligibilityCount: row.eligibilityCount,
        proofs: row.proofs,
        txIds: decodeProposal(row.bytes).inner.txIds,
      };
    });
    const txOf = (id: Uint8Array): BlockTx => {
      const tx = getTransaction(db, id);
      if (tx === null) throw new MeshError('MISSING_DATA', `transaction ${bytesToHex(id)} of the hare output is not stored`, { layer });
      // go drops an account's leading transactions already applied when it builds; which those are depends on
      // whether the layers before were applied by then. This block is built again when the layer is decided and
      // must keep its id, so nothing counts as applied here: the VM makes a used nonce ineffective instead.
      const header = blockTxFromRaw(id, tx.raw, false);
      if (header === null) throw new MeshError('MISSING_DATA', `transaction ${bytesToHex(id)} does not parse (go: no header)`, { layer });
      return header;
    };
    return generateBlock(layer, inputs, txOf, { gasLimit: this.#deps.vm.gasLimit });
  }
}

function sameBlock(a: Uint8Array | null, b: Uint8Array | null): boolean {
  return a === null || b === null ? a === b : equalBytes(a, b);
}

