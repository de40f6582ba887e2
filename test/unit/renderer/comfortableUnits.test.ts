/**
 * The storage wizard's "what fits" count for a folder the user chose agrees with the node's rule for the folder it
 * proposes (core/post/proposeFolder.ts), which the renderer restates because it sees core/ only through types.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { comfortableUnits as nodeRule } from '../../../core/post/proposeFolder.js';
import { comfortableUnits } from '../../../renderer/src/screens/setup/comfortableUnits.js';

describe('comfortable units in the wizard', () => {
  it('matches the node’s rule: a fifth of the free space left, capped by the max, never below 0', () => {
    const cases: Array<[number, number, number, number]> = [
      [0, 1024, 1024, 0],
      [1280, 1024, 1024, 1],
      [1279, 1024, 1024, 0],
      [10 * 1024 ** 3, 1024, 1024, 1024],
      [100 * 2 ** 30, 4 * 2 ** 30, 64, 20],
      [5, 0, 7, 7],
    ];
    for (const [free, perUnit, max, expected] of cases) {
      assert.equal(comfortableUnits(free, perUnit, max), expected, `${free} B free, ${perUnit} B per unit`);
      assert.equal(nodeRule(free, { bytesPerUnit: perUnit, minUnits: 1, maxUnits: max }), expected, 'the node agrees');
    }
  });
});
