/**
 * The lookups ATX validation uses on its hot path (docs/performance.md §5): the PoET statement read without the
 * proof's bytes (remembered once found, never when missing), and the signed bytes built from an id already computed.
 * @module
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getPoetProof, getPoetStatement, insertPoetProof } from '../../../core/activation/store.js';
import { atxIdV1, atxSignedBytesForId, atxSignedBytesV1 } from '../../../core/activation/wire.js';
import { STATE_SCHEMA, openDatabase } from '../../../core/db/index.js';
import { buildWorld } from './fixture.js';

describe('getPoetStatement', () => {
  it('reads what getPoetProof reads of the row, and nothing for an unknown ref until it is stored', () => {
    const db = openDatabase(':memory:', STATE_SCHEMA);
    try {
      const ref = new Uint8Array(32).fill(3);
      assert.equal(getPoetStatement(db, ref), undefined);
      const row = { ref, serviceId: new Uint8Array([1]), round: 7, statement: new Uint8Array(32).fill(9), leafCount: 400, proof: new Uint8Array(500).fill(5) };
      insertPoetProof(db, row);
      const full = getPoetProof(db, ref)!;
      assert.deepEqual(getPoetStatement(db, ref), { statement: full.statement, leafCount: full.leafCount });
      // A second read (remembered) gives the same, and a caller's change to its copy does not leak into the next.
      const first = getPoetStatement(db, ref)!;
      first.statement.fill(0);
      assert.deepEqual(getPoetStatement(db, ref), { statement: row.statement, leafCount: 400 });
    } finally {
      db.close();
    }
  });
});

describe('atxSignedBytesForId', () => {
  it('equals atxSignedBytesV1 for the id of the same inner ATX', async () => {
    const world = await buildWorld();
    try {
      for (const atx of [world.atx1, world.atx2]) {
        assert.deepEqual(atxSignedBytesForId(atx.inner.challenge.publishEpoch, atxIdV1(atx.inner)), atxSignedBytesV1(atx.inner));
      }
    } finally {
      await world.cleanup();
    }
  });
});
