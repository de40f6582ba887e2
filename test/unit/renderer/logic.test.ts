/**
 * The renderer's pure logic: password strength grades, the recovery-phrase quiz, SMH amount parsing (exact or
 * refused), durations, init speed, and the "why no rewards?" checklist built from node facts.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { NodeStatus, TimelineEvent } from '../../../core/api/contract/contract.js';
import { parseSmh } from '../../../renderer/src/logic/amountInput.js';
import { passwordStrength } from '../../../renderer/src/logic/passwordStrength.js';
import { quizPassed, quizPositions } from '../../../renderer/src/logic/quiz.js';
import { labelsPerSecond } from '../../../renderer/src/logic/rate.js';
import { formatDuration, formatGiB, formatTime, formatTimeOfDay } from '../../../renderer/src/logic/time.js';
import { whyNoRewards } from '../../../renderer/src/logic/whyNoRewards.js';

describe('renderer logic', () => {
  it('grades passwords: short, repeated or sequential ones are weak; long mixed ones strong', () => {
    assert.equal(passwordStrength('').score, 0);
    assert.equal(passwordStrength('aaaaaaaaaaaaaaaa').score, 0);
    assert.ok(passwordStrength('password1234').score <= 1);
    assert.ok(passwordStrength('Correct-Horse-Battery-42').score >= 3);
    assert.match(passwordStrength('abc').hint, /12 characters/);
  });

  it('quiz: distinct sorted positions; passes only with every asked word', () => {
    const positions = quizPositions(24, 3, () => 0.5);
    assert.equal(new Set(positions).size, 3);
    assert.deepEqual(positions, [...positions].sort((a, b) => a - b));
    assert.ok(positions.every((p) => p >= 0 && p < 24));
    const phrase = 'alpha bravo charlie delta';
    assert.equal(quizPassed(phrase, new Map([[1, ' Bravo '], [3, 'delta']])), true);
    assert.equal(quizPassed(phrase, new Map([[1, 'bravo'], [3, 'echo']])), false);
    assert.equal(quizPassed(phrase, new Map()), false);
  });

  it('parses SMH exactly and refuses what it cannot represent', () => {
    assert.equal(parseSmh('1.5'), '1500000000');
    assert.equal(parseSmh('0,000000001'), '1');
    assert.equal(parseSmh('12'), '12000000000');
    for (const bad of ['', '0', '-1', '1e3', '0.0000000001', '1.2.3', 'abc']) assert.equal(parseSmh(bad), null, bad);
  });

  it('formats durations and sizes', () => {
    assert.equal(formatDuration(42), '42 s');
    assert.equal(formatDuration(125), '2 min 5 s');
    assert.equal(formatDuration(3725), '1 h 2 min');
    assert.equal(formatDuration(90_000), '1 d 1 h');
    assert.equal(formatDuration(-1), '—');
    assert.equal(formatGiB(2 ** 31), '2.0 GiB');
    assert.equal(formatGiB(1024), '1.0 KiB');
    assert.equal(formatGiB(3 * 2 ** 20), '3.0 MiB');
  });

  it('shows a near time as the time of day, a time on another day with its date', () => {
    // Local dates, so the test holds in any time zone the machine has.
    const now = new Date(2026, 10, 25, 9, 30, 0).getTime();
    const later = new Date(2026, 10, 25, 23, 59, 58).getTime();
    const tomorrow = new Date(2026, 10, 26, 0, 0, 5).getTime();
    assert.equal(formatTimeOfDay(later, now), new Date(later).toLocaleTimeString(undefined, { timeStyle: 'medium' }));
    assert.match(formatTimeOfDay(later, now), /59:58/);
    assert.equal(formatTimeOfDay(tomorrow, now), formatTime(tomorrow));
    assert.notEqual(formatTimeOfDay(tomorrow, now), new Date(tomorrow).toLocaleTimeString(undefined, { timeStyle: 'medium' }), 'the date is there');
  });

  it('measures labels/s between samples only', () => {
    assert.equal(labelsPerSecond(undefined, { labelsDone: 10, atMs: 1000 }), null);
    assert.equal(labelsPerSecond({ labelsDone: 0, atMs: 0 }, { labelsDone: 500, atMs: 2000 }), 250);
    assert.equal(labelsPerSecond({ labelsDone: 5, atMs: 10 }, { labelsDone: 4, atMs: 20 }), null);
  });

  it('why no rewards: each step checks a node fact; the first open step is what the user waits for', () => {
    const status = { identities: [{ smesherId: 'aa', state: 'working', error: null }] } as unknown as NodeStatus;
    const none = whyNoRewards({ status: null, progress: [], events: [], atxCount: 0, upcoming: [], rewards: [] });
    assert.ok(none.every((c) => !c.done));
    const ev = (event: string) => ({ event, timeMs: 0 }) as unknown as TimelineEvent;
    const mid = whyNoRewards({
      status,
      progress: [{ smesherId: 'aa', state: 'working', init: null, initDone: true }],
      events: [ev('poet_registered'), ev('poet_proof')],
      atxCount: 1,
      upcoming: [],
      rewards: [],
    });
    assert.deepEqual(
      mid.map((c) => [c.id, c.done]),
      [['node', true], ['sync', true], ['smeshing', true], ['init', true], ['poet', true], ['proof', true], ['atx', true], ['eligible', false], ['reward', false]],
    );
    const failed = whyNoRewards({
      status: { identities: [{ smesherId: 'aa', state: 'failed', error: { code: 'X', message: 'disk full' } }] } as unknown as NodeStatus,
      progress: [],
      events: [],
      atxCount: 0,
      upcoming: [],
      rewards: [],
    });
    const smeshingStep = failed.find((c) => c.id === 'smeshing')!;
    assert.equal(smeshingStep.done, false);
    assert.match(smeshingStep.detail, /disk full/);
  });
});
