/**
 * The membership tree and the round schedule.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildMembershipProof, membershipRoot, sortMembers, verifyMembership } from '../../../core/poet/membership.js';
import { standalone } from '../../../core/params/presets.js';
import { openRoundId, roundEndMs, roundStartMs, scheduleFromPreset, validateSchedule } from '../../../core/poet/schedule.js';
import { bytesToHex } from '../../../core/util/bytes.js';
import { filled } from './helpers.js';

describe('membership tree', () => {
  it('proves every member of rounds of 1 to 17 members, and nothing else', () => {
    for (let n = 1; n <= 17; n++) {
      const challenges = Array.from({ length: n }, (_, i) => filled(i + 1));
      const root = membershipRoot(challenges);
      for (const challenge of challenges) {
        const proof = buildMembershipProof(challenges, challenge);
        assert.ok(verifyMembership(root, challenge, proof), `n ${n} member ${proof.leafIndex}`);
        assert.ok(!verifyMembership(root, filled(0xee), proof), 'another challenge at that index');
        if (n > 1) assert.ok(!verifyMembership(root, challenge, { ...proof, leafIndex: proof.leafIndex ^ 1 }), 'another index');
      }
      assert.throws(() => buildMembershipProof(challenges, filled(0xee)), /not a member/);
    }
  });

  it('sorts members by node id bytes', () => {
    const members = [3, 1, 2].map((b) => ({ nodeId: filled(b), challenge: filled(b + 10) }));
    assert.deepEqual(sortMembers(members).map((m) => bytesToHex(m.challenge)), [11, 12, 13].map((b) => bytesToHex(filled(b))));
  });
});

describe('round schedule', () => {
  const schedule = validateSchedule({ genesisMs: 1_000_000, phaseShiftMs: 30_000, epochMs: 60_000, cycleGapMs: 20_000 });

  it('opens round 0 until it starts, then the next one', () => {
    assert.equal(openRoundId(schedule, 0), 0);
    assert.equal(openRoundId(schedule, 1_029_999), 0);
    assert.equal(openRoundId(schedule, 1_030_000), 1);
    assert.equal(openRoundId(schedule, 1_089_999), 1);
    assert.equal(openRoundId(schedule, 1_090_000), 2);
  });

  it('runs round k from genesis + phase shift + k·epoch for epoch − cycle gap', () => {
    assert.equal(roundStartMs(schedule, 0), 1_030_000);
    assert.equal(roundEndMs(schedule, 0), 1_070_000);
    assert.equal(roundStartMs(schedule, 2), 1_150_000);
  });

  it('takes epoch, phase shift and cycle gap from a preset', () => {
    // standalone: 6 s layers x 10 = 60 s epochs, phase shift 30 s, cycle gap 30 s (docs/protocol/standalone.md §3).
    const s = scheduleFromPreset(standalone, 0);
    assert.deepEqual([roundStartMs(s, 0), roundEndMs(s, 0), roundStartMs(s, 1)], [30_000, 60_000, 90_000]);
  });

  it('refuses a cycle gap as long as the epoch', () => {
    assert.throws(() => validateSchedule({ ...schedule, cycleGapMs: 60_000 }), RangeError);
    assert.throws(() => validateSchedule({ ...schedule, epochMs: 0 }), RangeError);
  });
});
