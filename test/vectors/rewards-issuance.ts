/**
 * Runner for rewards-issuance.json: the 34-digit issuance curve against spacemeshos/economics' own table.
 * @module
 */
import assert from 'node:assert/strict';
import { Decimal } from 'decimal.js';
import {
  FINAL_SUBSIDY_LAYER,
  HALF_LIFE_LAYERS,
  LAMBDA,
  accumulatedSubsidy,
  subsidyAt,
} from '../../core/rewards/issuance.js';
import { defineRunner } from './harness.js';

/** Wide enough that the scaling by 1e40 itself rounds nothing away. */
const Wide = Decimal.clone({ precision: 60 });

type IssuanceVector =
  | { kind: 'subsidy'; k: number; subsidy: string; accumulated: string }
  | { kind: 'lambda'; lambdaTimes1e40: string }
  | { kind: 'halfLife'; layers: string }
  | { kind: 'accumulatedAt'; k: number; accumulated: string }
  | { kind: 'finalLayer'; k: number; subsidy: string; accumulated: string; nextSubsidy: string };

export default defineRunner<IssuanceVector>({
  name: (v) => ('k' in v ? `${v.kind} k=${v.k}` : v.kind),
  check(v) {
    switch (v.kind) {
      case 'subsidy':
        assert.equal(subsidyAt(v.k).toString(), v.subsidy);
        assert.equal(accumulatedSubsidy(v.k).toString(), v.accumulated);
        return;
      case 'lambda':
        // Exactly: λ is a 34-digit decimal, so λ·1e40 is an integer when it has the expected digits.
        assert.equal(new Wide(LAMBDA).mul('1e40').toFixed(), v.lambdaTimes1e40);
        return;
      case 'halfLife':
        assert.equal(HALF_LIFE_LAYERS, v.layers);
        return;
      case 'accumulatedAt':
        assert.equal(accumulatedSubsidy(v.k).toString(), v.accumulated);
        return;
      case 'finalLayer':
        assert.equal(FINAL_SUBSIDY_LAYER, v.k);
        assert.equal(subsidyAt(v.k).toString(), v.subsidy);
        assert.equal(accumulatedSubsidy(v.k).toString(), v.accumulated);
        assert.equal(subsidyAt(v.k + 1).toString(), v.nextSubsidy);
    }
  },
});
