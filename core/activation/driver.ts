/**
 * One identity's smeshing loop (docs/protocol/activation.md §2; docs/protocol/poet.md §5; go-spacemesh `activation/activation.go`,
 * `nipost.go`): PoST init → initial PoST over the zero challenge → challenge → PoET registration → proof → PoST over
 * the PoetProofRef → signed ATX v1 → publish → next challenge. A persisted state machine: every step reads where it
 * is from local.sql and writes its result there before anything leaves the node, so a restart (or kill -9) resumes
 * at the right step, and the `signed_atxs` row written before publishing guarantees one ATX per publish epoch.
 *
 * ```
 *  round r-1 end ─ cycle gap ─ round r start                                  round r end
 *   │ fetch proof, PoST, sign+persist, publish ATX(e=r) │ register challenge(e=r+1) │ ... fetch proof ...
 *                     ▲ build challenge at start(r) − grace period
 * ```
 * I/O: databases, the prover, PoET clients, the clock.
 * @module
 */
import { decode, encode } from '../codec/index.js';
import { SigningDomain } from '../crypto/domains.js';
import type { Executor } from '../db/index.js';
import type { Preset } from '../params/types.js';
import type { PoetClient } from '../poet/client.js';
import { encodePoetProof } from '../poet/codec.js';
import { type CheckedProof, checkProofResponse, pickBestProof, signSubmission } from '../poet/nipost.js';
import { type RoundSchedule, roundStartMs } from '../poet/schedule.js';
import { decodeProofFile } from '../post/proof.js';
import type { Prover } from '../post/prover.js';
import { type LayerTiming, epochStartMs } from '../types/layers.js';
import { bytesToHex, utf8 } from '../util/bytes.js';
import { type Clock, abortReason } from '../util/clock.js';
import { CodedError, errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { ActivationError } from './errors.js';
import type { Identity } from './identities.js';
import type { ActivationEvent, Publisher } from './interface.js';
import {
  type ChallengeRow,
  clearChallenge,
  getChallenge,
  getNipost,
  getPostSetup,
  getSignedAtx,
  insertPostSetup,
  insertRegistration,
  insertSignedAtx,
  listRegistrations,
  listSignedAtxs,
  markAtxPublished,
  putChallenge,
  putNipost,
} from './localStore.js';
import { buildChallenge, challengeTarget, selectPositioningAtx } from './logic.js';
import { getHighestTickAtx, getLastAtx, hasAtx, insertPoetProof } from './store.js';
import {
  ActivationTxV1,
  EMPTY_ID,
  type InnerActivationTxV1,
  MerkleProofV1,
  NIPostChallengeV1,
  PostV1,
  atxIdV1,
  atxSignedBytesV1,
  challengeHashV1,
} from './wire.js';

export interface SmesherLoopDeps {
  readonly identity: Identity;
  readonly local: Executor;
  readonly state: Executor;
  readonly prover: Prover;
  readonly poets: readonly PoetEndpoint[];
  readonly clock: Clock;
  readonly preset: Preset;
  readonly schedule: RoundSchedule;
  readonly timing: LayerTiming;
  readonly goldenAtxId: Uint8Array;
  readonly genesisId: Uint8Array;
  readonly publisher: Publisher;
  readonly onEvent: (event: ActivationEvent) => void;
  readonly logger: Logger;
  readonly threads?: number;
  /**
   * False while the node catches up with its peers (docs/protocol/sync.md §2): no challenge is built on a view that is
   * behind (its positioning ATX would be stale), as go's builder waits for ATX sync. Absent: always synced.
   */
  readonly synced?: () => boolean;
}

/**
 * A PoET and the stable name its registrations are recorded under: the URL of a PoET server, or a fixed name for
 * the embedded one, whose port changes from start to start.
 */
export interface PoetEndpoint {
  readonly id: string;
  readonly client: PoetClient;
}

export type LoopState = 'working' | 'sleeping' | 'stopped' | 'failed';

/** PoST errors no retry can fix: the data directory or parameters are wrong. */
const FATAL_CODES: ReadonlySet<string> = new Set(['METADATA_MISMATCH', 'METADATA_INVALID', 'BAD_PARAMS', 'DIR_UNWRITABLE', 'NO_SPACE', 'KERNEL_MISSING', 'IDENTITY_INVALID']);

const ZERO_CHALLENGE = new Uint8Array(32);

export class SmesherLoop {
  #state: LoopState = 'working';
  #error: CodedError | undefined;
  readonly #log: Logger;
  readonly #id: string;
  #waitingForSync = false;

  constructor(private readonly deps: SmesherLoopDeps) {
    this.#id = bytesToHex(deps.identity.nodeId);
    this.#log = deps.logger.child({ module: 'activation', smesherId: this.#id });
  }

  /** working: computing or talking to a PoET; sleeping: waiting on the clock; stopped; failed (see {@link error}). */
  get state(): LoopState {
    return this.#state;
  }

  /** Why the loop gave up, when it did. */
  get error(): CodedError | undefined {
    return this.#error;
  }

  /**
   * Runs until `signal` aborts (resolves) or a fatal error (resolves with state `failed`). Transient failures are
   * logged and retried after a short wait.
   */
  async run(signal: AbortSignal): Promise<void> {
    const retryMs = Math.min(this.deps.timing.layerDurationMs, 5_000);
    try {
      for (;;) {
        this.#state = 'working';
        try {
          // A stop requested during the last step's event handlers must not let the next step run.
          if (signal.aborted) throw abortReason(signal);
          await this.step(signal);
        } catch (err) {
          if (signal.aborted) throw abortReason(signal);
          if (err instanceof CodedError && FATAL_CODES.has((err as CodedError<string>).code)) {
            this.#error = err;
            this.#state = 'failed';
            this.#log.error('smeshing stopped for this identity', { error: err });
            return;
          }
          this.#log.warn('smeshing step failed; retrying', { error: err instanceof Error ? err : new Error(errorMessage(err)) });
          await this.sleepUntil(this.deps.clock.now() + retryMs, signal);
        }
      }
    } catch (err) {
      if (!signal.aborted) throw err;
      this.#state = 'stopped';
    }
  }

  private async sleepUntil(timeMs: number, signal: AbortSignal): Promise<void> {
    this.#state = 'sleeping';
    try {
      await this.deps.clock.sleepUntil(timeMs, signal);
    } finally {
      this.#state = 'working';
    }
  }

  /** One step: finds where the identity is (from local.sql) and makes the next move. */
  private async step(signal: AbortSignal): Promise<void> {
    const { local, identity } = this.deps;
    const setup = getPostSetup(local, identity.nodeId) ?? (await this.initPost());
    // Also the latest ATX when it is marked published but its state.sql row was lost (state.sql syncs less often
    // than local.sql): the next challenge must chain to it, so it goes out again.
    const signed = listSignedAtxs(local, identity.nodeId);
    const latest = signed.at(-1);
    const unpublished = signed.find((s) => s.publishedMs === null) ?? (latest !== undefined && !hasAtx(this.deps.state, latest.atxId) ? latest : undefined);
    if (unpublished !== undefined) return this.publish(unpublished.publishEpoch, unpublished.blob, signal);

    const challenge = getChallenge(local, identity.nodeId);
    if (challenge === undefined) return this.newChallenge(setup, signal);
    const nipost = getNipost(local, identity.nodeId);
    if (nipost === undefined) {
      const registrations = listRegistrations(local, identity.nodeId);
      if (registrations.length === 0) return this.register(challenge, signal);
      return this.fetchProof(challenge, signal);
    }
    if (nipost.post === null) return this.provePost(challenge, nipost.poetRef, signal);
    return this.signAtx(challenge, setup, signal);
  }

  /** PoST init with the golden ATX as commitment, then the initial proof over the zero challenge (docs/protocol/activation.md §2 step 1). */
  private async initPost(): Promise<NonNullable<ReturnType<typeof getPostSetup>>> {
    const { identity, preset, prover, goldenAtxId, threads } = this.deps;
    this.#log.info('PoST init', { numUnits: identity.numUnits, postDir: identity.postDir });
    const summary = await prover.init(
      {
        dir: identity.postDir,
        nodeId: this.#id,
        commitmentAtxId: bytesToHex(goldenAtxId),
        numUnits: identity.numUnits,
        labelsPerUnit: String(preset.post.labelsPerUnit),
        scryptN: preset.post.scryptN,
        maxFileSize: String(preset.post.maxFileSizeBytes),
        ...(threads === undefined ? {} : { threads }),
      },
      (p) => this.emit({ event: 'post_init_progress', smesherId: this.#id, labelsDone: p.labelsDone, labelsTotal: p.labelsTotal, etaSeconds: p.etaSeconds }),
    );
    if (summary.nonce === null) throw new ActivationError('LOOP_FAILED', 'PoST init found no VRF nonce');
    const initialPost = await this.prove(identity.postDir, ZERO_CHALLENGE);
    const setup = {
      smesherId: identity.nodeId,
      postDir: identity.postDir,
      commitmentId: goldenAtxId,
      numUnits: identity.numUnits,
      labelsPerUnit: preset.post.labelsPerUnit,
      vrfNonce: Number(summary.nonce),
      initialPost: encode(PostV1, initialPost),
    };
    insertPostSetup(this.deps.local, setup);
    this.emit({ event: 'post_init_done', smesherId: this.#id, numUnits: setup.numUnits, vrfNonce: setup.vrfNonce });
    return setup;
  }

  private async prove(dir: string, challenge: Uint8Array): Promise<PostV1> {
    const { preset, prover, threads } = this.deps;
    const summary = await prover.prove({
      dir,
      challenge: bytesToHex(challenge),
      k1: preset.post.k1,
      k2: preset.post.k2,
      nonces: preset.post.provingNonces,
      powDifficulty: preset.post.powDifficultyHex,
      ...(threads === undefined ? {} : { threads }),
    });
    const { proof } = decodeProofFile(summary.proofFile);
    return { nonce: proof.nonce, indices: proof.indices, pow: proof.pow };
  }

  /** Waits for the build time of the next catchable round, then builds and persists the challenge. */
  private async newChallenge(setup: NonNullable<ReturnType<typeof getPostSetup>>, signal: AbortSignal): Promise<void> {
    const { clock, schedule, preset, state, local, identity, goldenAtxId } = this.deps;
    const target = challengeTarget(schedule, preset.poet.gracePeriodMs, clock.now());
    if (clock.now() < target.buildAtMs) return this.sleepUntil(target.buildAtMs, signal);
    if (this.deps.synced?.() === false) {
      if (!this.#waitingForSync) this.#log.info('waiting for sync before building the next ATX challenge', { publishEpoch: target.publishEpoch });
      this.#waitingForSync = true;
      // Checked often: the challenge may still be built up to the registration deadline, a grace period after buildAt.
      return this.sleepUntil(clock.now() + Math.min(this.deps.timing.layerDurationMs, Math.max(250, preset.poet.gracePeriodMs / 4)), signal);
    }
    this.#waitingForSync = false;
    if (getSignedAtx(local, identity.nodeId, target.publishEpoch) !== undefined) {
      // Already signed for that epoch (an earlier run): never a second one; wait for the round after.
      return this.sleepUntil(target.registerByMs, signal);
    }
    const prev = getLastAtx(state, identity.nodeId);
    const positioning = selectPositioningAtx(getHighestTickAtx(state, target.publishEpoch - 1), prev, goldenAtxId);
    const challenge = buildChallenge({
      publishEpoch: target.publishEpoch,
      prev,
      positioningAtxId: positioning,
      commitmentAtxId: setup.commitmentId,
      initialPost: decode(PostV1, setup.initialPost),
    });
    putChallenge(local, {
      smesherId: identity.nodeId,
      publishEpoch: target.publishEpoch,
      round: target.round,
      challenge: encode(NIPostChallengeV1, challenge),
      challengeHash: challengeHashV1(challenge),
    });
    this.#log.debug('challenge built', { publishEpoch: target.publishEpoch, round: target.round, sequence: challenge.sequence });
  }

  /** Registers the persisted challenge at every PoET before the round starts; a missed round drops the challenge. */
  private async register(challenge: ChallengeRow, signal: AbortSignal): Promise<void> {
    const { clock, schedule, poets, identity, genesisId, local } = this.deps;
    const deadline = roundStartMs(schedule, challenge.round);
    if (clock.now() >= deadline) {
      this.#log.warn('missed the PoET registration window; waiting for the next round', { round: challenge.round });
      clearChallenge(local, identity.nodeId);
      return;
    }
    const submission = signSubmission(identity.signer, genesisId, challenge.challengeHash);
    let registered = 0;
    for (const { id, client } of poets) {
      try {
        const result = await client.submit(submission, signal);
        if (result.round !== challenge.round) {
          this.#log.warn('PoET registered us for another round', { poet: id, round: result.round, expected: challenge.round });
          continue;
        }
        insertRegistration(local, { smesherId: identity.nodeId, poetId: id, challengeHash: challenge.challengeHash, round: result.round, roundEndMs: result.roundEndMs });
        registered++;
        this.emit({ event: 'poet_registered', smesherId: this.#id, poet: id, round: result.round, publishEpoch: challenge.publishEpoch });
      } catch (err) {
        if (signal.aborted) throw err;
        this.#log.warn('PoET registration failed', { poet: id, error: err as Error });
      }
    }
    if (registered === 0) {
      throw new ActivationError('LOOP_FAILED', `no PoET accepted the registration for round ${challenge.round}`);
    }
  }

  /** After the round ends: every registered PoET's proof, checked; the best one is kept (docs/protocol/poet.md §5 step 2). */
  private async fetchProof(challenge: ChallengeRow, signal: AbortSignal): Promise<void> {
    const { clock, poets, identity, local, state, timing, preset } = this.deps;
    const registrations = listRegistrations(local, identity.nodeId);
    const roundEnd = Math.max(...registrations.map((r) => r.roundEndMs));
    if (clock.now() < roundEnd) return this.sleepUntil(roundEnd, signal);
    // docs/protocol/activation.md §2 step 4: the proof must be in by the end of the publish epoch minus the cycle gap.
    const untilMs = epochStartMs(timing, challenge.publishEpoch + 1) - preset.poet.cycleGapMs;
    const pollMs = Math.max(1_000, Math.floor(preset.poet.cycleGapMs / 60));
    const checked: CheckedProof[] = [];
    const pending = registrations.flatMap((r) => {
      const poet = poets.find((p) => p.id === r.poetId);
      if (poet === undefined) this.#log.warn('registered at a PoET that is no longer configured', { poet: r.poetId });
      return poet === undefined ? [] : [{ id: poet.id, client: poet.client, round: r.round }];
    });
    while (pending.length > 0) {
      for (const entry of [...pending]) {
        try {
          const response = await entry.client.proof(entry.round, signal);
          if (response === undefined) continue;
          checked.push(checkProofResponse(entry.id, entry.round, response, challenge.challengeHash));
        } catch (err) {
          if (signal.aborted) throw err;
          this.#log.warn('PoET proof refused', { poet: entry.id, round: entry.round, error: err as Error });
        }
        pending.splice(pending.indexOf(entry), 1);
      }
      if (pending.length === 0) break;
      if (clock.now() + pollMs > untilMs) break;
      await this.sleepUntil(clock.now() + pollMs, signal);
    }
    const best = pickBestProof(checked);
    if (best === undefined) {
      this.#log.warn('no usable PoET proof; this epoch is lost', { round: challenge.round, publishEpoch: challenge.publishEpoch });
      clearChallenge(local, identity.nodeId);
      return;
    }
    // The proof goes to network state first: the ATX handler validates the membership against it.
    insertPoetProof(state, {
      ref: best.ref,
      serviceId: utf8(best.poet),
      round: best.round,
      statement: best.statement,
      leafCount: best.proof.leafCount,
      proof: encodePoetProof(best.proof),
    });
    putNipost(local, {
      smesherId: identity.nodeId,
      publishEpoch: challenge.publishEpoch,
      poetRef: best.ref,
      leafCount: best.proof.leafCount,
      membership: encode(MerkleProofV1, { nodes: [...best.membership.nodes], leafIndex: BigInt(best.membership.leafIndex) }),
      post: null,
    });
    this.emit({ event: 'poet_proof', smesherId: this.#id, poet: best.poet, round: best.round, leafCount: best.proof.leafCount, publishEpoch: challenge.publishEpoch });
  }

  /** PoST over the PoetProofRef (docs/protocol/activation.md §2 step 5), persisted into the NIPoST. */
  private async provePost(challenge: ChallengeRow, ref: Uint8Array, signal: AbortSignal): Promise<void> {
    const { local, identity, timing } = this.deps;
    if (this.deps.clock.now() >= epochStartMs(timing, challenge.publishEpoch + 1)) {
      this.#log.warn('publish epoch ended before the PoST; this epoch is lost', { publishEpoch: challenge.publishEpoch });
      clearChallenge(local, identity.nodeId);
      return;
    }
    const setup = getPostSetup(local, identity.nodeId)!;
    const post = await this.prove(setup.postDir, ref);
    if (signal.aborted) throw abortReason(signal);
    const nipost = getNipost(local, identity.nodeId)!;
    putNipost(local, { ...nipost, post: encode(PostV1, post) });
    this.emit({ event: 'post_proof', smesherId: this.#id, publishEpoch: challenge.publishEpoch });
  }

  /** Builds and signs the ATX and records it in signed_atxs before it can leave the node. */
  private async signAtx(challengeRow: ChallengeRow, setup: NonNullable<ReturnType<typeof getPostSetup>>, signal: AbortSignal): Promise<void> {
    const { local, identity } = this.deps;
    const nipost = getNipost(local, identity.nodeId)!;
    const challenge = decode(NIPostChallengeV1, challengeRow.challenge);
    const initial = challenge.prevAtxId.every((b, i) => b === EMPTY_ID[i]);
    const inner: InnerActivationTxV1 = {
      challenge,
      coinbase: identity.coinbase,
      numUnits: setup.numUnits,
      nipost: {
        membership: decode(MerkleProofV1, nipost.membership),
        post: decode(PostV1, nipost.post!),
        postMetadata: { challenge: nipost.poetRef, labelsPerUnit: BigInt(setup.labelsPerUnit) },
      },
      nodeId: initial ? identity.nodeId : null,
      vrfNonce: initial ? BigInt(setup.vrfNonce) : null,
    };
    const signature = identity.signer.sign(SigningDomain.ATX, atxSignedBytesV1(inner));
    const blob = encode(ActivationTxV1, { inner, smesherId: identity.nodeId, signature });
    const inserted = local.transaction(() => {
      if (getSignedAtx(local, identity.nodeId, challengeRow.publishEpoch) !== undefined) return false;
      insertSignedAtx(local, { smesherId: identity.nodeId, publishEpoch: challengeRow.publishEpoch, atxId: atxIdV1(inner), blob });
      return true;
    })();
    if (!inserted) {
      // Signed in an earlier run already: that one is published, this one is dropped unsent.
      this.#log.warn('an ATX for this epoch was signed before; not signing another', { publishEpoch: challengeRow.publishEpoch });
      clearChallenge(local, identity.nodeId);
      return;
    }
    await this.publish(challengeRow.publishEpoch, blob, signal);
  }

  /** Publishes a persisted ATX once its publish epoch has begun, then clears the challenge it answered. */
  private async publish(publishEpoch: number, blob: Uint8Array, signal: AbortSignal): Promise<void> {
    const { clock, timing, publisher, local, identity } = this.deps;
    const opens = epochStartMs(timing, publishEpoch);
    if (clock.now() < opens) return this.sleepUntil(opens, signal);
    await publisher.publishAtx(blob);
    local.transaction(() => {
      markAtxPublished(local, identity.nodeId, publishEpoch, clock.now());
      if (getChallenge(local, identity.nodeId)?.publishEpoch === publishEpoch) clearChallenge(local, identity.nodeId);
    })();
    const atx = decode(ActivationTxV1, blob);
    const row = getLastAtx(this.deps.state, identity.nodeId);
    this.emit({
      event: 'atx_published',
      smesherId: this.#id,
      atxId: bytesToHex(atxIdV1(atx.inner)),
      publishEpoch,
      targetEpoch: publishEpoch + 1,
      numUnits: atx.inner.numUnits,
      weight: row?.publishEpoch === publishEpoch ? row.weight : 0,
    });
  }

  private emit(event: ActivationEvent): void {
    this.deps.onEvent(event);
  }
}
