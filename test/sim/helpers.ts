/**
 * Simulation fixtures: a standalone node on a fake clock, stepped deadline by deadline and only when every
 * smeshing loop waits on the clock and the embedded PoET has no finished-but-unproven round, so real-time work
 * (PoST, PoET proofs, HTTP) never races fake time.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { type SmesherNode, createNode } from '../../core/node/node.js';
import { standalone } from '../../core/params/presets.js';
import { roundEndMs } from '../../core/poet/schedule.js';
import { LocalProver } from '../../core/post/localProver.js';
import type { Prover } from '../../core/post/prover.js';
import { FakeClock } from '../../core/util/clock.js';
import { nullLogger, type Logger } from '../../core/util/logger.js';

/** A fresh temporary directory and its cleanup. */
export function tempDir(prefix = 'smesher-sim-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A whole-second start time; genesis follows a few seconds later (node dataDir rule). */
export const START_MS = 1_800_000_000_000;

export interface SimNode {
  readonly node: SmesherNode;
  readonly clock: FakeClock;
  /** Advances the fake clock deadline by deadline until `done()` or the clock passes `limitMs`. */
  runUntil(done: () => boolean, limitMs: number): Promise<void>;
}

/** Without `units` the node starts without smeshing flags (it smeshes as its saved setup says, if any). */
export async function startStandalone(opts: { dataDir: string; postDir?: string; units?: number[]; clock?: FakeClock; logger?: Logger; genesisTimeMs?: number; proverFactory?: () => Prover }): Promise<SimNode> {
  const clock = opts.clock ?? new FakeClock(START_MS);
  const smeshing = opts.units === undefined ? {} : { smeshing: { postDir: opts.postDir!, units: opts.units, threads: 1 } };
  const node = await createNode(
    { preset: standalone, ...smeshing, ...(opts.genesisTimeMs === undefined ? {} : { genesisTimeMs: opts.genesisTimeMs }) },
    { logger: opts.logger ?? nullLogger, clock, proverFactory: opts.proverFactory ?? (() => new LocalProver()), dataDir: opts.dataDir },
  );
  const unproven = new Set<number>();
  const service = node.poet!.service;
  service.on('roundStarted', ({ round }) => unproven.add(round));
  service.on('roundFinished', ({ round }) => unproven.delete(round));
  service.on('roundSkipped', ({ round }) => unproven.delete(round));
  service.on('failed', ({ round }) => unproven.delete(round));
  const poetSettled = (): boolean => [...unproven].every((r) => clock.now() < roundEndMs(node.schedule, r));

  const waitIdle = async (): Promise<void> => {
    for (let stable = 0; stable < 2; ) {
      await delay(2);
      stable = node.isIdle() && poetSettled() ? stable + 1 : 0;
    }
  };
  return {
    node,
    clock,
    async runUntil(done, limitMs) {
      for (;;) {
        await waitIdle();
        if (done()) return;
        const next = clock.nextDeadline();
        if (next === undefined || next > limitMs) throw new Error(`simulation reached ${new Date(clock.now()).toISOString()} without the expected outcome`);
        await clock.advanceTo(next);
      }
    },
  };
}

/** mulberry32: a small seeded generator, so a failing run can be repeated with KILL_SEED. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
