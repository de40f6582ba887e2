/**
 * Bad input at node start (issue #5): a corrupted or foreign database file is refused with a clear error before
 * anything runs, and left as found; a PoS directory that belongs to another identity stops only that identity
 * (METADATA_MISMATCH, nothing stored for it, its data untouched) while the others smesh on.
 * @module
 */
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DatabaseError } from '../../core/db/errors.js';
import { readMetadata } from '../../core/post/metadata.js';
import { LocalProver } from '../../core/post/localProver.js';
import { epochStartMs } from '../../core/types/layers.js';
import { bytesToHex } from '../../core/util/bytes.js';
import { FakeClock } from '../../core/util/clock.js';
import { START_MS, startStandalone, tempDir } from './helpers.js';

describe('node start with bad files', () => {
  it('refuses a corrupted state.sql and a foreign one (local.sql in its place), leaving them as found', async (t) => {
    const { dir, cleanup } = tempDir();
    t.after(cleanup);
    const clock = new FakeClock(START_MS);
    const first = await startStandalone({ dataDir: join(dir, 'data'), postDir: join(dir, 'post'), units: [1], clock });
    const networkDir = first.node.networkDir;
    await first.node.close();
    const statePath = join(networkDir, 'state.sql');

    writeFileSync(statePath, 'this is not a database, it is a shopping list\n'.repeat(100));
    const garbage = readFileSync(statePath);
    await assert.rejects(
      startStandalone({ dataDir: join(dir, 'data'), postDir: join(dir, 'post'), units: [1], clock }),
      (err: unknown) => err instanceof DatabaseError && err.code === 'NOT_A_DATABASE' && err.message.includes(statePath),
    );
    assert.deepEqual(readFileSync(statePath), garbage);

    copyFileSync(join(networkDir, 'local.sql'), statePath);
    const foreign = readFileSync(statePath);
    await assert.rejects(
      startStandalone({ dataDir: join(dir, 'data'), postDir: join(dir, 'post'), units: [1], clock }),
      (err: unknown) => err instanceof DatabaseError && err.code === 'FOREIGN_DATABASE' && /not a Smesher state database/.test(err.message),
    );
    assert.deepEqual(readFileSync(statePath), foreign);
  });

  it("stops only the identity whose PoS directory holds another identity's data", async (t) => {
    const { dir, cleanup } = tempDir();
    const postDir = join(dir, 'post');
    // Someone else's PoS data where identity 1 will look for its own.
    const strangerId = 'ab'.repeat(32);
    const prover = new LocalProver();
    await prover.init({ dir: join(postDir, 'post-1'), nodeId: strangerId, commitmentAtxId: 'cd'.repeat(32), numUnits: 1, labelsPerUnit: '64', scryptN: 8192, threads: 1 });
    await prover.close();

    const sim = await startStandalone({ dataDir: join(dir, 'data'), postDir, units: [1, 1] });
    t.after(() => sim.node.close());
    // After the closes above: hooks run in the order they were registered.
    t.after(cleanup);
    await sim.runUntil(() => sim.node.listAtxs(1).length === 1, epochStartMs(sim.node.layers.timing, 2));
    const [good, bad] = sim.node.identities();
    assert.equal(bad!.state, 'failed');
    assert.equal(bad!.error?.code, 'METADATA_MISMATCH');
    assert.equal(good!.state, 'sleeping');
    assert.equal(bytesToHex(sim.node.listAtxs(1)[0]!.smesherId), good!.smesherId);
    assert.equal(sim.node.signedAtxs(Buffer.from(bad!.smesherId, 'hex')).length, 0);
    assert.equal(bytesToHex(readMetadata(join(postDir, 'post-1'))!.nodeId), strangerId, "the stranger's data is untouched");
  });
});
