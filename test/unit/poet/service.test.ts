/**
 * The PoET service on a fake clock: a round with three members yields a proof that verifies with membership proofs
 * for all three, and a round stopped mid-way continues from its checkpoint after a restart.
 * @module
 */
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { buildMembershipProof, membershipRoot, sortMembers, verifyMembership } from '../../../core/poet/membership.js';
import { RoundStore } from '../../../core/poet/roundStore.js';
import { PoetService } from '../../../core/poet/service.js';
import type { RoundSchedule } from '../../../core/poet/schedule.js';
import { verifyPoswProof } from '../../../core/poet/verify.js';
import { bytesToHex } from '../../../core/util/bytes.js';
import { FakeClock } from '../../../core/util/clock.js';
import { GENESIS_ID, filled, nextEvent, signer, submission, tempDir } from './helpers.js';

const schedule: RoundSchedule = { genesisMs: 1_000_000, phaseShiftMs: 10_000, epochMs: 20_000, cycleGapMs: 5_000 };
const START_0 = 1_010_000;
const END_0 = 1_025_000;

for (const runner of ['worker', 'inline'] as const) {
  async function openService(dir: string, clock: FakeClock): Promise<PoetService> {
    return PoetService.open({ dataDir: dir, schedule, clock, genesisId: GENESIS_ID, checkpointEveryLeaves: 32, memoryFromHeight: 3, runner });
  }

  describe(`PoetService rounds (${runner} runner)`, () => {
    it('proves a round of three challenges; every member gets a verifying membership proof', async (t) => {
      const { dir, cleanup } = tempDir();
      const clock = new FakeClock(1_000_000);
      const service = await openService(dir, clock);
      t.after(() => service.stop());
      // After the closes above: hooks run in the order they were registered.
      t.after(cleanup);
      service.start();
      const challenges = [filled(0xc1), filled(0xc2), filled(0xc3)];
      for (const [i, challenge] of challenges.entries()) {
        const result = await service.submit(submission(i + 1, challenge));
        assert.deepEqual(result, { round: 0, roundEndMs: END_0, outcome: 'registered' });
      }
      const started = nextEvent(service, 'roundStarted');
      await clock.advanceTo(START_0);
      assert.equal((await started).members, 3);
      // Registrations now go to round 1.
      assert.equal((await service.submit(submission(4, filled(0xc4)))).round, 1);
      await assert.rejects(service.proof(0), /no proof for round 0/);

      const finished = nextEvent(service, 'roundFinished');
      await clock.advanceTo(END_0);
      assert.ok((await finished).leafCount >= 150);

      const { proof, members, statement } = await service.proof(0);
      // Members come in node-id order, whatever order they registered in.
      const byNodeId = [1, 2, 3]
        .map((b, i) => ({ id: bytesToHex(signer(b).publicKey), challenge: challenges[i]! }))
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((m) => bytesToHex(m.challenge));
      assert.deepEqual(members.map(bytesToHex), byNodeId);
      assert.equal(bytesToHex(statement), bytesToHex(membershipRoot(members)));
      verifyPoswProof(proof, statement);
      for (const challenge of challenges) {
        assert.ok(verifyMembership(statement, challenge, buildMembershipProof(members, challenge)));
      }
    });

    it('skips a round nobody registered for', async (t) => {
      const { dir, cleanup } = tempDir();
      const clock = new FakeClock(1_000_000);
      const service = await openService(dir, clock);
      t.after(() => service.stop());
      // After the closes above: hooks run in the order they were registered.
      t.after(cleanup);
      service.start();
      const skipped = nextEvent(service, 'roundSkipped');
      await clock.advanceTo(START_0);
      assert.deepEqual((await skipped), { round: 0 });
      await assert.rejects(service.proof(0), (err: Error & { code?: string }) => err.code === 'NOT_FOUND');
    });

    it('reports a checkpoint whose tree files are gone as a failed round, and keeps running', async (t) => {
      const { dir, cleanup } = tempDir();
      const clock = new FakeClock(1_000_000);
      const service = await openService(dir, clock);
      t.after(() => service.stop());
      // After the closes above: hooks run in the order they were registered.
      t.after(cleanup);
      for (const i of [1, 2, 3]) await service.submit(submission(i, filled(0xb0 + i)));
      const store = new RoundStore(dir);
      const statement = membershipRoot(sortMembers(await store.readMembers(0)).map((m) => m.challenge));
      await store.writeExecution(0, { statement, leafCount: 5_000 });
      const failed = nextEvent(service, 'failed');
      await clock.advanceTo(START_0);
      service.start();
      const { round, error } = await failed;
      assert.equal(round, 0);
      assert.equal((error as Error & { code?: string }).code, 'BAD_STATE');
      // The loop goes on to the next round.
      await service.submit(submission(4, filled(0xb4)));
      const next = nextEvent(service, 'roundStarted');
      await clock.advanceTo(START_0 + schedule.epochMs);
      assert.equal((await next).round, 1);
    });

    it('continues a stopped round from its checkpoint and still proves it', async (t) => {
      const { dir, cleanup } = tempDir();
      const clock = new FakeClock(1_000_000);
      const first = await openService(dir, clock);
      first.start();
      for (const i of [1, 2, 3]) await first.submit(submission(i, filled(0xd0 + i)));
      const started = nextEvent(first, 'roundStarted');
      await clock.advanceTo(START_0);
      await started;
      const store = new RoundStore(dir);
      // Let it work past a few checkpoints (no assertion on how long that takes).
      while (((await store.readExecution(0))?.leafCount ?? 0) < 100) await delay(20);
      await first.stop();
      const checkpoint = (await store.readExecution(0))!.leafCount;
      assert.ok(checkpoint >= 100);

      const second = await openService(dir, clock);
      t.after(() => second.stop());
      // After the closes above: hooks run in the order they were registered.
      t.after(cleanup);
      const resumed = nextEvent(second, 'roundStarted');
      const finished = nextEvent(second, 'roundFinished');
      await clock.advanceTo(END_0 + 1_000);
      second.start();
      assert.equal((await resumed).resumedFromLeaf, checkpoint);
      assert.ok((await finished).leafCount >= checkpoint);
      const { proof, statement, members } = await second.proof(0);
      assert.equal(members.length, 3);
      verifyPoswProof(proof, statement);
    });

    it('a paced round stops at its leaf bound, publishes its proof only at the round end, and resumes at the bound', async (t) => {
      const { dir, cleanup } = tempDir();
      const clock = new FakeClock(1_000_000);
      const open = (): Promise<PoetService> =>
        PoetService.open({ dataDir: dir, schedule, clock, genesisId: GENESIS_ID, checkpointEveryLeaves: 32, memoryFromHeight: 3, runner, maxLeavesPerRound: 200 });
      const first = await open();
      for (const i of [1, 2]) await first.submit(submission(i, filled(0xe0 + i)));
      first.start();
      await clock.advanceTo(START_0);
      const store = new RoundStore(dir);
      // The work's last checkpoint is at the bound; the round has not ended, so there is no proof yet.
      while (((await store.readExecution(0))?.leafCount ?? 0) < 200) await delay(20);
      await delay(50);
      assert.equal((await store.readExecution(0))!.leafCount, 200);
      await assert.rejects(first.proof(0), (err: Error & { code?: string }) => err.code === 'NOT_FOUND');
      // Stopped while waiting for the round's end: the next start builds the proof from the checkpoint alone.
      await first.stop();
      const second = await open();
      t.after(() => second.stop());
      // After the closes above: hooks run in the order they were registered.
      t.after(cleanup);
      const finished = nextEvent(second, 'roundFinished');
      second.start();
      await clock.advanceTo(END_0);
      const done = await finished;
      assert.equal(done.leafCount, 200);
      if (runner === 'inline') assert.equal(done.cpuMs, undefined);
      else if (process.platform === 'linux') assert.ok(typeof done.cpuMs === 'number' && done.cpuMs >= 0);
      const { proof, statement } = await second.proof(0);
      assert.equal(proof.leafCount, 200);
      verifyPoswProof(proof, statement);
    });
  });
}
