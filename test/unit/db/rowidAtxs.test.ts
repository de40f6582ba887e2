/**
 * state/0009 rebuilds atxs and atx_blobs as rowid tables (docs/performance.md §5): a database written before it keeps
 * every ATX, blob and index, the tables are no longer WITHOUT ROWID, an epoch's ATXs still come out in id order from
 * the index, and the keys and the blob's foreign key still hold.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { STATE_SCHEMA, openDatabase } from '../../../core/db/index.js';

const REBUILT = 9;

describe('state/0009: atxs and atx_blobs as rowid tables', () => {
  it('an older database keeps its rows and indexes; the tables are rowid tables', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'rowid-atxs-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'state.sql');
    // Written as a Smesher of schema version 8 left it.
    const before = new Database(path);
    for (const m of STATE_SCHEMA.migrations.filter((m) => m.version < REBUILT)) before.exec(m.sql);
    before.pragma(`application_id = ${STATE_SCHEMA.applicationId}`);
    before.pragma(`user_version = ${REBUILT - 1}`);
    const b = (n: number, fill: number): Buffer => Buffer.alloc(n, fill);
    const insertAtx = before.prepare(
      `INSERT INTO atxs (id, publish_epoch, smesher_id, sequence, prev_id, positioning_id, commitment_id, coinbase, num_units,
         effective_num_units, base_tick_height, tick_count, weight, vrf_nonce, received_ms)
       VALUES (?, ?, ?, 0, ?, ?, ?, ?, 1, 1, 0, 4, 512, 5, ?)`,
    );
    const insertBlob = before.prepare('INSERT INTO atx_blobs (id, version, blob) VALUES (?, 1, ?)');
    for (let i = 0; i < 30; i++) {
      const id = b(32, 255 - i);
      insertAtx.run(id, 1 + (i % 3), b(32, i), b(32, 0), b(32, 1), b(32, 2), b(24, 3), 1000 + i);
      insertBlob.run(id, b(700 + i, i));
    }
    const rows = (db: typeof before, table: string): unknown[] => db.prepare(`SELECT * FROM ${table} ORDER BY id`).all();
    const atxs = rows(before, 'atxs');
    const blobs = rows(before, 'atx_blobs');
    before.close();

    const after = openDatabase(path, STATE_SCHEMA);
    t.after(() => after.close());
    assert.deepEqual(rows(after, 'atxs'), atxs);
    assert.deepEqual(rows(after, 'atx_blobs'), blobs);
    for (const table of ['atxs', 'atx_blobs']) {
      const sql = (after.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) as { sql: string }).sql;
      assert.doesNotMatch(sql, /WITHOUT ROWID/i, table);
    }
    const indexes = (after.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('atxs', 'atx_blobs') AND sql IS NOT NULL ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
    assert.deepEqual(indexes, ['atxs_by_epoch', 'atxs_by_smesher_epoch']);
    const plan = (after.prepare('EXPLAIN QUERY PLAN SELECT * FROM atxs WHERE publish_epoch = ? ORDER BY id').all(1) as Array<{ detail: string }>).map((r) => r.detail);
    assert.ok(plan.some((d) => /USING INDEX atxs_by_epoch/.test(d)), plan.join('; '));
    assert.ok(!plan.some((d) => /TEMP B-TREE/.test(d)), plan.join('; '));
    // The keys and the blob's foreign key still hold.
    assert.throws(() => after.prepare('INSERT INTO atx_blobs (id, version, blob) VALUES (?, 1, ?)').run(b(32, 7), b(1, 0)), /FOREIGN KEY/);
    assert.throws(() => insertAgain(after, b(32, 255)), /UNIQUE|PRIMARY/);
    after.prepare('DELETE FROM atxs WHERE id = ?').run(b(32, 255));
    assert.equal((after.prepare('SELECT count(*) AS n FROM atx_blobs WHERE id = ?').get(b(32, 255)) as { n: number }).n, 0);
  });
});

function insertAgain(db: Database.Database, id: Buffer): void {
  db.prepare(
    `INSERT INTO atxs (id, publish_epoch, smesher_id, sequence, prev_id, positioning_id, commitment_id, coinbase, num_units,
       effective_num_units, base_tick_height, tick_count, weight, vrf_nonce, received_ms)
     VALUES (?, 9, ?, 0, ?, ?, ?, ?, 1, 1, 0, 4, 512, 5, 1)`,
  ).run(id, Buffer.alloc(32, 99), Buffer.alloc(32), Buffer.alloc(32), Buffer.alloc(32), Buffer.alloc(24));
}
