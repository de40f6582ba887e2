/**
 * Opening Smesher's SQLite databases: WAL mode, an identity check (`application_id`), numbered migrations applied
 * one transaction each, and refusal of a newer or drifted schema (go-spacemesh CODING.md's drift rule).
 *
 * Two databases per network (docs/architecture.md §6): `state.sql` holds network state anyone could rebuild; `local.sql` holds
 * this node's private decisions (PoET registrations, NIPoSTs, what it signed), synced fully on every commit
 * because a lost row there could make the node sign twice. I/O.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DatabaseError } from './errors.js';
import { loadMigrations, type Migration } from './migrations.js';

/** A connection (better-sqlite3 runs statements and transactions on the same object). */
export type Executor = Database.Database;

export interface SchemaDefinition {
  readonly name: 'state' | 'local';
  /** Written to `PRAGMA application_id`, so the two files cannot be swapped or confused with another program's. */
  readonly applicationId: number;
  /** `FULL` makes every commit durable against power loss; `NORMAL` only against a process crash. */
  readonly synchronous: 'FULL' | 'NORMAL';
  readonly migrations: readonly Migration[];
}

const MIGRATIONS_DIR = join(import.meta.dirname, 'migrations');

export const STATE_SCHEMA: SchemaDefinition = {
  name: 'state',
  applicationId: 0x534d5354, // "SMST"
  synchronous: 'NORMAL',
  migrations: loadMigrations(join(MIGRATIONS_DIR, 'state')),
};

export const LOCAL_SCHEMA: SchemaDefinition = {
  name: 'local',
  applicationId: 0x534d4c43, // "SMLC"
  synchronous: 'FULL',
  migrations: loadMigrations(join(MIGRATIONS_DIR, 'local')),
};

/**
 * Opens (creating if needed) and migrates a database. Pass `':memory:'` for tests.
 * @throws {DatabaseError} NOT_A_DATABASE, FOREIGN_DATABASE, NEWER_SCHEMA, SCHEMA_DRIFT or MIGRATION_FAILED;
 *   the file is left as it was found.
 */
export function openDatabase(path: string, schema: SchemaDefinition): Executor {
  const isNew = path === ':memory:' || !existsSync(path);
  let db: Executor;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
  } catch (err) {
    throw new DatabaseError('NOT_A_DATABASE', `${path} is not a readable SQLite database: ${(err as Error).message}`, { path });
  }
  try {
    db.pragma(`synchronous = ${schema.synchronous}`);
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    checkIdentity(db, path, schema, isNew);
    migrate(db, path, schema);
    checkDrift(db, path, schema);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

function checkIdentity(db: Executor, path: string, schema: SchemaDefinition, isNew: boolean): void {
  const appId = db.pragma('application_id', { simple: true }) as number;
  const version = userVersion(db);
  const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
  if (appId === schema.applicationId) return;
  if (appId === 0 && version === 0 && tables.n === 0) {
    db.pragma(`application_id = ${schema.applicationId}`);
    return;
  }
  const what = isNew ? 'a new file' : `${path}`;
  throw new DatabaseError(
    'FOREIGN_DATABASE',
    `${what} is not a Smesher ${schema.name} database (application id ${appId.toString(16)}); refusing to touch it`,
    { path },
  );
}

function migrate(db: Executor, path: string, schema: SchemaDefinition): void {
  const current = userVersion(db);
  const latest = schema.migrations.length;
  if (current > latest) {
    throw new DatabaseError(
      'NEWER_SCHEMA',
      `${path} has ${schema.name} schema version ${current}, newer than this Smesher understands (${latest}); upgrade Smesher`,
      { path, version: current, supported: latest },
    );
  }
  for (const migration of schema.migrations.slice(current)) {
    try {
      db.transaction(() => {
        db.exec(migration.sql);
        db.pragma(`user_version = ${migration.version}`);
      })();
    } catch (err) {
      throw new DatabaseError(
        'MIGRATION_FAILED',
        `${schema.name} migration ${migration.version} (${migration.name}) failed: ${(err as Error).message}`,
        { path, version: migration.version },
      );
    }
  }
}

/** The schema text the migrations produce on an empty database, computed once per schema. */
const expectedSchemas = new Map<string, string>();

function checkDrift(db: Executor, path: string, schema: SchemaDefinition): void {
  let expected = expectedSchemas.get(schema.name);
  if (expected === undefined) {
    const fresh = new Database(':memory:');
    try {
      for (const migration of schema.migrations) fresh.exec(migration.sql);
      expected = schemaText(fresh);
    } finally {
      fresh.close();
    }
    expectedSchemas.set(schema.name, expected);
  }
  if (schemaText(db) !== expected) {
    throw new DatabaseError('SCHEMA_DRIFT', `${path} has a ${schema.name} schema that differs from version ${userVersion(db)}; refusing to use it`, {
      path,
    });
  }
}

/** Tables, indexes, views and triggers as SQLite stores them, whitespace-normalised and sorted. */
function schemaText(db: Executor): string {
  const rows = db
    .prepare("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY type, name")
    .all() as Array<{ type: string; name: string; sql: string }>;
  return rows.map((r) => `${r.type} ${r.name}: ${r.sql.replace(/\s+/g, ' ').trim()}`).join('\n');
}

function userVersion(db: Executor): number {
  return db.pragma('user_version', { simple: true }) as number;
}
