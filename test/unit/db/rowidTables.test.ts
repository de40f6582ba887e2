/**
 * state/0008 rebuilds proposals and blocks as rowid tables (docs/performance.md §4): a database written before it
 * keeps every row and every index, and the tables are no longer WITHOUT ROWID.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { STATE_SCHEMA, openDatabase } from '../../../core/db/index.js';

const REBUILT = 8;

describe('state/0008: proposals and blocks as rowid tables', () => {
  it('an older database keeps its rows and indexes; the tables are rowid tables', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'rowid-tables-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'state.sql');
    // Written as a Smesher of schema version 7 left it (openDatabase would remember the older schema as the expected one).
    const before = new Database(path);
    for (const m of STATE_SCHEMA.migrations.filter((m) => m.version < REBUILT)) before.exec(m.sql);
    before.pragma(`application_id = ${STATE_SCHEMA.applicationId}`);
    before.pragma(`user_version = ${REBUILT - 1}`);
    const insertProposal = before.prepare(
      `INSERT INTO proposals (id, ballot_id, layer, smesher_id, atx_id, ref_ballot, eligibility_count, proofs, opinion_hash, received_ms, proposal)
       VALUES (?, ?, ?, ?, ?, ?, 5, 2, ?, 1000, ?)`,
    );
    for (let i = 0; i < 30; i++) {
      const b = (n: number, fill: number): Buffer => Buffer.alloc(n, fill);
      insertProposal.run(b(20, i), b(20, 100 + i), 40 + (i % 10), b(32, Math.floor(i / 10)), b(32, 1), b(20, 100 + i), b(32, 7), b(500 + i, i));
      before.prepare('INSERT INTO blocks (id, layer, block) VALUES (?, ?, ?)').run(b(20, i), 40 + i, b(100 + i, i));
    }
    const rows = (db: typeof before, table: string): unknown[] => db.prepare(`SELECT * FROM ${table} ORDER BY id`).all();
    const proposals = rows(before, 'proposals');
    const blocks = rows(before, 'blocks');
    before.close();

    const after = openDatabase(path, STATE_SCHEMA);
    t.after(() => after.close());
    assert.deepEqual(rows(after, 'proposals'), proposals);
    assert.deepEqual(rows(after, 'blocks'), blocks);
    for (const table of ['proposals', 'blocks']) {
      const sql = (after.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) as { sql: string }).sql;
      assert.doesNotMatch(sql, /WITHOUT ROWID/i, table);
    }
    const indexes = (after.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('proposals', 'blocks') AND sql IS NOT NULL ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name);
    assert.deepEqual(indexes, ['blocks_by_layer', 'proposals_by_layer', 'proposals_by_smesher_layer']);
    // The unique keys still hold.
    assert.throws(() => after.prepare('INSERT INTO blocks (id, layer, block) VALUES (?, 1, ?)').run(Buffer.alloc(20, 0), Buffer.alloc(1)), /UNIQUE|PRIMARY/);
  });
});
