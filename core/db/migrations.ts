/**
 * Numbered SQL migrations (`NNNN_name.sql`) per database, loaded from core/db/migrations/<db>/ and checked for a
 * contiguous 1..n numbering, as go-spacemesh keeps them in `sql/statesql/schema/migrations` (docs/conventions.md §10).
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseError } from './errors.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

const MIGRATION_FILE_RE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

/**
 * The migrations in `dir`, ordered by version.
 * @throws {DatabaseError} BAD_MIGRATIONS on a gap, a duplicate or a stray file
 */
export function loadMigrations(dir: string): Migration[] {
  const migrations = readdirSync(dir)
    .map((file) => {
      const match = MIGRATION_FILE_RE.exec(file);
      if (match === null) throw new DatabaseError('BAD_MIGRATIONS', `unexpected file in ${dir}: ${file}`);
      return { version: Number(match[1]), name: match[2]!, sql: readFileSync(join(dir, file), 'utf8') };
    })
    .sort((a, b) => a.version - b.version);
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new DatabaseError('BAD_MIGRATIONS', `migrations in ${dir} must be numbered 1..n; found ${m.version} at ${i + 1}`);
  });
  return migrations;
}
