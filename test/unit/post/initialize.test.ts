/**
 * Initialization: files and labels as postcli lays them out, the VRF nonce, subranges, resume, pause/cancel and
 * the refusals that protect existing data.
 * @module
 */
import assert from 'node:assert/strict';
import { readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { JobControl } from '../../../core/post/control.js';
import { initialize } from '../../../core/post/initialize.js';
import { computeCommitment } from '../../../core/post/labelInput.js';
import { referenceLabel } from '../../../core/post/labelsReference.js';
import { readMetadata } from '../../../core/post/metadata.js';
import { vrfTarget } from '../../../core/post/vrfNonce.js';
import { compareBytes } from '../../../core/util/bytes.js';
import { hasErrorCode } from '../../../core/util/errors.js';
import { smallInit, snapshotDir, tempDir } from './helpers.js';

describe('initialize', () => {
  it('writes every label as the reference computes it, in 1 KiB files, with the smallest VRF nonce', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const opts = smallInit(dir);
      const progress: number[] = [];
      const result = await initialize({ ...opts, onProgress: (p) => progress.push(p.labelsDone) });
      const commitment = computeCommitment(opts.nodeId, opts.commitmentAtxId);
      const target = vrfTarget(192n);
      let best: { index: number; value: Uint8Array } | undefined;
      for (let f = 0; f < 3; f++) {
        const data = readFileSync(join(dir, `postdata_${f}.bin`));
        assert.equal(data.length, 1024);
        for (let i = 0; i < 64; i++) {
          const index = f * 64 + i;
          const full = referenceLabel(commitment, BigInt(index), 16);
          assert.deepEqual(new Uint8Array(data.subarray(i * 16, i * 16 + 16)), full.subarray(0, 16), `label ${index}`);
          if (compareBytes(full, best?.value ?? target) < 0) best = { index, value: full };
        }
      }
      assert.equal(statSync(join(dir, 'postdata_3.bin'), { throwIfNoEntry: false }), undefined);
      assert.ok(best !== undefined, 'some label is below the target for these ids');
      assert.equal(result.metadata.nonce, BigInt(best.index));
      assert.deepEqual(result.metadata.nonceValue, best.value.subarray(0, 16));
      assert.deepEqual(readMetadata(dir), result.metadata);
      assert.equal(progress.at(-1), 192);
      assert.ok(progress.every((v, i) => i === 0 || v >= progress[i - 1]!), 'progress never goes back');
    } finally {
      cleanup();
    }
  });

  it('builds the same files from subranges as in one run, and re-running a complete init changes nothing', async () => {
    const a = tempDir();
    const b = tempDir();
    try {
      await initialize(smallInit(a.dir));
      await initialize(smallInit(b.dir, { fromFile: 1, toFile: 2 }));
      assert.ok(!snapshotDir(b.dir).has('postdata_0.bin'));
      await initialize(smallInit(b.dir, { fromFile: 0, toFile: 0 }));
      await initialize(smallInit(b.dir));
      assert.deepEqual(snapshotDir(b.dir), snapshotDir(a.dir));
      const before = snapshotDir(a.dir);
      const again = await initialize(smallInit(a.dir));
      assert.equal(again.labelsComputed, 0);
      assert.deepEqual(snapshotDir(a.dir), before);
    } finally {
      a.cleanup();
      b.cleanup();
    }
  });

  it('resumes after a torn write and after a cancel, ending byte-identical', async () => {
    const a = tempDir();
    const b = tempDir();
    try {
      await initialize(smallInit(a.dir));
      const control = new JobControl();
      await assert.rejects(
        initialize(smallInit(b.dir, { control, onProgress: (p) => p.currentFile === 1 && control.cancel() })),
        (err: unknown) => hasErrorCode(err, 'CANCELLED'),
      );
      const partial = snapshotDir(b.dir);
      assert.ok(partial.has('postdata_0.bin') && !partial.has('postdata_2.bin'), 'stopped part-way');
      // A torn label, as a kill -9 in the middle of a write leaves it.
      truncateSync(join(b.dir, 'postdata_0.bin'), 1024 - 7);
      await initialize(smallInit(b.dir));
      assert.deepEqual(snapshotDir(b.dir), snapshotDir(a.dir));
    } finally {
      a.cleanup();
      b.cleanup();
    }
  });

  it('pauses and resumes', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const control = new JobControl();
      let pausedAt = -1;
      const done = initialize(
        smallInit(dir, {
          threads: 1,
          control,
          onProgress: (p) => {
            if (pausedAt < 0 && p.labelsDone > 0) {
              pausedAt = p.labelsDone;
              control.pause();
              setTimeout(() => control.resume(), 50);
            }
          },
        }),
      );
      const result = await done;
      assert.ok(pausedAt > 0);
      assert.ok(result.metadata.nonce !== undefined);
    } finally {
      cleanup();
    }
  });

  it('refuses data of another identity or configuration and leaves it untouched', async () => {
    const { dir, cleanup } = tempDir();
    try {
      await initialize(smallInit(dir, { fromFile: 0, toFile: 0 }));
      const before = snapshotDir(dir);
      for (const [override, field] of [
        [{ nodeId: new Uint8Array(32).fill(8) }, 'NodeId'],
        [{ commitmentAtxId: new Uint8Array(32) }, 'CommitmentAtxId'],
        [{ numUnits: 4 }, 'NumUnits'],
        [{ labelsPerUnit: 32n }, 'LabelsPerUnit'],
        [{ maxFileSize: 2048n }, 'MaxFileSize'],
      ] as const) {
        await assert.rejects(initialize(smallInit(dir, override)), (err: unknown) => hasErrorCode(err, 'METADATA_MISMATCH') && (err as Error).message.includes(field));
      }
      assert.deepEqual(snapshotDir(dir), before);
    } finally {
      cleanup();
    }
  });

  it('rejects bad parameters, data without metadata, oversized files and unwritable directories', async () => {
    const { dir, cleanup } = tempDir();
    try {
      for (const override of [{ numUnits: 0 }, { scryptN: 3 }, { maxFileSize: 100n }, { nodeId: new Uint8Array(31) }, { fromFile: 5, toFile: 2 }, { toFile: 12 }]) {
        await assert.rejects(initialize(smallInit(dir, override)), (err: unknown) => hasErrorCode(err, 'BAD_PARAMS'));
      }
      writeFileSync(join(dir, 'postdata_0.bin'), new Uint8Array(16));
      await assert.rejects(initialize(smallInit(dir)), (err: unknown) => hasErrorCode(err, 'DATA_CORRUPT'));
      const file = join(dir, 'postdata_0.bin');
      await assert.rejects(initialize(smallInit(join(file, 'sub'))), (err: unknown) => hasErrorCode(err, 'DIR_UNWRITABLE'));
      // 2^20 units of 2^20 labels (16 TiB): more than this disk; refused before anything is written.
      const huge = tempDir();
      try {
        await assert.rejects(initialize(smallInit(huge.dir, { numUnits: 2 ** 20, labelsPerUnit: 1n << 20n, maxFileSize: 1n << 44n })), (err: unknown) => hasErrorCode(err, 'NO_SPACE'));
        assert.deepEqual([...snapshotDir(huge.dir).keys()], []);
      } finally {
        huge.cleanup();
      }
      const other = tempDir();
      try {
        await initialize(smallInit(other.dir, { fromFile: 0, toFile: 0 }));
        writeFileSync(join(other.dir, 'postdata_0.bin'), new Uint8Array(1040));
        await assert.rejects(initialize(smallInit(other.dir)), (err: unknown) => hasErrorCode(err, 'DATA_CORRUPT') && (err as Error).message.includes('postdata_0.bin'));
      } finally {
        other.cleanup();
      }
    } finally {
      cleanup();
    }
  });

  it('searches past the data when no label is below the target, and keeps that result on a re-run', async () => {
    const { dir, cleanup } = tempDir();
    try {
      // A target of 2^248 (one label in 256 qualifies) over 64 labels usually needs labels past the end.
      const hard = new Uint8Array(32);
      hard[0] = 0x01;
      const opts = smallInit(dir, { numUnits: 1, labelsPerUnit: 16n, scryptN: 2, vrfTargetOverride: hard });
      const result = await initialize(opts);
      const { nonce, lastPosition } = result.metadata;
      assert.ok(nonce !== undefined && nonce >= 16n, `nonce ${nonce} lies past the data`);
      assert.ok(lastPosition !== undefined && lastPosition > nonce);
      const full = referenceLabel(computeCommitment(opts.nodeId, opts.commitmentAtxId), nonce, 2);
      assert.ok(compareBytes(full, hard) < 0);
      const before = snapshotDir(dir);
      await initialize(opts);
      assert.deepEqual(snapshotDir(dir), before);
    } finally {
      cleanup();
    }
  });
});
