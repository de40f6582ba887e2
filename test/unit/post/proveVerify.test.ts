/**
 * init → prove → verify with the standalone (N = 8192, 64 labels/unit) and devnet (N = 2, 128 labels/unit)
 * parameters; proofs independent of the thread count; tampered proofs and corrupted data rejected; the data
 * self-check names the bad file and offset; the VRF nonce verifies.
 * @module
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkData } from '../../../core/post/dataCheck.js';
import { initialize } from '../../../core/post/initialize.js';
import { generateProof } from '../../../core/post/prove.js';
import { decodeProofFile, encodeProofFile } from '../../../core/post/proof.js';
import { verifyProof, verifyVrfNonce, type VerifyParams } from '../../../core/post/verify.js';
import { devnet, standalone } from '../../../core/params/presets.js';
import type { PostParams } from '../../../core/params/types.js';
import { hexToBytes } from '../../../core/util/bytes.js';
import { hasErrorCode } from '../../../core/util/errors.js';
import { tempDir } from './helpers.js';

const nodeId = new Uint8Array(32).fill(0x11);
const atxId = new Uint8Array(32).fill(0x22);

function verifyParams(post: PostParams): VerifyParams {
  return { k1: post.k1, k2: post.k2, scryptN: post.scryptN, powDifficulty: hexToBytes(post.powDifficultyHex, 32), minUnits: post.minUnits, maxUnits: post.maxUnits };
}

async function initFor(dir: string, post: PostParams, numUnits: number): Promise<void> {
  await initialize({ dir, nodeId, commitmentAtxId: atxId, numUnits, labelsPerUnit: BigInt(post.labelsPerUnit), scryptN: post.scryptN, maxFileSize: 1024n, threads: 2 });
}

for (const [name, post, units] of [
  ['standalone', standalone.post, 1],
  ['devnet', devnet.post, 2],
] as const) {
  describe(`prove and verify (${name} parameters)`, () => {
    it('proves, verifies (all, one, K3 subset, VRF nonce) and round-trips the proof file', async () => {
      const { dir, cleanup } = tempDir();
      try {
        await initFor(dir, post, units);
        const challenge = new Uint8Array(32).fill(5);
        const pow = hexToBytes(post.powDifficultyHex, 32);
        const one = await generateProof({ dir, challenge, k1: post.k1, k2: post.k2, powDifficulty: pow, runBytes: 256 });
        const two = await generateProof({ dir, challenge, k1: post.k1, k2: post.k2, powDifficulty: pow, runBytes: 256, threads: 2 });
        assert.deepEqual(two.proof, one.proof, 'the proof does not depend on threads');
        const params = verifyParams(post);
        verifyProof(one.proof, one.metadata, params, { kind: 'all' });
        verifyProof(one.proof, one.metadata, params, { kind: 'one', position: post.k2 - 1 });
        verifyProof(one.proof, one.metadata, params, { kind: 'subset', k3: post.k3, seed: new Uint8Array(32).fill(1) });
        const decoded = decodeProofFile(encodeProofFile(one.proof, one.metadata));
        assert.deepEqual(decoded.proof, one.proof);
        assert.deepEqual(decoded.metadata, one.metadata);
        const meta = JSON.parse(readFileSync(join(dir, 'postdata_metadata.json'), 'utf8')) as { Nonce: number };
        verifyVrfNonce(nodeId, atxId, BigInt(meta.Nonce), BigInt(units * post.labelsPerUnit), post.scryptN);
        assert.throws(() => verifyVrfNonce(nodeId, atxId, BigInt(meta.Nonce), 1n << 40n, post.scryptN), (e: unknown) => hasErrorCode(e, 'PROOF_INVALID'));
      } finally {
        cleanup();
      }
    });
  });
}

describe('verification rejects', () => {
  it('tampered proofs, wrong lengths, out-of-range units and indices', async () => {
    const { dir, cleanup } = tempDir();
    try {
      await initFor(dir, devnet.post, 2);
      const pow = hexToBytes(devnet.post.powDifficultyHex, 32);
      const { proof, metadata } = await generateProof({ dir, challenge: new Uint8Array(32), k1: devnet.post.k1, k2: devnet.post.k2, powDifficulty: pow });
      const params = verifyParams(devnet.post);
      const rejects = (p: typeof proof, m: typeof metadata, message: RegExp): void =>
        assert.throws(() => verifyProof(p, m, params, { kind: 'all' }), (e: unknown) => hasErrorCode(e, 'PROOF_INVALID') && message.test((e as Error).message));
      rejects({ ...proof, indices: proof.indices.subarray(1) }, metadata, /bytes, expected/);
      rejects({ ...proof, nonce: 4096 }, metadata, /nonce/);
      rejects(proof, { ...metadata, numUnits: 0 }, /num units/);
      rejects(proof, { ...metadata, challenge: new Uint8Array(32).fill(1) }, /does not satisfy|twice/);
      // An index past the data: all bits set in the first index (9 bits for 256 labels: up to 511).
      const big = proof.indices.slice();
      big[0] = 0xff;
      big[1] = big[1]! | 1;
      rejects({ ...proof, indices: big }, metadata, /beyond|twice|does not satisfy/);
    } finally {
      cleanup();
    }
  });

  it('a proof over a corrupted label, and post check names the file and offset', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const post = standalone.post;
      await initFor(dir, post, 1);
      const pow = hexToBytes(post.powDifficultyHex, 32);
      const clean = await checkData({ dir, scryptN: post.scryptN, fraction: 1 });
      assert.equal(clean.bad.length, 0);
      assert.equal(clean.labelsChecked, 64);
      // Corrupt the first label of the first proof's indices, then prove again: try challenges until the corrupted
      // label is among the proof's indices (it stays good for a nonce with probability 12/64 per nonce, so a few suffice).
      let caught = false;
      for (let c = 0; c < 40 && !caught; c++) {
        const challenge = new Uint8Array(32).fill(c);
        const before = await generateProof({ dir, challenge, k1: post.k1, k2: post.k2, powDifficulty: pow });
        const victim = before.indices[0]!;
        const path = join(dir, 'postdata_0.bin');
        const data = readFileSync(path);
        data[Number(victim) * 16 + 3]! ^= 0x40;
        writeFileSync(path, data);
        const after = await generateProof({ dir, challenge, k1: post.k1, k2: post.k2, powDifficulty: pow });
        if (after.indices.includes(victim)) {
          assert.throws(() => verifyProof(after.proof, after.metadata, verifyParams(post), { kind: 'all' }), (e: unknown) => hasErrorCode(e, 'PROOF_INVALID') && (e as Error).message.includes(`label ${victim}`));
          const check = await checkData({ dir, scryptN: post.scryptN, fraction: 1 });
          assert.deepEqual(check.bad.map((b) => [b.file, b.offset]), [['postdata_0.bin', Number(victim) * 16]]);
          caught = true;
        }
        data[Number(victim) * 16 + 3]! ^= 0x40;
        writeFileSync(path, data);
      }
      assert.ok(caught, 'some challenge put the corrupted label into a proof');
    } finally {
      cleanup();
    }
  });

  it('proving refuses missing or truncated data files', async () => {
    const { dir, cleanup } = tempDir();
    try {
      await initFor(dir, devnet.post, 1);
      const path = join(dir, 'postdata_1.bin');
      writeFileSync(path, readFileSync(path).subarray(0, 100));
      const pow = hexToBytes(devnet.post.powDifficultyHex, 32);
      await assert.rejects(generateProof({ dir, challenge: new Uint8Array(32), k1: 12, k2: 4, powDifficulty: pow }), (e: unknown) => hasErrorCode(e, 'DATA_CORRUPT') && (e as Error).message.includes('postdata_1.bin'));
      await assert.rejects(checkData({ dir, scryptN: 2, fraction: 0.5 }), (e: unknown) => hasErrorCode(e, 'DATA_CORRUPT'));
      await assert.rejects(generateProof({ dir, challenge: new Uint8Array(31), k1: 12, k2: 4, powDifficulty: pow }), (e: unknown) => hasErrorCode(e, 'BAD_PARAMS'));
    } finally {
      cleanup();
    }
  });
});
