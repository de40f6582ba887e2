/**
 * The PoET service: registrations for the open round, and the round loop that closes each round at its start,
 * runs the sequential work over its membership root until its end, and stores the proof (docs/protocol/poet.md §1–4).
 * A round interrupted by a crash or a stop continues from its last checkpoint on the next start and still yields a
 * valid proof. The work itself runs in a worker thread by default (roundRunner.ts). Transport-free: http.ts serves
 * it over REST, embedded.ts runs it inside the node. I/O.
 *
 * ```
 *  genesis+phaseShift   start(k)            end(k)        start(k+1)
 *  ──────┬──────────────────┬──────────────────┬──────────────┬──────▶ time
 *        │ register for k   │ execute k (PoSW) │ cycle gap    │ execute k+1
 *        │                  │ register for k+1 ─────────────▶ │
 * ```
 * @module
 */
import { EventEmitter } from 'node:events';
import { verifyEd25519 } from '../crypto/ed25519.js';
import { abytes } from '../util/assert.js';
import { concatBytes, equalBytes } from '../util/bytes.js';
import { type Clock, abortReason } from '../util/clock.js';
import { type Logger, nullLogger } from '../util/logger.js';
import { PoetError } from './errors.js';
import { NODE_SIZE } from './hash.js';
import { membershipRoot } from './membership.js';
import { Registry } from './registry.js';
import { inlineRoundRunner, workerRoundRunner } from './roundRunner.js';
import { type RoundProof, RoundStore } from './roundStore.js';
import { type RoundSchedule, openRoundId, roundEndMs, roundStartMs, validateSchedule } from './schedule.js';
import { loadServiceKey } from './serviceKey.js';

/** The signing domain byte of PoET registrations (go-spacemesh `signing.POET`). */
const POET_DOMAIN = 4;
const GENESIS_ID_LENGTH = 20;
const MAX_PREFIX_BYTES = 64;

export interface PoetServiceOptions {
  readonly dataDir: string;
  readonly schedule: RoundSchedule;
  readonly clock: Clock;
  readonly logger?: Logger;
  /** When given, a registration's prefix must be `genesisId || 0x04`; otherwise any prefix up to 64 bytes (as poet). */
  readonly genesisId?: Uint8Array;
  /** Registrations per round (default 100,000). */
  readonly maxMembers?: number;
  /** Tree layers below this height live in files (default 20); the layers above hold 1/2^19 of the leaves' bytes. */
  readonly memoryFromHeight?: number;
  /** Leaves between checkpoints (default 1024: about half a second of work). */
  readonly checkpointEveryLeaves?: number;
  /** Where the sequential work runs: a worker thread (default) or this thread in slices (roundRunner.ts). */
  readonly runner?: 'worker' | 'inline';
  /**
   * The pace: at most this many leaves a round (never fewer than T). The work stops there and the proof waits for
   * the round's end, so a PoET embedded in a desktop node hashes for a moment a round instead of the whole round.
   * 0 or absent (`smesher poet serve`): full speed until the round's end. Every member's ticks come from the
   * proof's leaf count alone, so a bound changes every weight alike and nothing else.
   */
  readonly maxLeavesPerRound?: number;
}

/** A registration as the REST layer hands it over, lengths already checked. */
export interface Submission {
  readonly challenge: Uint8Array;
  /** The smesher's node id: its ed25519 public key. */
  readonly nodeId: Uint8Array;
  readonly prefix: Uint8Array;
  readonly signature: Uint8Array;
  /** Refuse when the open round ends after this time (ms); none when absent. */
  readonly deadlineMs?: number;
}

export interface SubmitResult {
  readonly round: number;
  readonly roundEndMs: number;
  readonly outcome: 'registered' | 'already-registered';
}

export interface ServiceInfo {
  readonly servicePubkey: Uint8Array;
  readonly phaseShiftMs: number;
  readonly cycleGapMs: number;
  readonly openRound: number;
}

/** Events a caller (the node's timeline, tests) can follow. */
export interface PoetServiceEvents {
  roundStarted: [{ round: number; members: number; resumedFromLeaf: number }];
  roundFinished: [{ round: number; leafCount: number; cpuMs: number | undefined }];
  roundSkipped: [{ round: number }];
  failed: [{ round: number; error: Error }];
}

export class PoetService extends EventEmitter<PoetServiceEvents> {
  private readonly store: RoundStore;
  private readonly registry: Registry;
  private readonly log: Logger;
  private readonly expectedPrefix: Uint8Array | undefined;
  private abort: AbortController | undefined;
  private loop: Promise<void> | undefined;

  private constructor(
    private readonly options: PoetServiceOptions,
    readonly publicKey: Uint8Array,
  ) {
    super();
    this.store = new RoundStore(options.dataDir);
    this.registry = new Registry(this.store, options.maxMembers ?? 100_000);
    this.log = (options.logger ?? nullLogger).child({ module: 'poet' });
    if (options.genesisId !== undefined) {
      abytes(options.genesisId, GENESIS_ID_LENGTH, 'genesisId');
      this.expectedPrefix = concatBytes(options.genesisId, Uint8Array.of(POET_DOMAIN));
    }
  }

  /**
   * Opens the service's data directory (creating its key on first use). Call {@link start} to run rounds.
   * @throws {TypeError | RangeError} on a bad schedule; {PoetError} BAD_STATE on a damaged key file
   */
  static async open(options: PoetServiceOptions): Promise<PoetService> {
    validateSchedule(options.schedule);
    return new PoetService(options, await loadServiceKey(options.dataDir));
  }

  /** Public facts for `/v1/info`. */
  info(): ServiceInfo {
    const { schedule, clock } = this.options;
    return {
      servicePubkey: this.publicKey,
      phaseShiftMs: schedule.phaseShiftMs,
      cycleGapMs: schedule.cycleGapMs,
      openRound: openRoundId(schedule, clock.now()),
    };
  }

  /**
   * Registers a challenge for the open round (docs/protocol/poet.md §2 checks, in order: prefix, signature over
   * `prefix || challenge`, deadline, one challenge per node id).
   * @throws {PoetError} BAD_REQUEST, WRONG_PREFIX, INVALID_SIGNATURE, TOO_LATE, ALREADY_REGISTERED, ROUND_FULL; the
   *   fs error when it cannot be persisted. Nothing changes when it throws.
   */
  async submit(submission: Submission): Promise<SubmitResult> {
    const { challenge, nodeId, prefix, signature, deadlineMs } = submission;
    checkLength(challenge, NODE_SIZE, 'challenge');
    checkLength(nodeId, 32, 'pubkey');
    checkLength(signature, 64, 'signature');
    if (!(prefix instanceof Uint8Array) || prefix.length > MAX_PREFIX_BYTES) {
      throw new PoetError('BAD_REQUEST', `prefix: at most ${MAX_PREFIX_BYTES} bytes`);
    }
    if (this.expectedPrefix !== undefined && !equalBytes(prefix, this.expectedPrefix)) {
      throw new PoetError('WRONG_PREFIX', 'prefix is not GenesisID || 0x04 of this network');
    }
    if (!verifyEd25519(nodeId, concatBytes(prefix, challenge), signature)) {
      throw new PoetError('INVALID_SIGNATURE', 'signature does not verify over prefix || challenge');
    }
    const { schedule, clock } = this.options;
    const round = openRoundId(schedule, clock.now());
    const endMs = roundEndMs(schedule, round);
    if (deadlineMs !== undefined && endMs > deadlineMs) {
      throw new PoetError('TOO_LATE', `open round ${round} ends after the deadline`, {
        round,
        roundEnd: new Date(endMs).toISOString(),
      });
    }
    const outcome = await this.registry.register(round, { nodeId, challenge });
    this.log.debug('registered', { round, nodeId, outcome });
    return { round, roundEndMs: endMs, outcome };
  }

  /**
   * The proof of a finished round.
   * @throws {PoetError} NOT_FOUND when the round is unknown, still running, or had no members
   */
  async proof(round: number): Promise<RoundProof> {
    const found = Number.isSafeInteger(round) && round >= 0 ? await this.store.readProof(round) : undefined;
    if (found === undefined) throw new PoetError('NOT_FOUND', `no proof for round ${round}`);
    return found;
  }

  /** Starts the round loop (idempotent). Failures are logged and emitted as `failed`; the loop goes on. */
  start(): void {
    if (this.loop !== undefined) return;
    this.abort = new AbortController();
    const signal = this.abort.signal;
    this.loop = this.run(signal).catch((err: unknown) => {
      if (!signal.aborted) this.log.error('round loop stopped', { error: err as Error });
    });
  }

  /** Stops the round loop; an executing round writes a checkpoint first, so the next start continues it. */
  async stop(): Promise<void> {
    this.abort?.abort(new PoetError('STOPPED', 'PoET service stopped'));
    await this.loop;
    this.loop = undefined;
    this.abort = undefined;
  }

  private async run(signal: AbortSignal): Promise<void> {
    const { schedule, clock } = this.options;
    const open = openRoundId(schedule, clock.now());
    // Rounds whose start passed while we were down: finish them (from their checkpoint when one exists).
    for (const round of await this.store.listRounds()) {
      if (round >= open) continue;
      if ((await this.store.readProof(round)) === undefined) await this.executeSafely(round, signal);
      // A crash between writing a proof and deleting the tree leaves the tree files behind.
      else await this.store.removeTree(round);
    }
    for (let round = open; ; round++) {
      await clock.sleepUntil(roundStartMs(schedule, round), signal);
      await this.executeSafely(round, signal);
    }
  }

  private async executeSafely(round: number, signal: AbortSignal): Promise<void> {
    try {
      await this.execute(round, signal);
    } catch (err) {
      if (signal.aborted) throw abortReason(signal);
      this.log.error('round failed', { round, error: err as Error });
      this.emit('failed', { round, error: err as Error });
    }
  }

  private async execute(round: number, signal: AbortSignal): Promise<void> {
    const { schedule, clock } = this.options;
    const members = await this.registry.close(round);
    if (members.length === 0) {
      this.log.info('round has no members: nothing to prove', { round });
      this.emit('roundSkipped', { round });
      return;
    }
    const challenges = members.map((m) => m.challenge);
    const statement = membershipRoot(challenges);
    const previous = await this.store.readExecution(round);
    const resumeFrom = previous !== undefined && equalBytes(previous.statement, statement) ? previous.leafCount : 0;
    if (previous !== undefined && resumeFrom === 0 && previous.leafCount > 0) {
      this.log.warn('checkpoint statement differs from members: restarting the round', { round });
    }
    if (previous === undefined || resumeFrom === 0) await this.store.writeExecution(round, { statement, leafCount: 0 });
    this.log.info(resumeFrom > 0 ? 'resuming round' : 'round started', {
      round,
      members: members.length,
      fromLeaf: resumeFrom,
      end: new Date(roundEndMs(schedule, round)).toISOString(),
    });
    this.emit('roundStarted', { round, members: members.length, resumedFromLeaf: resumeFrom });
    const runner = this.options.runner === 'inline' ? inlineRoundRunner : workerRoundRunner;
    const { proof, cpuMs } = await runner.run(
      {
        dataDir: this.options.dataDir,
        round,
        statement,
        resumeFrom,
        memoryFromHeight: this.options.memoryFromHeight ?? 20,
        checkpointEveryLeaves: this.options.checkpointEveryLeaves ?? 1024,
        maxLeaves: this.options.maxLeavesPerRound ?? 0,
      },
      { clock, endMs: roundEndMs(schedule, round), signal },
    );
    // A paced round's work ends early; its proof is the round's and is published only once the round has ended.
    await clock.sleepUntil(roundEndMs(schedule, round), signal);
    this.log.info('round finished', { round, leaves: proof.leafCount, ...(cpuMs === undefined ? {} : { cpuMs }) });
    await this.store.writeProof({ round, statement, proof, members: challenges });
    await this.store.removeTree(round);
    this.registry.forget(round);
    this.emit('roundFinished', { round, leafCount: proof.leafCount, cpuMs });
  }
}

function checkLength(value: unknown, length: number, name: string): void {
  if (!(value instanceof Uint8Array) || value.length !== length) {
    throw new PoetError('BAD_REQUEST', `${name}: expected ${length} bytes`);
  }
}
