/**
 * Presets: the values docs/protocol/presets.md names, and the invariants the protocol needs between them.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getPreset, isPresetName, PRESETS } from '../../../core/params/presets.js';
import { hexToBytes } from '../../../core/util/bytes.js';

describe('presets', () => {
  it('match the README and docs/protocol/presets.md', () => {
    const s = getPreset('standalone');
    assert.deepEqual(
      [s.layerDurationMs, s.layersPerEpoch, s.post.scryptN, s.post.labelsPerUnit, s.post.minUnits, s.post.maxUnits, s.post.k1, s.post.k2, s.post.k3],
      [6000, 10, 8192, 64, 1, 1024, 12, 4, 1],
    );
    assert.deepEqual([s.poet.embedded, s.poet.phaseShiftMs, s.poet.cycleGapMs], [true, 30_000, 30_000]);
    const d = getPreset('devnet');
    assert.deepEqual([d.layerDurationMs, d.layersPerEpoch, d.post.scryptN, d.post.labelsPerUnit, d.post.k1, d.post.k2], [15_000, 4, 2, 128, 12, 4]);
    const t = getPreset('testnet');
    assert.deepEqual([t.layerDurationMs, t.layersPerEpoch, t.post.scryptN, t.post.labelsPerUnit], [300_000, 288, 8192, 1024]);
  });

  it('hold the protocol invariants', () => {
    for (const p of Object.values(PRESETS)) {
      const epochMs = p.layerDurationMs * p.layersPerEpoch;
      assert.ok(p.tortoise.hdist >= p.tortoise.zdist, `${p.name}: hdist >= zdist`);
      assert.ok(p.poet.cycleGapMs < epochMs, `${p.name}: cycle gap inside an epoch`);
      assert.ok(p.poet.gracePeriodMs < p.poet.phaseShiftMs, `${p.name}: grace period before the first round`);
      assert.ok(p.post.minUnits >= 1 && p.post.minUnits <= p.post.maxUnits, `${p.name}: units`);
      assert.ok(p.post.provingNonces % 16 === 0, `${p.name}: whole nonce groups`);
      assert.equal(hexToBytes(p.post.powDifficultyHex).length, 32, `${p.name}: pow difficulty is 32 bytes`);
      assert.equal(p.post.powDifficultyHex, 'ff'.repeat(32), `${p.name}: trivial k2pow (docs/protocol/presets.md §2)`);
      assert.ok(Number.isInteger(Math.log2(p.post.scryptN)), `${p.name}: scrypt N is a power of two`);
    }
  });

  it('reject unknown names with the list of known ones', () => {
    assert.ok(isPresetName('devnet'));
    assert.ok(!isPresetName('toString'));
    assert.throws(() => getPreset('mainnet'), /unknown preset "mainnet"; expected one of: standalone, devnet, testnet/);
  });
});
