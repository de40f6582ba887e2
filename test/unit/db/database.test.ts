/**
 * Opening databases: migrations on real files, and refusal (with the file untouched) of a newer schema, a drifted
 * schema, the other database, a foreign SQLite file and a file that is not SQLite.
 * @module
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { DatabaseError, LOCAL_SCHEMA, loadMigrations, openDatabase, STATE_SCHEMA } from '../../../core/db/index.js';

const dir = mkdtempSync(join(tmpdir(), 'smesher-db-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function rejectsWith(fn: () => unknown, code: string, message: RegExp): void {
  assert.throws(fn, (err: unknown) => err instanceof DatabaseError && err.code === code && message.test(err.message));
}

describe('openDatabase', () => {
  it('creates, migrates and reopens a real file in WAL mode', () => {
    const path = join(dir, 'state.sql');
    const db = openDatabase(path, STATE_SCHEMA);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(db.pragma('user_version', { simple: true }), STATE_SCHEMA.migrations.length);
    db.prepare('INSERT INTO malfeasance (smesher_id, kind, proof, received_ms) VALUES (?, 1, ?, 0)').run(Buffer.alloc(32, 1), Buffer.from('p'));
    db.close();
    const again = openDatabase(path, STATE_SCHEMA);
    assert.equal((again.prepare('SELECT count(*) AS n FROM malfeasance').get() as { n: number }).n, 1);
    again.close();
  });

  it('syncs local.sql fully on every commit', () => {
    const db = openDatabase(join(dir, 'local.sql'), LOCAL_SCHEMA);
    assert.equal(db.pragma('synchronous', { simple: true }), 2); // FULL
    db.close();
  });

  it('refuses a newer schema and leaves the file alone', () => {
    const path = join(dir, 'newer.sql');
    openDatabase(path, STATE_SCHEMA).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${STATE_SCHEMA.migrations.length + 1}`);
    raw.close();
    const before = readFileSync(path);
    rejectsWith(() => openDatabase(path, STATE_SCHEMA), 'NEWER_SCHEMA', /newer than this Smesher understands/);
    assert.deepEqual(readFileSync(path), before);
  });

  it('refuses a drifted schema', () => {
    const path = join(dir, 'drift.sql');
    openDatabase(path, STATE_SCHEMA).close();
    const raw = new Database(path);
    raw.exec('ALTER TABLE atxs ADD COLUMN extra INTEGER');
    raw.close();
    rejectsWith(() => openDatabase(path, STATE_SCHEMA), 'SCHEMA_DRIFT', /differs from version/);
  });

  it('refuses to open local.sql as state.sql', () => {
    const path = join(dir, 'swapped.sql');
    openDatabase(path, LOCAL_SCHEMA).close();
    rejectsWith(() => openDatabase(path, STATE_SCHEMA), 'FOREIGN_DATABASE', /not a Smesher state database/);
  });

  it("refuses another program's SQLite file", () => {
    const path = join(dir, 'foreign.sql');
    const raw = new Database(path);
    raw.exec('CREATE TABLE photos (id INTEGER)');
    raw.close();
    rejectsWith(() => openDatabase(path, STATE_SCHEMA), 'FOREIGN_DATABASE', /refusing to touch it/);
    const check = new Database(path);
    assert.equal(check.pragma('user_version', { simple: true }), 0);
    check.close();
  });

  it('refuses a file that is not SQLite and leaves it as it was', () => {
    const path = join(dir, 'garbage.sql');
    writeFileSync(path, 'this is not a database, just text that is long enough to have a header '.repeat(20));
    const before = readFileSync(path);
    rejectsWith(() => openDatabase(path, STATE_SCHEMA), 'NOT_A_DATABASE', /not a readable SQLite database/);
    assert.deepEqual(readFileSync(path), before);
  });

  it('rolls back a failing migration and keeps the last good version', () => {
    const schema = {
      ...STATE_SCHEMA,
      applicationId: 0x54455354,
      migrations: [...STATE_SCHEMA.migrations, { version: STATE_SCHEMA.migrations.length + 1, name: 'broken', sql: 'CREATE TABLE ok_table (x); CREATE TABLE atxs (y);' }],
    };
    const path = join(dir, 'broken.sql');
    rejectsWith(() => openDatabase(path, schema), 'MIGRATION_FAILED', /migration \d+ \(broken\) failed/);
    const raw = new Database(path);
    assert.equal(raw.pragma('user_version', { simple: true }), STATE_SCHEMA.migrations.length);
    const leftover = raw.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'ok_table'").get() as { n: number };
    assert.equal(leftover.n, 0, 'the failed migration left a table behind');
    raw.close();
  });
});

describe('loadMigrations', () => {
  it('requires contiguous numbering', () => {
    const migDir = mkdtempSync(join(dir, 'mig-'));
    writeFileSync(join(migDir, '0001_a.sql'), 'SELECT 1;');
    writeFileSync(join(migDir, '0003_c.sql'), 'SELECT 1;');
    assert.throws(() => loadMigrations(migDir), /numbered 1..n/);
    writeFileSync(join(migDir, 'notes.txt'), '');
    assert.throws(() => loadMigrations(migDir), /unexpected file/);
  });
});
