/**
 * The malicious-identity notice's words: one cause per go-spacemesh proof kind as the API names them (core/malfeasance
 * `malfeasanceKindName`), a general one for anything else, and the same advice for all.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MalfeasanceKind, malfeasanceKindName } from '../../../core/malfeasance/wire.js';
import { MALFEASANCE_ADVICE, malfeasanceNotice } from '../../../renderer/src/logic/malfeasance.js';

describe('malfeasance notice', () => {
  it('has its own cause for each of the five kinds the node reports', () => {
    const kinds = Object.values(MalfeasanceKind).map(malfeasanceKindName);
    const causes = kinds.map((k) => malfeasanceNotice(k).cause);
    assert.equal(new Set(causes).size, 5, `distinct causes for ${kinds.join(', ')}`);
    assert.notEqual(malfeasanceNotice('multiple ballots').cause, malfeasanceNotice('something new').cause);
  });

  it('falls back to a general notice, and the advice names the way out', () => {
    assert.match(malfeasanceNotice('unknown').cause, /conflicting messages/);
    assert.match(MALFEASANCE_ADVICE, /new identity/);
    assert.match(MALFEASANCE_ADVICE, /cannot be undone/);
  });
});
