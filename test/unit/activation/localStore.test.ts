/**
 * local.sql activation rows on a real in-memory database: the signed-ATX guard refuses a second ATX for one epoch,
 * a new challenge replaces the old one with its registrations and NIPoST, publishing is recorded.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  clearChallenge,
  getChallenge,
  getNipost,
  getSignedAtx,
  insertRegistration,
  insertSignedAtx,
  listRegistrations,
  listSignedAtxs,
  markAtxPublished,
  putChallenge,
  putNipost,
} from '../../../core/activation/localStore.js';
import { LOCAL_SCHEMA, openDatabase } from '../../../core/db/database.js';

const ID = new Uint8Array(32).fill(1);
const H = new Uint8Array(32).fill(2);

describe('activation local store', () => {
  it('never records two signed ATXs for one identity and epoch', () => {
    const db = openDatabase(':memory:', LOCAL_SCHEMA);
    insertSignedAtx(db, { smesherId: ID, publishEpoch: 3, atxId: H, blob: Uint8Array.of(1) });
    assert.throws(() => insertSignedAtx(db, { smesherId: ID, publishEpoch: 3, atxId: new Uint8Array(32), blob: Uint8Array.of(2) }), /UNIQUE|PRIMARY KEY/);
    assert.equal(getSignedAtx(db, ID, 3)!.publishedMs, null);
    markAtxPublished(db, ID, 3, 1234);
    assert.deepEqual(listSignedAtxs(db, ID).map((s) => [s.publishEpoch, s.publishedMs, s.blob]), [[3, 1234, Uint8Array.of(1)]]);
    db.close();
  });

  it('a new challenge replaces the old one, its registrations and its NIPoST', () => {
    const db = openDatabase(':memory:', LOCAL_SCHEMA);
    putChallenge(db, { smesherId: ID, publishEpoch: 1, round: 0, challenge: Uint8Array.of(9), challengeHash: H });
    insertRegistration(db, { smesherId: ID, poetId: 'embedded', challengeHash: H, round: 0, roundEndMs: 5 });
    putNipost(db, { smesherId: ID, publishEpoch: 1, poetRef: H, leafCount: 150, membership: Uint8Array.of(0), post: null });
    assert.equal(listRegistrations(db, ID).length, 1);
    putChallenge(db, { smesherId: ID, publishEpoch: 2, round: 1, challenge: Uint8Array.of(8), challengeHash: H });
    assert.equal(getChallenge(db, ID)!.publishEpoch, 2);
    assert.equal(listRegistrations(db, ID).length, 0);
    assert.equal(getNipost(db, ID), undefined);
    clearChallenge(db, ID);
    assert.equal(getChallenge(db, ID), undefined);
    db.close();
  });
});
