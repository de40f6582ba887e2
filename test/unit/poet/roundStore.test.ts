/**
 * Round state files: the member log survives a torn last line and refuses damage elsewhere; JSON state round-trips.
 * @module
 */
import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RoundStore } from '../../../core/poet/roundStore.js';
import { bytesToHex } from '../../../core/util/bytes.js';
import { filled, tempDir } from './helpers.js';

describe('RoundStore', () => {
  it('ignores a torn last member line, refuses a damaged earlier one', async (t) => {
    const { dir, cleanup } = tempDir();
    t.after(cleanup);
    const store = new RoundStore(dir);
    assert.deepEqual(await store.readMembers(3), []);
    await store.appendMember(3, { nodeId: filled(1), challenge: filled(2) });
    await store.appendMember(3, { nodeId: filled(3), challenge: filled(4) });
    const log = join(dir, 'rounds', '3', 'members.log');
    appendFileSync(log, '{"nodeId":"0303');
    assert.deepEqual((await store.readMembers(3)).map((m) => bytesToHex(m.challenge)), [filled(2), filled(4)].map(bytesToHex));
    writeFileSync(log, `garbage\n${JSON.stringify({ nodeId: bytesToHex(filled(1)), challenge: bytesToHex(filled(2)) })}\n`);
    await assert.rejects(store.readMembers(3), (err: Error & { code?: string }) => err.code === 'BAD_STATE');
  });

  it('round-trips an execution checkpoint and refuses a damaged one', async (t) => {
    const { dir, cleanup } = tempDir();
    t.after(cleanup);
    const store = new RoundStore(dir);
    await store.treeDir(1);
    await store.writeExecution(1, { statement: filled(9), leafCount: 4096 });
    const back = await store.readExecution(1);
    assert.deepEqual([bytesToHex(back!.statement), back!.leafCount], [bytesToHex(filled(9)), 4096]);
    writeFileSync(join(dir, 'rounds', '1', 'execution.json'), '{"statement":"00","leafCount":1}');
    await assert.rejects(store.readExecution(1), /execution.json/);
    assert.deepEqual(await store.listRounds(), [1]);
  });
});
