/**
 * The setup wizard's file count matches the node's layout (core/post/layout.ts computeLayout) for whole, partial
 * and single files.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeLayout } from '../../../core/post/layout.js';
import { postFileCount } from '../../../renderer/src/logic/postFiles.js';

describe('PoS file count', () => {
  it('agrees with the node layout', () => {
    for (const [labelsPerUnit, units, maxFileSize] of [
      [1024, 1, 16 * 1024],
      [1024, 3, 16 * 1000],
      [2 ** 32, 4, 2 ** 32],
      [4096, 2, 2 ** 30],
    ] as const) {
      assert.equal(postFileCount(labelsPerUnit, units, maxFileSize), computeLayout(BigInt(labelsPerUnit), units, BigInt(maxFileSize)).numFiles, `${labelsPerUnit}×${units} / ${maxFileSize}`);
    }
    assert.equal(postFileCount(1024, 0, 4096), 0);
    assert.equal(postFileCount(1024, 1, 8), 0, 'a file smaller than a label holds nothing');
  });
});
