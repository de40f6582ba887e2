/**
 * The issuance curve beyond the vector table (test/vectors/rewards-issuance.json): per-layer subsidies telescope to
 * the accumulated total, layers map to k from the first effective genesis layer, and earlier layers are refused.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TOTAL_SUBSIDY, accumulatedSubsidy, layerSubsidy, subsidyAt } from '../../../core/rewards/issuance.js';
import { hasErrorCode } from '../../../core/util/errors.js';

describe('issuance', () => {
  it('per-layer subsidies sum to the accumulated total and decrease', () => {
    let sum = 0n;
    let previous = TOTAL_SUBSIDY;
    for (let k = 0; k <= 60; k++) {
      const s = subsidyAt(k);
      assert.ok(s <= previous, `subsidy(${k}) does not increase`);
      previous = s;
      sum += s;
    }
    assert.equal(sum, accumulatedSubsidy(60));
  });

  it('counts k from the first effective genesis layer 2*LPE-1', () => {
    assert.equal(layerSubsidy(19, 10), subsidyAt(0));
    assert.equal(layerSubsidy(8064, 4032), subsidyAt(1));
    assert.throws(() => layerSubsidy(18, 10), (e) => hasErrorCode(e, 'BEFORE_GENESIS'));
    assert.throws(() => subsidyAt(-1), RangeError);
    assert.throws(() => subsidyAt(2 ** 32), RangeError);
  });
});
