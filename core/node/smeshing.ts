/**
 * Run-time smeshing control (issue #8): start, pause, resume and stop the node's identities while it runs, so the
 * app's setup wizard can start smeshing without a restart. Start loads (or creates) one identity per units entry,
 * runs one prover and one {@link SmesherLoop} per identity and tells consensus about them; pause aborts the loops
 * and closes the provers but keeps the identities (both are resumable: PoST init continues from its files, the
 * loop is a persisted state machine in local.sql); stop also forgets the setup. Every change is written to
 * `smeshing.json` first (core/node/smeshingConfig.ts), so a refused write changes nothing and a restart continues as
 * the user left it. Each identity's PoS folder is locked (core/post/posData.ts) from start (or restore) until stop or
 * close, paused or not: no second process inits or proves on it meanwhile. Operations run one at a time. I/O.
 * @module
 */
import { accessSync, constants, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SmesherLoop } from '../activation/driver.js';
import { type Identity, loadIdentities } from '../activation/identities.js';
import { getPostSetup } from '../activation/localStore.js';
import type { Executor } from '../db/index.js';
import type { Preset } from '../params/types.js';
import { lockPosDir } from '../post/posData.js';
import type { Prover } from '../post/prover.js';
import { bytesToHex } from '../util/bytes.js';
import { CodedError, errorMessage } from '../util/errors.js';
import { type FileLock, LockError } from '../util/lockFile.js';
import type { Logger } from '../util/logger.js';
import { NodeError } from './dataDir.js';
import { type SmeshingConfig, readSmeshingConfig, removeSmeshingConfig, writeSmeshingConfig } from './smeshingConfig.js';

export type SmeshingErrorCode =
  /** start while a setup is active (running or paused): stop first. */
  | 'ALREADY_SMESHING'
  /** pause, resume or stop without a setup. */
  | 'NOT_SMESHING'
  | 'ALREADY_PAUSED'
  | 'NOT_PAUSED'
  /** A units entry outside the preset's range, or none at all. */
  | 'BAD_UNITS'
  /** The PoS folder cannot be created or written. */
  | 'POST_DIR_UNWRITABLE'
  /** An identity was initialised with another folder or size (local.sql post setup): its data would not be found. */
  | 'SETUP_MISMATCH'
  /** Another process (or another node in this one) holds an identity's PoS folder. */
  | 'POST_DIR_LOCKED'
  /** The setup could not be saved. */
  | 'CONFIG_WRITE_FAILED'
  | 'CLOSED';

export class SmeshingError extends CodedError<SmeshingErrorCode> {}

export interface SmeshingStartOptions {
  /** PoS data goes to `<postDir>/post-<i>` for identity i. */
  readonly postDir: string;
  /** One identity per entry, with that many space units. */
  readonly units: readonly number[];
  readonly threads?: number;
  /** Rewards address for every identity; default: each identity's own wallet address. */
  readonly coinbase?: Uint8Array;
}

/** A loop's state, or `paused` while the user holds smeshing. */
export type IdentityState = SmesherLoop['state'] | 'paused';

export interface SmeshingControllerDeps {
  readonly preset: Preset;
  readonly local: Executor;
  /** `<network-dir>/identities`. */
  readonly keyDir: string;
  readonly genesisId: Uint8Array;
  /** `<network-dir>/smeshing.json`. */
  readonly configPath: string;
  readonly proverFactory: () => Prover;
  /** Builds the loop of one identity (the node supplies databases, PoETs, clock, publisher). */
  makeLoop(identity: Identity, prover: Prover, threads: number | undefined): SmesherLoop;
  /** Consensus, told which identities propose and vote (absent where the preset runs none). */
  readonly consensus?: { setIdentities(identities: readonly Identity[]): void } | undefined;
  readonly logger: Logger;
  /** Called after every change of the setup (start, pause, resume, stop), for status pushes. */
  readonly onChange?: () => void;
}

interface Run {
  readonly loop: SmesherLoop;
  readonly prover: Prover;
  readonly abort: AbortController;
  readonly done: Promise<void>;
}

export class SmeshingController {
  readonly #deps: SmeshingControllerDeps;
  readonly #log: Logger;
  #config: SmeshingConfig | undefined;
  #identities: Identity[] = [];
  /** One per identity while running; the last loops stay for their state until the next start. */
  #runs: Run[] = [];
  /** The PoS folder locks of the active setup's identities. */
  #locks: FileLock[] = [];
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(deps: SmeshingControllerDeps) {
    this.#deps = deps;
    this.#log = deps.logger.child({ module: 'smeshing' });
  }

  /** The active setup (running or paused), or undefined. */
  get config(): SmeshingConfig | undefined {
    return this.#config;
  }

  get identities(): readonly Identity[] {
    return this.#identities;
  }

  /** Each identity with its loop's state (`paused` while paused). */
  states(): Array<{ identity: Identity; state: IdentityState; error: CodedError | undefined }> {
    const paused = this.#config?.paused ?? false;
    return this.#identities.map((identity, i) => {
      const loop = this.#runs[i]?.loop;
      if (paused || loop === undefined) return { identity, state: 'paused', error: undefined };
      return { identity, state: loop.state, error: loop.error };
    });
  }

  /** True when no loop is computing (waiting on the clock, paused or stopped). */
  isIdle(): boolean {
    return this.#config?.paused !== false || this.#runs.every(({ loop }) => loop.state !== 'working');
  }

  /**
   * Takes up the setup at node start: the one given on the command line (saved, so it also holds for later starts),
   * else the saved one. Loops start on the next turn of the event loop, after the caller subscribed to events.
   * @throws {NodeError} BAD_OPTIONS for a bad saved file or units outside the preset; {ActivationError} for a bad
   *   key file; {SmeshingError} POST_DIR_LOCKED when another process holds a PoS folder; the file system's error
   *   when the flags' setup cannot be saved
   */
  async restore(flags: SmeshingStartOptions | undefined): Promise<void> {
    let config: SmeshingConfig | undefined;
    if (flags !== undefined) {
      // The flags win over the saved setup (and replace it, paused or not), so later starts without them agree.
      config = { ...flags, paused: false };
      await writeSmeshingConfig(this.#deps.configPath, config);
    } else {
      config = readSmeshingConfig(this.#deps.configPath);
    }
    if (config === undefined) return;
    const unitsError = checkUnits(this.#deps.preset, config.units);
    if (unitsError !== undefined) throw new NodeError('BAD_OPTIONS', unitsError);
    const identities = this.#load(config);
    this.#locks = lockFolders(identities);
    this.#identities = identities;
    this.#config = config;
    this.#deps.consensus?.setIdentities(this.#identities);
    if (!config.paused) this.#launch(config);
    this.#log.info(config.paused ? 'smeshing paused (as left)' : 'smeshing', { identities: this.#identities.length, postDir: config.postDir });
  }

  /**
   * Starts smeshing with a new setup.
   * @throws {SmeshingError} ALREADY_SMESHING, BAD_UNITS, POST_DIR_UNWRITABLE, SETUP_MISMATCH, POST_DIR_LOCKED,
   *   CONFIG_WRITE_FAILED, CLOSED; {ActivationError} IDENTITY_INVALID for a bad key file. Nothing changes then.
   */
  start(options: SmeshingStartOptions): Promise<void> {
    return this.#serial(async () => {
      if (this.#config !== undefined) throw new SmeshingError('ALREADY_SMESHING', 'smeshing is already set up; stop it before starting with another setup');
      const unitsError = checkUnits(this.#deps.preset, options.units);
      if (unitsError !== undefined) throw new SmeshingError('BAD_UNITS', unitsError);
      // Saved absolute: the node's working directory may differ at the next start.
      const postDir = resolve(options.postDir);
      checkWritable(postDir);
      const config: SmeshingConfig = { ...options, postDir, paused: false };
      const identities = this.#load(config);
      for (const identity of identities) checkSetup(this.#deps.local, identity);
      const locks = lockFolders(identities);
      try {
        await this.#save(config);
      } catch (err) {
        for (const lock of locks) lock.release();
        throw err;
      }
      this.#locks = locks;
      this.#config = config;
      this.#identities = identities;
      this.#deps.consensus?.setIdentities(identities);
      this.#launch(config);
      this.#log.info('smeshing started', { identities: identities.length, postDir: config.postDir, units: config.units });
    });
  }

  /** Stops the loops and provers, keeping the identities. @throws {SmeshingError} NOT_SMESHING, ALREADY_PAUSED, CONFIG_WRITE_FAILED, CLOSED */
  pause(): Promise<void> {
    return this.#serial(async () => {
      const config = this.#config;
      if (config === undefined) throw new SmeshingError('NOT_SMESHING', 'the node is not smeshing');
      if (config.paused) throw new SmeshingError('ALREADY_PAUSED', 'smeshing is already paused');
      const next = { ...config, paused: true };
      await this.#save(next);
      this.#config = next;
      await this.#halt();
      this.#log.info('smeshing paused');
    });
  }

  /** Runs the loops again. @throws {SmeshingError} NOT_SMESHING, NOT_PAUSED, CONFIG_WRITE_FAILED, CLOSED */
  resume(): Promise<void> {
    return this.#serial(async () => {
      const config = this.#config;
      if (config === undefined) throw new SmeshingError('NOT_SMESHING', 'the node is not smeshing');
      if (!config.paused) throw new SmeshingError('NOT_PAUSED', 'smeshing is not paused');
      const next = { ...config, paused: false };
      await this.#save(next);
      this.#config = next;
      this.#launch(next);
      this.#log.info('smeshing resumed');
    });
  }

  /**
   * Stops smeshing and forgets the setup (the PoS data and keys stay; `smeshing.deleteData` removes the data).
   * @throws {SmeshingError} NOT_SMESHING, CLOSED
   */
  stop(): Promise<void> {
    return this.#serial(async () => {
      if (this.#config === undefined) throw new SmeshingError('NOT_SMESHING', 'the node is not smeshing');
      removeSmeshingConfig(this.#deps.configPath);
      this.#config = undefined;
      this.#identities = [];
      this.#deps.consensus?.setIdentities([]);
      await this.#halt();
      this.#runs = [];
      this.#releaseLocks();
      this.#log.info('smeshing stopped');
    });
  }

  /** Resolves once every operation queued so far (start, pause, resume, stop) has finished, whatever its outcome. */
  settled(): Promise<void> {
    return this.#queue.then(
      () => {},
      () => {},
    );
  }

  /** Stops the loops and provers for good (node shutdown); the setup stays saved. Idempotent. */
  close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      // Aborting now makes shutdown prompt; the halt queued behind an operation in flight (a start that is about to
      // launch its loops) also stops what that one starts. Operations queued later see CLOSED.
      for (const run of this.#runs) run.abort.abort(new NodeError('CLOSED', 'node closed'));
      this.#queue = this.#queue
        .catch(() => {})
        .then(() => this.#halt())
        .finally(() => this.#releaseLocks());
    }
    return this.#queue.then(
      () => {},
      () => {},
    );
  }

  #serial<T>(op: () => Promise<T>): Promise<T> {
    const result = this.#queue.catch(() => {}).then(() => {
      if (this.#closed) throw new SmeshingError('CLOSED', 'the node is shutting down');
      return op();
    });
    this.#queue = result;
    const { onChange } = this.#deps;
    if (onChange !== undefined) void result.then(() => onChange(), () => {});
    return result;
  }

  #load(config: SmeshingConfig): Identity[] {
    return loadIdentities({
      keyDir: this.#deps.keyDir,
      postDir: config.postDir,
      units: config.units,
      genesisId: this.#deps.genesisId,
      ...(config.coinbase === undefined ? {} : { coinbase: config.coinbase }),
    });
  }

  async #save(config: SmeshingConfig): Promise<void> {
    try {
      await writeSmeshingConfig(this.#deps.configPath, config);
    } catch (err) {
      throw new SmeshingError('CONFIG_WRITE_FAILED', `cannot save the smeshing setup: ${errorMessage(err)}`);
    }
  }

  #launch(config: SmeshingConfig): void {
    this.#runs = this.#identities.map((identity) => {
      const prover = this.#deps.proverFactory();
      const loop = this.#deps.makeLoop(identity, prover, config.threads);
      const abort = new AbortController();
      const done = new Promise<void>((resolve) => setImmediate(resolve))
        .then(() => (abort.signal.aborted ? undefined : loop.run(abort.signal)))
        .catch((err: unknown) => this.#log.error('smeshing loop ended unexpectedly', { smesherId: bytesToHex(identity.nodeId), error: errorMessage(err) }));
      return { loop, prover, abort, done };
    });
  }

  #releaseLocks(): void {
    for (const lock of this.#locks.splice(0)) lock.release();
  }

  /** Aborts the running loops, cancels their provers' jobs and waits for both. Loops stay for their last state. */
  async #halt(): Promise<void> {
    const runs = this.#runs;
    for (const run of runs) if (!run.abort.signal.aborted) run.abort.abort(new NodeError('CLOSED', 'smeshing paused'));
    await Promise.all(runs.map((r) => r.prover.cancel().catch(() => {})));
    await Promise.all(runs.map((r) => r.done));
    await Promise.all(runs.map((r) => r.prover.close().catch(() => {})));
  }
}

/** The units' problem in words, or undefined when every entry is in the preset's range. */
export function checkUnits(preset: Preset, units: readonly number[]): string | undefined {
  if (units.length === 0) return 'smeshing needs at least one identity (units)';
  for (const u of units) {
    if (!Number.isSafeInteger(u) || u < preset.post.minUnits || u > preset.post.maxUnits) {
      return `units must be ${preset.post.minUnits}..${preset.post.maxUnits} in preset ${preset.name}, got ${u}`;
    }
  }
  return undefined;
}

function checkWritable(postDir: string): void {
  try {
    mkdirSync(postDir, { recursive: true });
    accessSync(postDir, constants.W_OK);
  } catch (err) {
    throw new SmeshingError('POST_DIR_UNWRITABLE', `cannot write to ${postDir}: ${errorMessage(err)}`, { postDir });
  }
}

/**
 * Locks every identity's PoS folder, all or none.
 * @throws {SmeshingError} POST_DIR_LOCKED naming the holder; the file system's error
 */
function lockFolders(identities: readonly Identity[]): FileLock[] {
  const locks: FileLock[] = [];
  try {
    for (const identity of identities) locks.push(lockPosDir(identity.postDir, 'a Smesher node'));
  } catch (err) {
    for (const lock of locks) lock.release();
    if (err instanceof LockError) throw new SmeshingError('POST_DIR_LOCKED', err.message, err.meta);
    throw err;
  }
  return locks;
}

function checkSetup(local: Executor, identity: Identity): void {
  const setup = getPostSetup(local, identity.nodeId);
  if (setup === undefined) return;
  if (setup.postDir !== identity.postDir || setup.numUnits !== identity.numUnits) {
    throw new SmeshingError(
      'SETUP_MISMATCH',
      `identity ${identity.index} was initialised in ${setup.postDir} with ${setup.numUnits} units; start it with the same folder and units`,
      { identity: identity.index },
    );
  }
}
