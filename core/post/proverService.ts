/**
 * Executes prover requests: turns the JSON-safe {@link InitRequest}/{@link ProveRequest} into calls of
 * {@link initialize} and {@link generateProof}, with one {@link JobControl} per running job so pause, resume and
 * cancel reach them all. Shared by the in-process prover and the child-process entry. I/O: through the functions it calls.
 * @module
 */
import { JobControl } from './control.js';
import { PostError } from './errors.js';
import { initialize } from './initialize.js';
import type { InitRequest, InitSummary, ProveRequest, ProveSummary } from './prover.js';
import type { InitProgress } from './progress.js';
import { generateProof, type ProveProgress } from './prove.js';
import { encodeProofFile } from './proof.js';
import { hexToBytes } from '../util/bytes.js';
import { nullLogger, type Logger } from '../util/logger.js';

export interface ProverService {
  init(request: InitRequest, onProgress?: (progress: InitProgress) => void): Promise<InitSummary>;
  prove(request: ProveRequest, onProgress?: (progress: ProveProgress) => void): Promise<ProveSummary>;
  /** Pauses the running jobs and those started until {@link resumeAll}. */
  pauseAll(): void;
  resumeAll(): void;
  cancelAll(): void;
}

function bytesArg(hex: unknown, length: number, field: string): Uint8Array {
  try {
    return hexToBytes(hex, length, field);
  } catch (err) {
    throw new PostError('BAD_PARAMS', (err as Error).message, { field });
  }
}

function u64Arg(value: unknown, field: string): bigint {
  if (typeof value !== 'string' || !/^\d{1,20}$/.test(value)) throw new PostError('BAD_PARAMS', `${field} must be a decimal string`, { field });
  return BigInt(value);
}

/** Creates a service; `logger` receives the jobs' logs. */
export function createProverService(logger: Logger = nullLogger): ProverService {
  const running = new Set<JobControl>();
  let paused = false;
  const track = async <T>(fn: (control: JobControl) => Promise<T>): Promise<T> => {
    const control = new JobControl();
    if (paused) control.pause();
    running.add(control);
    try {
      return await fn(control);
    } finally {
      running.delete(control);
    }
  };
  return {
    init: (r, onProgress) =>
      track(async (control) => {
        const { metadata, labelsComputed } = await initialize({
          dir: r.dir,
          nodeId: bytesArg(r.nodeId, 32, 'nodeId'),
          commitmentAtxId: bytesArg(r.commitmentAtxId, 32, 'commitmentAtxId'),
          numUnits: r.numUnits,
          labelsPerUnit: u64Arg(r.labelsPerUnit, 'labelsPerUnit'),
          scryptN: r.scryptN,
          ...(r.maxFileSize === undefined ? {} : { maxFileSize: u64Arg(r.maxFileSize, 'maxFileSize') }),
          ...(r.threads === undefined ? {} : { threads: r.threads }),
          ...(r.fromFile === undefined ? {} : { fromFile: r.fromFile }),
          ...(r.toFile === undefined ? {} : { toFile: r.toFile }),
          ...(onProgress === undefined ? {} : { onProgress }),
          control,
          logger,
        });
        return { nonce: metadata.nonce?.toString() ?? null, labelsComputed };
      }),
    prove: (r, onProgress) =>
      track(async (control) => {
        const result = await generateProof({
          dir: r.dir,
          challenge: bytesArg(r.challenge, 32, 'challenge'),
          k1: r.k1,
          k2: r.k2,
          powDifficulty: bytesArg(r.powDifficulty, 32, 'powDifficulty'),
          ...(r.nonces === undefined ? {} : { nonces: r.nonces }),
          ...(r.threads === undefined ? {} : { threads: r.threads }),
          ...(onProgress === undefined ? {} : { onProgress }),
          control,
          logger,
        });
        return { proofFile: encodeProofFile(result.proof, result.metadata), nonce: result.proof.nonce, indices: result.indices.map(String) };
      }),
    pauseAll() {
      paused = true;
      for (const control of running) control.pause();
    },
    resumeAll() {
      paused = false;
      for (const control of running) control.resume();
    },
    cancelAll() {
      for (const control of running) control.cancel();
    },
  };
}
