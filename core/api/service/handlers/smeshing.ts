/**
 * The `smeshing.*` methods: the setup wizard's options (unit sizes, free space per folder, CPU threads), the quick
 * benchmark (one at a time), the activation plan, progress, and the start/pause/resume/stop/delete controls, which need a host
 * that offers {@link SmeshingControl} (NOT_AVAILABLE otherwise; the node's controller passes its codes through:
 * ALREADY_SMESHING, NOT_SMESHING, ALREADY_PAUSED, NOT_PAUSED, POST_DIR_UNWRITABLE, SETUP_MISMATCH, ...). I/O through
 * its ports.
 * @module
 */
import { availableParallelism } from 'node:os';
import { planActivation } from '../../../activation/plan.js';
import { type BenchmarkResult, quickBenchmark } from '../../../post/benchmark.js';
import { PostError } from '../../../post/errors.js';
import { folderSpace } from '../../../post/folderSpace.js';
import { proposedPostFolder } from '../../../post/proposeFolder.js';
import { LABEL_SIZE } from '../../../post/labelInput.js';
import { deletePosData } from '../../../post/posData.js';
import { decodeAddress } from '../../../types/address.js';
import { bytesToHex } from '../../../util/bytes.js';
import type { ActivityLog } from '../activity.js';
import type { Handlers } from '../dispatch.js';
import { ApiRequestError, notAvailable } from '../errors.js';
import type { ApiDeps, SmeshingControl } from '../interface.js';
import { nodeStatus } from './node.js';

type SmeshingHandlers = Pick<
  Handlers,
  | 'smeshing.options'
  | 'smeshing.benchmark'
  | 'smeshing.plan'
  | 'smeshing.start'
  | 'smeshing.pause'
  | 'smeshing.resume'
  | 'smeshing.stop'
  | 'smeshing.deleteData'
  | 'smeshing.progress'
>;

export function smeshingHandlers(deps: ApiDeps, activity: ActivityLog, startedMs: number): SmeshingHandlers {
  const { preset } = deps.node;
  const control = (): SmeshingControl => {
    if (deps.smeshing === undefined) throw notAvailable('changing smeshing while the node runs');
    return deps.smeshing;
  };
  const status = () => nodeStatus(deps, startedMs);
  let benchmark: { readonly threads: number; readonly result: Promise<BenchmarkResult> } | undefined;
  return {
    'smeshing.options': async ({ folders }) => {
      const bytesPerUnit = preset.post.labelsPerUnit * LABEL_SIZE;
      const limits = { bytesPerUnit, minUnits: preset.post.minUnits, maxUnits: preset.post.maxUnits };
      // The network's folder name as in the data dir (core/node/dataDir.ts): `<preset>-<genesisId8>`.
      const network = `${preset.name}-${bytesToHex(deps.node.genesisId).slice(0, 8)}`;
      const [measured, proposed] = await Promise.all([Promise.all(folders.map(folderSpace)), proposedPostFolder({ dataDir: deps.dataDir, network }, limits)]);
      return {
        minUnits: preset.post.minUnits,
        maxUnits: preset.post.maxUnits,
        labelsPerUnit: preset.post.labelsPerUnit,
        bytesPerUnit,
        scryptN: preset.post.scryptN,
        maxFileSizeBytes: preset.post.maxFileSizeBytes,
        cpuThreads: availableParallelism(),
        folders: measured,
        proposed: proposed ?? null,
      };
    },
    'smeshing.benchmark': async ({ threads }) => {
      const n = Math.min(threads ?? 1, availableParallelism());
      // One benchmark at a time: a call while one runs gets that one's result when it asked for as many threads,
      // else waits for it to finish (each run starts its own label workers; several at once only measure each other).
      for (let running = benchmark; running !== undefined; running = benchmark) {
        if (running.threads === n) return running.result;
        await running.result.catch(() => {});
      }
      const result = deps.benchmark === undefined ? quickBenchmark(n, preset.post.scryptN, preset.post.labelsPerUnit) : deps.benchmark(n);
      const current = { threads: n, result };
      benchmark = current;
      try {
        return await result;
      } finally {
        if (benchmark === current) benchmark = undefined;
      }
    },
    'smeshing.plan': ({ units, labelsPerSecond, initialProofSeconds, labelsDone, round }) => {
      const labels = Math.max(0, units * preset.post.labelsPerUnit - (labelsDone ?? 0));
      // While the node catches up, no challenge is built: the dates count from the sync ETA (0 while unknown).
      const sync = deps.node.sync?.() ?? null;
      const syncing = sync !== null && sync.state !== 'synced';
      return Promise.resolve(
        planActivation({
          nowMs: deps.clock.now(),
          timing: deps.node.layers.timing,
          poet: { phaseShiftMs: preset.poet.phaseShiftMs, cycleGapMs: preset.poet.cycleGapMs, gracePeriodMs: preset.poet.gracePeriodMs },
          initRemainingMs: Math.ceil((labels / labelsPerSecond) * 1000),
          initialProofMs: Math.ceil((initialProofSeconds ?? 0) * 1000),
          ...(round === undefined ? {} : { registeredRound: round }),
          ...(syncing ? { syncRemainingMs: (sync.etaSeconds ?? 0) * 1000 } : {}),
        }),
      );
    },
    'smeshing.start': async ({ postDir, units, threads, coinbase }) => {
      const c = control();
      for (const u of units) {
        if (u < preset.post.minUnits || u > preset.post.maxUnits) throw new RangeError(`units must be ${preset.post.minUnits}..${preset.post.maxUnits}, got ${u}`);
      }
      await c.start({
        postDir,
        units,
        ...(threads === undefined ? {} : { threads }),
        ...(coinbase === undefined ? {} : { coinbase: decodeAddress(coinbase, preset.hrp) }),
      });
      return status();
    },
    'smeshing.pause': async () => {
      await control().pause();
      return status();
    },
    'smeshing.resume': async () => {
      await control().resume();
      return status();
    },
    'smeshing.stop': async () => {
      await control().stop();
      return status();
    },
    'smeshing.deleteData': async ({ postDir }) => {
      // A stop asked for just before holds the folder until its loops and provers have ended: wait for it, or the
      // delete is refused as "in use" by this very node.
      await deps.smeshing?.settled?.();
      const inUse = deps.node.identities().map((i) => i.postDir);
      try {
        return { deletedFiles: await deletePosData(postDir, inUse) };
      } catch (err) {
        // A folder in use or not a folder is the caller's mistake: INVALID_ARGS, as before the move to post/.
        if (err instanceof PostError && err.code === 'BAD_PARAMS') throw new ApiRequestError('INVALID_ARGS', err.message);
        throw err;
      }
    },
    'smeshing.progress': () =>
      Promise.resolve(
        deps.node.identities().map((i) => ({
          smesherId: i.smesherId,
          state: i.state,
          init: activity.progress(i.smesherId),
          initDone: activity.initDone(i.smesherId),
        })),
      ),
  };
}
