/**
 * Fetch-before-validate for data from peers (go-spacemesh `activation/handler_v1.go` and `proposals/handler.go`
 * `fetchReferences`): before the ATX or proposal handler judges a message, everything the message refers to that
 * this node lacks is fetched from peers, checked against the id it was asked by (core/node/peerData.ts), and run
 * through its own handler first — a referenced ATX is validated as any ATX, a PoET proof is verified against its
 * statement, an active set's ATXs are fetched and validated before the set is stored. What cannot be had is left
 * missing; the handler then refuses the message as unknown-reference, which is "ignore", not the sender's fault.
 *
 * Hostile input is bounded: one message pulls in at most {@link MAX_ATXS_PER_MESSAGE} ATXs (a chain of previous
 * ATXs included), and the same id is fetched once at a time however many messages name it. I/O.
 * @module
 */
import { atxReferences } from '../activation/deps.js';
import { getAtx, getPoetProof, insertPoetProof } from '../activation/store.js';
import { encodePoetProof } from '../poet/codec.js';
import type { Executor } from '../db/index.js';
import type { Fetcher, Hint } from '../fetch/index.js';
import { asHash32 } from '../fetch/index.js';
import { decodePoetProofMessage } from '../poet/proofMessage.js';
import { decodeEpochActiveSet } from '../proposals/activeSetWire.js';
import { ballotReferences, proposalReferences } from '../proposals/deps.js';
import { getActiveSet, getKnownBallot, insertActiveSet } from '../proposals/store.js';
import { bytesToHex, equalBytes } from '../util/bytes.js';
import { decode } from '../codec/index.js';
import { Ballot, EMPTY_ID20 } from '../proposals/wire.js';
import { errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import type { Verdict } from '../util/verdict.js';
import { hasTransaction } from '../vm/txStore.js';

/** Most ATXs one gossiped message may make this node fetch (its references, their references, …). */
export const MAX_ATXS_PER_MESSAGE = 64;

export interface ForeignDataDeps {
  readonly state: Executor;
  readonly fetcher: Pick<Fetcher, 'getHashes'>;
  readonly goldenAtxId: Uint8Array;
  /** The node's ATX handler: validates and stores. */
  submitAtx(bytes: Uint8Array): Verdict<unknown>;
  /** The node's transaction handler. */
  submitTx(raw: Uint8Array): Promise<Verdict<unknown>>;
  /** The node's handler of reference ballots fetched on their own (absent while consensus does not run). */
  readonly submitBallot?: (bytes: Uint8Array) => Verdict<unknown>;
  /** Validates a base ballot fetched for a ballot's votes and has the tortoise count it (absent: not fetched). */
  readonly submitBaseBallot?: (bytes: Uint8Array) => Verdict<unknown>;
  /** Whether the tortoise holds a ballot already. */
  readonly knowsBallot?: (id: Uint8Array) => boolean;
  readonly logger: Logger;
}

/** Most base ballots one message may make this node fetch (a chain of older ones included). */
export const MAX_BASE_BALLOTS_PER_MESSAGE = 32;

/** A budget shared by everything one message pulls in. */
interface Budget {
  atxs: number;
  ballots: number;
}

export class ForeignData {
  readonly #deps: ForeignDataDeps;
  readonly #log: Logger;
  /** hint:hex(id) -> the fetch in flight, so concurrent messages naming one object fetch it once. */
  readonly #inFlight = new Map<string, Promise<void>>();

  constructor(deps: ForeignDataDeps) {
    this.#deps = deps;
    this.#log = deps.logger.child({ module: 'fetch' });
  }

  /** Fetches and validates what an encoded ATX refers to and this node lacks. Never throws. */
  async beforeAtx(bytes: Uint8Array): Promise<void> {
    await this.#atxDependencies(bytes, { atxs: MAX_ATXS_PER_MESSAGE, ballots: 0 });
  }

  /** Fetches and validates what an encoded proposal refers to and this node lacks. Never throws. */
  async beforeProposal(bytes: Uint8Array): Promise<void> {
    let refs;
    try {
      refs = proposalReferences(bytes);
    } catch {
      return; // malformed: the handler says so
    }
    const { state } = this.#deps;
    const budget: Budget = { atxs: MAX_ATXS_PER_MESSAGE, ballots: MAX_BASE_BALLOTS_PER_MESSAGE };
    const work: Array<Promise<void>> = [];
    if (getAtx(state, refs.atxId) === undefined) work.push(this.#atxs([refs.atxId], budget));
    if (refs.baseBallot !== null) work.push(this.#baseBallot(refs.baseBallot, budget));
    if (refs.activeSetHash !== null && getActiveSet(state, refs.activeSetHash) === undefined) work.push(this.#activeSet(refs.activeSetHash, budget));
    const missingTxs = refs.txIds.filter((id) => !hasTransaction(state, id));
    if (missingTxs.length > 0) work.push(this.#transactions(missingTxs));
    if (refs.refBallot !== null && getKnownBallot(state, refs.refBallot) === undefined) work.push(this.#referenceBallot(refs.refBallot, budget));
    await Promise.all(work);
  }

  /**
   * ATXs the syncer found in an epoch's id list (docs/protocol/sync.md §1): each with its dependencies, through the
   * ATX handler. The per-message budget does not apply: the ids come from this node's own question, not a message.
   */
  async fetchAtxs(ids: readonly Uint8Array[]): Promise<void> {
    await this.#atxs(ids, { atxs: ids.length + MAX_ATXS_PER_MESSAGE, ballots: 0 });
  }

  /** Transactions a synced block lists, through the transaction handler. */
  async fetchTransactions(ids: readonly Uint8Array[]): Promise<void> {
    await this.#transactions(ids);
  }

  /** What a ballot the syncer fetched refers to and this node lacks: its ATX, active set and reference ballot. */
  async beforeBallot(bytes: Uint8Array, budget: Budget = { atxs: MAX_ATXS_PER_MESSAGE, ballots: MAX_BASE_BALLOTS_PER_MESSAGE }): Promise<void> {
    let ballot;
    try {
      ballot = decode(Ballot, bytes);
    } catch {
      return; // malformed: the ballot check says so
    }
    const { state } = this.#deps;
    const { inner } = ballot;
    const refBallot = equalBytes(inner.refBallot, EMPTY_ID20) ? null : inner.refBallot;
    await Promise.all([
      this.#baseBallot(ballot.votes.base, budget),
      getAtx(state, inner.atxId) === undefined ? this.#atxs([inner.atxId], budget) : Promise.resolve(),
      inner.epochData !== null && getActiveSet(state, inner.epochData.activeSetHash) === undefined ? this.#activeSet(inner.epochData.activeSetHash, budget) : Promise.resolve(),
      refBallot !== null && getKnownBallot(state, refBallot) === undefined ? this.#referenceBallot(refBallot, budget) : Promise.resolve(),
    ]);
  }

  /**
   * The base ballot a ballot's votes are relative to, when the tortoise does not hold it (a node that was cut off
   * from the peers who cast it; go's `fetchReferences` fetches it too): fetched by id with what it refers to (its own
   * base included, within the budget), validated and counted by the tortoise.
   */
  #baseBallot(id: Uint8Array, budget: Budget): Promise<void> {
    const { submitBaseBallot, knowsBallot } = this.#deps;
    if (submitBaseBallot === undefined || knowsBallot === undefined || equalBytes(id, EMPTY_ID20) || knowsBallot(id)) return Promise.resolve();
    if (budget.ballots <= 0) {
      this.#log.warn('base ballot budget spent; the ballot waits', { ballot: bytesToHex(id) });
      return Promise.resolve();
    }
    budget.ballots--;
    return this.#once('ballotDB', [id], async (blob) => {
      await this.beforeBallot(blob, budget);
      const verdict = submitBaseBallot(blob);
      if (verdict.kind === 'reject') this.#log.warn('fetched base ballot rejected', { code: verdict.error.code, reason: verdict.error.message });
    });
  }

  /**
   * A reference ballot this node missed (it came earlier in the epoch, while this node was away or a connection
   * dropped): fetched by id, its own references first (its active set; its ATX is the later ballot's, fetched
   * beside it), then judged by the ballot handler.
   */
  #referenceBallot(id: Uint8Array, budget: Budget): Promise<void> {
    const submit = this.#deps.submitBallot;
    if (submit === undefined) return Promise.resolve();
    return this.#once('ballotDB', [id], async (blob) => {
      const refs = ballotReferences(blob);
      const { state } = this.#deps;
      await Promise.all([
        getAtx(state, refs.atxId) === undefined ? this.#atxs([refs.atxId], budget) : Promise.resolve(),
        refs.activeSetHash !== null && getActiveSet(state, refs.activeSetHash) === undefined ? this.#activeSet(refs.activeSetHash, budget) : Promise.resolve(),
      ]);
      const verdict = submit(blob);
      if (verdict.kind === 'reject') this.#log.warn('fetched reference ballot rejected', { code: verdict.error.code, reason: verdict.error.message });
    });
  }

  async #atxDependencies(bytes: Uint8Array, budget: Budget): Promise<void> {
    let refs;
    try {
      refs = atxReferences(bytes, this.#deps.goldenAtxId);
    } catch {
      return;
    }
    const { state } = this.#deps;
    const missing = refs.atxIds.filter((id) => getAtx(state, id) === undefined);
    await Promise.all([
      missing.length > 0 ? this.#atxs(missing, budget) : Promise.resolve(),
      refs.poetRef !== null && getPoetProof(state, refs.poetRef) === undefined ? this.#poetProof(refs.poetRef) : Promise.resolve(),
    ]);
  }

  /** Fetches ATXs by id, each with its own references first, and hands them to the ATX handler. */
  #atxs(ids: readonly Uint8Array[], budget: Budget): Promise<void> {
    const wanted = ids.slice(0, Math.max(0, budget.atxs));
    budget.atxs -= wanted.length;
    if (wanted.length < ids.length) this.#log.warn('ATX reference budget spent; the rest stays unknown', { skipped: ids.length - wanted.length });
    return this.#once('ATXDB', wanted, async (blob) => {
      await this.#atxDependencies(blob, budget);
      const verdict = this.#deps.submitAtx(blob);
      if (verdict.kind === 'reject') this.#log.warn('fetched ATX rejected', { code: verdict.error.code, reason: verdict.error.message });
    });
  }

  #poetProof(ref: Uint8Array): Promise<void> {
    return this.#once('POETDB', [ref], (blob) => {
      // The fetcher's verifier already checked the ref and the PoSW proof; decoding gives the fields to store.
      const record = decodePoetProofMessage(blob);
      insertPoetProof(this.#deps.state, {
        ref,
        serviceId: record.serviceId,
        round: record.round,
        statement: record.statement,
        leafCount: record.proof.leafCount,
        proof: encodePoetProof(record.proof),
      });
    });
  }

  #activeSet(id: Uint8Array, budget: Budget): Promise<void> {
    return this.#once('activeset', [id], async (blob) => {
      const set = decodeEpochActiveSet(blob);
      const { state } = this.#deps;
      const missing = set.atxIds.filter((a) => getAtx(state, a) === undefined);
      if (missing.length > 0) await this.#atxs(missing, { atxs: Math.max(budget.atxs, missing.length), ballots: 0 });
      const rows = set.atxIds.map((a) => getAtx(state, a));
      if (rows.some((r) => r === undefined)) {
        this.#log.warn('active set names ATXs no peer could provide; not stored', { activeSet: bytesToHex(id) });
        return;
      }
      // The set's id covers its ATX ids, not its epoch: a peer could serve the right ids under a wrong epoch, and the
      // stored row would then make every proposal naming the set unknown. The ATXs say which epoch they serve.
      if (rows.some((r) => r!.publishEpoch + 1 !== set.epoch)) {
        this.#log.warn('active set epoch does not match its ATXs; not stored', { activeSet: bytesToHex(id), epoch: set.epoch });
        return;
      }
      const totalWeight = rows.reduce((sum, r) => sum + BigInt(r!.weight), 0n);
      insertActiveSet(state, { id, epoch: set.epoch, atxIds: set.atxIds, totalWeight });
    });
  }

  #transactions(ids: readonly Uint8Array[]): Promise<void> {
    return this.#once('TXDB', ids, async (raw) => {
      await this.#deps.submitTx(raw);
    });
  }

  /**
   * Fetches `ids` under `hint` unless already in flight, then runs `use` on each blob found. Each id is its own
   * in-flight entry, settled once its blob was used (or found missing), and the blobs of one fetch are used
   * concurrently: an ATX whose previous ATX came in the same batch, in any order, waits for that one ATX only,
   * never for its own batch (which would never settle). Never throws.
   */
  async #once(hint: Hint, ids: readonly Uint8Array[], use: (blob: Uint8Array) => void | Promise<void>): Promise<void> {
    const waits: Array<Promise<void>> = [];
    const fresh: Array<{ readonly id: Uint8Array; readonly key: string; readonly settle: () => void }> = [];
    for (const id of ids) {
      const key = `${hint}:${bytesToHex(id)}`;
      const pending = this.#inFlight.get(key);
      if (pending !== undefined) {
        waits.push(pending);
        continue;
      }
      let settle!: () => void;
      const settled = new Promise<void>((resolve) => (settle = resolve));
      this.#inFlight.set(key, settled);
      fresh.push({ id, key, settle });
      waits.push(settled);
    }
    if (fresh.length > 0) void this.#fetchAndUse(hint, fresh, use);
    await Promise.all(waits);
  }

  async #fetchAndUse(
    hint: Hint,
    fresh: ReadonlyArray<{ readonly id: Uint8Array; readonly key: string; readonly settle: () => void }>,
    use: (blob: Uint8Array) => void | Promise<void>,
  ): Promise<void> {
    let found = new Map<string, Uint8Array>();
    try {
      const result = await this.#deps.fetcher.getHashes(hint, fresh.map((f) => asHash32(f.id)));
      found = result.found;
      if (result.missing.length > 0) this.#log.debug('peers did not have', { hint, missing: result.missing.length });
    } catch (err) {
      this.#log.warn('fetch failed', { hint, error: errorMessage(err) });
    }
    await Promise.all(
      fresh.map(async ({ id, key, settle }) => {
        try {
          const blob = found.get(bytesToHex(asHash32(id)));
          if (blob !== undefined) await use(blob);
        } catch (err) {
          this.#log.warn('fetched object not used', { hint, id: bytesToHex(id), error: errorMessage(err) });
        } finally {
          this.#inFlight.delete(key);
          settle();
        }
      }),
    );
  }
}
