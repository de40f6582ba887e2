/**
 * Restarts on a fake clock (deterministic twin of kill.test.ts): the node is closed right after each timeline step
 * of the first epoch (PoST init, registration, PoET proof, PoST proof, ATX published) and started again on the same
 * data; once, state.sql also loses the ATX just published. Each time it resumes at the persisted step and the chain
 * goes on: exactly one ATX per epoch, the lost one re-published unchanged, nothing signed twice.
 * @module
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { ActivationEventName } from '../../core/activation/interface.js';
import { epochStartMs } from '../../core/types/layers.js';
import { bytesToHex } from '../../core/util/bytes.js';
import { FakeClock } from '../../core/util/clock.js';
import { createLogger, stderrSink, teeSink } from '../../core/util/logger.js';
import { START_MS, type SimNode, startStandalone, tempDir } from './helpers.js';

describe('node restarts at every step of the smeshing loop', () => {
  it('resumes where it stopped and never signs twice', async (t) => {
    const { dir, cleanup } = tempDir();
    const clock = new FakeClock(START_MS);
    const opts = { dataDir: join(dir, 'data'), postDir: join(dir, 'post'), units: [1], clock };
    const steps: ActivationEventName[] = ['post_init_done', 'poet_registered', 'poet_proof', 'post_proof', 'atx_published'];
    let stopAt: ActivationEventName | undefined;
    let closing: Promise<void> | undefined;
    const start = async (): Promise<SimNode> => {
      // The step may come while the node is still starting (a resumed step that completes at once), before a
      // listener on its events can exist: the log sees it, and the node is closed as soon as it is there.
      let seenDuringStart = false;
      const watch = { write: (line: string) => void (stopAt !== undefined && line.includes(`"event":"${stopAt}"`) && (seenDuringStart = true)) };
      const sink = process.env.SIM_LOG === undefined ? watch : teeSink(watch, stderrSink);
      const started = await startStandalone({ ...opts, logger: createLogger({ sink, format: 'json', level: 'info', now: () => clock.now() }) });
      // Stop inside the event handler: the loop is aborted right after the step it reports, before the next one.
      started.node.events.on('timeline', (e) => {
        if (e.event === stopAt && closing === undefined) closing = started.node.close();
      });
      if (seenDuringStart && closing === undefined) closing = started.node.close();
      return started;
    };
    stopAt = steps[0];
    let sim = await start();
    t.after(() => sim.node.close());
    // After the closes above: hooks run in the order they were registered.
    t.after(cleanup);
    const timing = sim.node.layers.timing;
    for (const [i, step] of steps.entries()) {
      t.diagnostic(`step ${step} at ${new Date(clock.now()).toISOString()}`);
      await sim.runUntil(() => closing !== undefined, epochStartMs(timing, 2));
      await closing;
      closing = undefined;
      if (step === 'atx_published') {
        // state.sql loses the newest ATX (as after a power cut); local.sql still says it was published.
        const db = new Database(join(sim.node.networkDir, 'state.sql'));
        db.pragma('foreign_keys = ON');
        assert.equal(db.prepare('DELETE FROM atxs WHERE publish_epoch = 1').run().changes, 1);
        db.close();
      }
      stopAt = steps[i + 1];
      sim = await start();
    }
    await sim.runUntil(() => sim.node.listAtxs(2).length === 1, epochStartMs(timing, 3));
    const [a1, a2] = [1, 2].map((e) => sim.node.listAtxs(e));
    assert.equal(a1!.length, 1, 'the lost ATX is back');
    assert.equal(bytesToHex(a2![0]!.prevId), bytesToHex(a1![0]!.id));
    const signed = sim.node.signedAtxs(a1![0]!.smesherId);
    assert.deepEqual(signed.map((s) => [s.publishEpoch, bytesToHex(s.atxId)]), [
      [1, bytesToHex(a1![0]!.id)],
      [2, bytesToHex(a2![0]!.id)],
    ]);
  });
});
